import { describe, expect, it } from "vitest";
import { entityCheckerFor } from "../../src/plugin-config/index.js";
import type { CheckEnvironment } from "../../src/plugin-config/context.js";
import { parseLua } from "../../src/lua/parse.js";
import { evaluateSchema } from "../../src/lua/evaluate.js";
import { validateField } from "../../src/schema/index.js";
import type { LuaTable } from "../../src/lua/values.js";

/*
 * Unit tests of the config check (src/plugin-config) on plugin entities given as JSON, as Kong's
 * insert path (kong/db/dao/init.lua check_insert → Schema:process_auto_fields, Schema:validate)
 * answers them. Each expectation names the Kong code that decides it.
 */

function schema(configFields: string, extra = ""): string {
  return `return { name = "p", fields = { { config = { type = "record", fields = { ${configFields} } ${extra} } } } }`;
}

async function check(schemaText: string, entity: unknown, environment: CheckEnvironment = "konnect") {
  const checker = await entityCheckerFor("p", schemaText, environment);
  return checker.check({ name: "p", ...(entity as object) });
}

const UUID = "5b9c4c4e-1d0b-4f6a-9d7e-3c1a2b3c4d5e";

describe("config values (kong/db/schema/init.lua Schema:validate_field)", () => {
  it("fills defaults before validating and reports a required field without a default (process_auto_fields, validate)", async () => {
    const text = schema(`{ limit = { type = "integer", default = 5, between = { 1, 10 } } }, { key = { type = "string", required = true } }`);
    const missing = await check(text, { config: {} });
    expect(missing.ok).toBe(false);
    expect(missing.fields).toEqual({ config: { key: "required field missing" } });
    expect((await check(text, { config: { key: "k" } })).ok).toBe(true);
    expect((await check(text, { config: { key: "k", limit: 11 } })).fields).toEqual({ config: { limit: "value should be between 1 and 10" } });
  });

  it("checks elements, then the array's own validators (validate_field: array elements first)", async () => {
    const text = schema(`{ tags = { type = "array", len_min = 2, elements = { type = "string", one_of = { "a", "b" } } } }`);
    expect((await check(text, { config: { tags: ["a", "z"] } })).fields).toEqual({ config: { tags: { "2": "expected one of: a, b" } } });
    expect((await check(text, { config: { tags: ["a"] } })).fields).toEqual({ config: { tags: "length must be at least 2" } });
    // {} and [] decode to the same empty Lua table (cjson): an empty array either way
    expect((await check(text, { config: { tags: {} } })).fields).toEqual({ config: { tags: "length must be at least 2" } });
    expect((await check(text, { config: { tags: { x: "a" } } })).fields).toEqual({ config: { tags: "expected an array" } });
  });

  it("runs a record's custom_validator after its fields pass, on the value with defaults (validate_field: record, then validators)", async () => {
    const text = schema(
      `{ a = { type = "boolean", default = false } }, { b = { type = "boolean", default = false } }`,
      `, custom_validator = function(c) if c.a or c.b then return true end return nil, "one of a, b must be true" end`,
    );
    expect((await check(text, { config: {} })).fields).toEqual({ config: "one of a, b must be true" });
    expect((await check(text, { config: { b: true } })).ok).toBe(true);
    // a field error stops before the record's validators
    expect((await check(text, { config: { a: "yes" } })).fields).toEqual({ config: { a: "expected a boolean" } });
  });

  it("gives custom_entity_check its field_sources as nested tables (run_entity_check's set_field)", async () => {
    const text = `return { name = "p", fields = { { config = { type = "record", fields = { { storage = { type = "string", default = "shm" } } } } } },
      entity_checks = { { custom_entity_check = { field_sources = { "config.storage" }, fn = function(e)
        if e.config.storage == "kong" then return nil, "storage kong is not allowed" end return true end } } } }`;
    expect((await check(text, { config: {} })).ok).toBe(true);
    expect((await check(text, { config: { storage: "kong" } })).fields).toEqual({ "@entity": ["storage kong is not allowed"] });
  });

  it("runs Kong's typedef validators, but accepts a vault reference where the field is referenceable first (validate_field: is_reference)", async () => {
    const text = `local typedefs = require "kong.db.schema.typedefs"
      ${schema(`{ endpoint = typedefs.url { referenceable = true } }, { host = typedefs.host }`)}`;
    expect((await check(text, { config: { endpoint: "example.com/x" } })).fields).toEqual({ config: { endpoint: "missing host in url" } });
    expect((await check(text, { config: { endpoint: "{vault://env/endpoint}" } })).ok).toBe(true);
    expect((await check(text, { config: { host: "{vault://env/host}" } })).fields).toEqual({ config: { host: "invalid value: {vault://env/host}" } });
  });

  it("leaves an entity check on a field kplug could not read as not checkable; a field the schema surely lacks is missing (Kong: all or none of these fields must be set)", async () => {
    const built = `local extra = { { mode = { type = "string", default = "a" } } }
      local config = { type = "record", fields = { { limit = { type = "integer" } } } }
      local i = 1
      while extra[i] do table.insert(config.fields, extra[i]) i = i + 1 end
      return { name = "p", fields = { { config = config } },
        entity_checks = { { mutually_required = { "config.mode", "config.limit" } } } }`;
    const unread = await check(built, { config: { limit: 1 } });
    expect(unread.ok).toBe(true);
    expect(unread.problems.map((p) => p.kind)).toContain("not-checkable");
    const lacking = schema(`{ limit = { type = "integer" } }`).replace(/ } } } }$/, " } } }, entity_checks = { { mutually_required = { \"config.mode\", \"config.limit\" } } } }");
    expect((await check(lacking, { config: { limit: 1 } })).fields).toEqual({ "@entity": ["all or none of these fields must be set: 'config.mode', 'config.limit'"] });
  });

  it("reports a default it cannot evaluate as not checkable, never as missing", async () => {
    const text = `local units = require("kong.plugins.p.units")
      return { name = "p", fields = { { config = { type = "record", fields = { { unit = { type = "string", required = true, default = units[1] } } } } } } }`;
    const result = await check(text, { config: {} });
    expect(result.ok).toBe(true);
    expect(result.problems.map((p) => p.kind)).toContain("not-checkable");
  });
});

describe("the plugin entity (kong/db/schema/entities/plugins.lua)", () => {
  const text = schema(`{ key = { type = "string", default = "k" } }`);

  it("wants a foreign key as { id = <uuid> } (Schema:validate_primary_key)", async () => {
    expect((await check(text, { route: { id: UUID } })).ok).toBe(true);
    expect((await check(text, { route: null })).ok).toBe(true);
    expect((await check(text, { service: "svc" })).fields).toEqual({ service: { id: "missing primary key" } });
    expect((await check(text, { consumer: {} })).fields).toEqual({ consumer: { id: "missing primary key" } });
    expect((await check(text, { route: { id: "not-a-uuid" } })).fields).toEqual({ route: { id: "expected a valid UUID" } });
  });

  it("has consumer_group in Konnect (Enterprise) and not on a Kong OSS node", async () => {
    expect((await check(text, { consumer_group: { id: UUID } }, "konnect")).ok).toBe(true);
    expect((await check(text, { consumer_group: { id: UUID } }, "kong-node")).fields).toEqual({ consumer_group: "unknown field" });
  });

  it("runs schema functions without the kong global or shared dicts in Konnect, with Kong's dicts on a node", async () => {
    const dict = schema(`{ shm = { type = "string", default = "kong", custom_validator = function(v) if ngx.shared[v] then return true end return nil, "no dict " .. v end } }`);
    expect((await check(dict, { config: {} }, "konnect")).fields).toEqual({ config: { shm: "no dict kong" } });
    expect((await check(dict, { config: {} }, "kong-node")).ok).toBe(true);
    expect((await check(dict, { config: { shm: "my_dict" } }, "kong-node")).fields).toEqual({ config: { shm: "no dict my_dict" } });
  });
});

describe("src/schema's shallow verdict (the config check walks children itself)", () => {
  it("checks the value's type and own validators, not its elements", () => {
    const value = evaluateSchema(parseLua(`return { type = "array", len_max = 1, elements = { type = "integer" } }`)).value as LuaTable;
    const array = (items: unknown[]) => evaluateSchema(parseLua(`return { ${items.map((i) => JSON.stringify(i)).join(", ")} }`)).value;
    expect(validateField(value, array(["x"]), { shallow: true })).toEqual({ outcome: "valid" });
    expect(validateField(value, array(["x"]))).toMatchObject({ outcome: "invalid" });
    expect(validateField(value, array([1, 2]), { shallow: true })).toEqual({ outcome: "invalid", error: "length must be at most 1" });
  });
});
