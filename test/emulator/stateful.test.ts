import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import { defaultSeed } from "../../src/emulator/index.js";
import { specValidator } from "../contract/spec-validator.js";
import { entityPath, schemaLua, checkExchangesAgainstSpecAfterAll, startTestEmulator, type TestEmulator } from "./harness.js";

checkExchangesAgainstSpecAfterAll();

const staging = "ac5e693c-78de-5b53-b830-1f8530f6214c";
const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";
const group = "5bf7a383-e8cd-579a-819c-33c0a3ee407f";

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.emulator.stop();
});

describe("default organization", () => {
  it("serves one control plane of each kind, with labels, and a group with members", async () => {
    const { json } = await t.call("GET", "/v2/control-planes?page[size]=100");
    const list = json as { data: Array<{ name: string; labels: Record<string, string>; config: { cluster_type: string; cloud_gateway: boolean } }>; meta: { page: { total: number } } };
    expect(list.meta.page.total).toBe(8);
    const kinds = Object.fromEntries(list.data.map((cp) => [cp.name, `${cp.config.cluster_type}${cp.config.cloud_gateway ? "+cloud" : ""}`]));
    expect(kinds).toMatchObject({
      "prod-us": "CLUSTER_TYPE_CONTROL_PLANE",
      "edge-dcg": "CLUSTER_TYPE_CONTROL_PLANE+cloud",
      "prod-group": "CLUSTER_TYPE_CONTROL_PLANE_GROUP",
      "kic-cluster": "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER",
      "serverless-dev": "CLUSTER_TYPE_SERVERLESS_V1",
    });
    const members = (await t.call("GET", `/v2/control-planes/${group}/group-memberships`)).json as { data: Array<{ name: string }> };
    expect(members.data.map((cp) => cp.name)).toEqual(["prod-us", "prod-eu"]);
  });

  it("is written out unchanged in fixtures/emulator/default-seed.json", async () => {
    const fixture: unknown = JSON.parse(await readFile(new URL("../../fixtures/emulator/default-seed.json", import.meta.url), "utf8"));
    expect(fixture).toEqual(JSON.parse(JSON.stringify(defaultSeed)));
  });
});

describe("plugin schemas", () => {
  const schemas = entityPath(prodUs, "plugin-schemas");

  it("derives the name from lua_schema on POST and serves it back", async () => {
    const lua = `local typedefs = require "kong.db.schema.typedefs"\nlocal schema = {\n  name = "via-local",\n  fields = { { protocols = typedefs.protocols_http } },\n}\nreturn schema\n`;
    const created = await t.call("POST", schemas, { body: { lua_schema: lua } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ item: { name: "via-local", lua_schema: lua } });
    const fetched = await t.call("GET", `${schemas}/via-local`);
    expect(fetched.json).toMatchObject({ item: { name: "via-local", lua_schema: lua } });
    expect(t.emulator.store.getPluginSchema(prodUs, "via-local")?.lua_schema).toBe(lua);
  });

  it("reports Lua syntax errors with the line, like the Lua loader", async () => {
    const response = await t.call("POST", schemas, { body: { lua_schema: "return {\n  name = 'x'\n  fields = {}\n}" } });
    expect(response.status).toBe(400);
    expect((response.json as { message: string }).message).toMatch(/^failed loading schema: \[string "schema\.lua"\]:3: /);
  });

  it("rejects a schema whose name is missing or not a string", async () => {
    for (const lua of ["return { fields = {} }", "return { name = 42 }", "return { name = unknown_global }", "return 1"]) {
      const response = await t.call("POST", schemas, { body: { lua_schema: lua } });
      expect(response.status, lua).toBe(400);
    }
    expect(t.emulator.store.listPluginSchemas(prodUs)).toHaveLength(0);
  });

  it("derives the name as Konnect does by running the schema: a local constant, a concatenation", async () => {
    for (const lua of ["local PLUGIN_NAME = 'body-guard'\nreturn { name = PLUGIN_NAME, fields = {} }", "return { name = 'rate-' .. 'tag', fields = {} }"]) {
      const response = await t.call("POST", schemas, { body: { lua_schema: lua } });
      expect(response.status, lua).toBe(201);
    }
    expect(t.emulator.store.listPluginSchemas(prodUs).map((schema) => schema.name).sort()).toEqual(["body-guard", "rate-tag"]);
  });

  it("answers a duplicate POST with 409 and leaves the first schema alone", async () => {
    await t.call("POST", schemas, { body: { lua_schema: schemaLua("dup") } });
    const again = await t.call("POST", schemas, { body: { lua_schema: schemaLua("dup", "{ a = { type = 'string' } }") } });
    expect(again.status).toBe(409);
    expect(t.emulator.store.getPluginSchema(prodUs, "dup")?.lua_schema).toBe(schemaLua("dup"));
  });

  it("PUT creates, then replaces, keeping created_at and moving updated_at", async () => {
    let clock = 1_700_000_000_000;
    await t.emulator.stop();
    t = await startTestEmulator({ now: () => clock });
    const first = await t.call("PUT", `${schemas}/upsert`, { body: { lua_schema: schemaLua("upsert") } });
    expect(first.status).toBe(200);
    clock += 60_000;
    const second = await t.call("PUT", `${schemas}/upsert`, { body: { lua_schema: schemaLua("upsert", "{ b = { type = 'number' } }") } });
    expect(second.json).toMatchObject({ item: { created_at: 1_700_000_000, updated_at: 1_700_000_060 } });
    expect(t.emulator.store.listPluginSchemas(prodUs)).toHaveLength(1);
  });

  it("refuses to delete a schema while plugin instances use it, then deletes it once they are gone", async () => {
    const path = entityPath(staging, "plugin-schemas", "/legacy-auth");
    const refused = await t.call("DELETE", path);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 9, message: expect.stringContaining("in use by 1 plugin instance") });
    const instances = (await t.call("GET", entityPath(staging, "plugins", "?filter[name][eq]=legacy-auth"))).json as { data: Array<{ id: string }> };
    expect(instances.data).toHaveLength(1);
    expect((await t.call("DELETE", entityPath(staging, "plugins", `/${instances.data[0]!.id}`))).status).toBe(204);
    expect((await t.call("DELETE", path)).status).toBe(204);
    expect((await t.call("GET", path)).status).toBe(404);
  });

  it("keeps each control plane's schemas separate", async () => {
    await t.call("POST", schemas, { body: { lua_schema: schemaLua("only-prod") } });
    expect((await t.call("GET", entityPath(staging, "plugin-schemas", "/only-prod"))).status).toBe(404);
  });

  it("treats a control plane group as read-only", async () => {
    const response = await t.call("POST", entityPath(group, "plugin-schemas"), { body: { lua_schema: schemaLua("x") } });
    expect(response.status).toBe(400);
    expect((response.json as { message: string }).message).toMatch(/member control plane/);
  });
});

describe("custom plugins and plugin instances", () => {
  const dcg = "1da63f07-66fb-5aea-b894-bdfc43036df5";
  const custom = entityPath(dcg, "custom-plugins");
  const body = (name: string, handler = "return { PRIORITY = 1, VERSION = '1.0.0' }") => ({ name, schema: schemaLua(name), handler, tags: ["kplug"] });

  it("creates, reads by id and name, upserts and deletes", async () => {
    const created = await t.call("POST", custom, { body: body("stamp") });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect((await t.call("GET", `${custom}/${id}`)).json).toMatchObject({ name: "stamp", tags: ["kplug"] });
    expect((await t.call("GET", `${custom}/stamp`)).json).toMatchObject({ id });
    const updated = await t.call("PUT", `${custom}/stamp`, { body: body("stamp", "return { PRIORITY = 2, VERSION = '2.0.0' }") });
    expect(updated.json).toMatchObject({ id, handler: expect.stringContaining("2.0.0") });
    expect((await t.call("POST", custom, { body: body("stamp") })).status).toBe(409);
    expect((await t.call("DELETE", `${custom}/${id}`)).status).toBe(204);
    expect((await t.call("GET", `${custom}/stamp`)).status).toBe(404);
  });

  it("rejects bodies the spec does not allow", async () => {
    expect((await t.call("POST", custom, { body: { name: "x", schema: "s" } })).status).toBe(400);
    expect((await t.call("POST", custom, { body: { ...body("x"), extra: 1 } })).status).toBe(400);
    expect((await t.call("POST", custom, { rawBody: "{not json" })).status).toBe(400);
    expect((await t.call("PUT", `${custom}/x`, { body: body("y") })).status).toBe(400);
  });

  it("gives created entities ids that repeat for the same randomSeed", async () => {
    const first = (await t.call("POST", custom, { body: body("a") })).json as { id: string };
    await t.emulator.stop();
    t = await startTestEmulator();
    const second = (await t.call("POST", custom, { body: body("a") })).json as { id: string };
    expect(second.id).toBe(first.id);
    await t.emulator.stop();
    t = await startTestEmulator({ randomSeed: 2 });
    const third = (await t.call("POST", custom, { body: body("a") })).json as { id: string };
    expect(third.id).not.toBe(first.id);
  });

  it("finds plugin instances by name among others, and state helpers add them directly", async () => {
    await t.emulator.addPluginInstance("prod-us", { name: "target" });
    await t.emulator.addPluginInstance("prod-us", { name: "other" });
    await t.call("POST", entityPath(prodUs, "plugins"), { body: { name: "target", enabled: false } });
    const found = (await t.call("GET", entityPath(prodUs, "plugins", "?filter[name][eq]=target"))).json as { data: Array<{ name: string; enabled: boolean }> };
    expect(found.data.map((p) => [p.name, p.enabled])).toEqual([
      ["target", true],
      ["target", false],
    ]);
    const contains = (await t.call("GET", entityPath(prodUs, "plugins", "?filter[name][contains]=ther"))).json as { data: unknown[] };
    expect(contains.data).toHaveLength(1);
  });
});

describe("routing", () => {
  it("answers unknown paths with 404, wrong methods with 405, and unknown control planes with 404", async () => {
    expect((await t.call("GET", "/v2/nope")).status).toBe(404);
    expect((await t.call("PATCH", `/v2/control-planes/${prodUs}/core-entities/plugin-schemas`)).status).toBe(405);
    expect((await t.call("GET", entityPath("00000000-0000-4000-8000-000000000000", "plugin-schemas"))).status).toBe(404);
  });

  it("answers a body over the limit with 413", async () => {
    await t.emulator.stop();
    t = await startTestEmulator({ maxBodyBytes: 1000 });
    const response = await t.call("POST", entityPath(prodUs, "plugin-schemas"), { body: { lua_schema: schemaLua("big", "-- " + "x".repeat(2000)) } });
    expect(response.status).toBe(413);
  });

  it("sends only spec-conformant responses for the documented statuses of this file's calls", async () => {
    await t.call("GET", "/v2/control-planes?labels=env:prod");
    await t.call("GET", entityPath(staging, "plugin-schemas"));
    await t.call("GET", entityPath(staging, "plugins"));
    const validator = specValidator();
    const problems = t.exchanges.flatMap((exchange) => validator.validate(exchange));
    expect(problems).toEqual([]);
  });
});
