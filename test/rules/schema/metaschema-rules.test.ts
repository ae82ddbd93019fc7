import { describe, expect, it } from "vitest";
import type { Rule } from "../../../src/rules/types.js";
import { schemaAttributeForTypeRule } from "../../../src/rules/schema-attribute-for-type.js";
import { schemaAttributeValueRule } from "../../../src/rules/schema-attribute-value.js";
import { schemaDefaultValueRule } from "../../../src/rules/schema-default-value.js";
import { schemaDescriptionLengthRule } from "../../../src/rules/schema-description-length.js";
import { schemaEntityChecksRule } from "../../../src/rules/schema-entity-checks.js";
import { schemaFieldDefinitionRule } from "../../../src/rules/schema-field-definition.js";
import { schemaPluginFieldsRule } from "../../../src/rules/schema-plugin-fields.js";
import { schemaReturnValueRule } from "../../../src/rules/schema-return-value.js";
import { schemaShorthandFieldsRule } from "../../../src/rules/schema-shorthand-fields.js";
import { schemaTopLevelKeysRule } from "../../../src/rules/schema-top-level-keys.js";
import { schemaTransformationsRule } from "../../../src/rules/schema-transformations.js";
import { schemaUnknownAttributeRule } from "../../../src/rules/schema-unknown-attribute.js";
import { schemaUnknownTypedefRule } from "../../../src/rules/schema-unknown-typedef.js";
import { pluginFromFixture, pluginFromSchema, runRules } from "../../helpers/plugin.js";

const fixture = (name: string) => pluginFromFixture(`rules/schema/${name}`);
const messages = (rule: Rule, name: string) => runRules(rule, fixture(name)).map((f) => `${f.line}:${f.column} ${f.message}`);
/** a plugin whose config record has these fields (Lua source) */
const withConfig = (fields: string, extra = "") =>
  pluginFromSchema(`return { name = "my-plugin", fields = { { config = { type = "record", fields = { ${fields} } ${extra} } } } }`);

describe("schema/return-value", () => {
  it("reports a chunk that returns nothing or a non-table", () => {
    expect(messages(schemaReturnValueRule, "returns-nothing")).toEqual(["7:1 schema.lua returns nothing: invalid plugin schema: cannot be empty"]);
    expect(runRules(schemaReturnValueRule, pluginFromSchema(`return "my-plugin"`)).map((f) => f.message)).toEqual(["schema.lua returns a string, expected a table"]);
  });

  it("accepts a returned table and skips a value it cannot know", () => {
    expect(runRules(schemaReturnValueRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaReturnValueRule, pluginFromSchema(`return build_schema()`))).toEqual([]);
  });
});

describe("schema/top-level-keys", () => {
  it("reports unknown keys with a suggestion, and missing name/fields in Kong's words", () => {
    expect(messages(schemaTopLevelKeysRule, "top-level-keys")).toEqual(["3:3 primary_key: unknown field", "4:3 entity_check: unknown field"]);
    expect(runRules(schemaTopLevelKeysRule, fixture("top-level-keys"))[1]?.hint).toBe("did you mean entity_checks?");
    expect(messages(schemaTopLevelKeysRule, "empty-table")).toEqual(["1:8 name: field required for entity check", "1:8 fields: field required for entity check"]);
    const wrongTypes = runRules(schemaTopLevelKeysRule, pluginFromSchema(`return { name = 1, fields = "x", check = true }`));
    expect(wrongTypes.map((f) => f.message)).toEqual(["name: expected a string", "fields: expected an array", "check: expected a function"]);
  });

  it("accepts every allowed key", () => {
    const plugin = pluginFromSchema(`return { name = "my-plugin", fields = {}, entity_checks = {}, shorthand_fields = {}, transformations = {}, check = function() end }`);
    expect(runRules(schemaTopLevelKeysRule, plugin)).toEqual([]);
    expect(runRules(schemaTopLevelKeysRule, pluginFromSchema(`local t = get() t.name = "x" return t`))).toEqual([]);
  });
});

describe("schema/unknown-typedef", () => {
  it("reports typedefs Kong does not define, with the closest one", () => {
    const findings = runRules(schemaUnknownTypedefRule, fixture("unknown-typedef"));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message} (${f.hint})`)).toEqual([
      "6:18 schema typedef error: definition no_consumers does not exist (did you mean typedefs.no_consumer?)",
      "10:22 schema typedef error: definition header does not exist (did you mean typedefs.headers?)",
    ]);
  });

  it("accepts Kong's and Kong Enterprise's typedefs", () => {
    expect(runRules(schemaUnknownTypedefRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
  });
});

describe("schema/plugin-fields", () => {
  it("reports new top-level fields and changed types in Kong's words", () => {
    expect(messages(schemaPluginFieldsRule, "plugin-fields")).toEqual([
      "4:7 error in definition of 'plugin-fields': timeout: cannot create a new field",
      "5:7 error in definition of 'plugin-fields': protocols: cannot change type in a specialized field",
      "6:7 error in definition of 'plugin-fields': config: cannot change type in a specialized field",
    ]);
  });

  it("warns about a missing config field", () => {
    expect(messages(schemaPluginFieldsRule, "no-config")).toEqual([
      "3:3 no config field: the schema loads, but every plugin instance that sets config fails with 'config: error in schema definition: abstract field was not specialized'",
    ]);
  });

  it("accepts the plugins entity's fields, json config, and a config it cannot evaluate", () => {
    expect(runRules(schemaPluginFieldsRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaPluginFieldsRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
    const json = pluginFromSchema(`return { name = "p", fields = { { config = { type = "json", json_schema = { inline = {} } } } } }`, { name: "p" });
    expect(runRules(schemaPluginFieldsRule, json)).toEqual([]);
    expect(runRules(schemaPluginFieldsRule, pluginFromSchema(`return { name = "p", fields = { { config = make_config() } } }`))).toEqual([]);
  });
});

describe("schema/field-definition", () => {
  it("reports missing or invalid types, missing companions and malformed fields entries", () => {
    expect(messages(schemaFieldDefinitionRule, "field-definition")).toEqual([
      "12:42 config.fields.6: length must be 1 (put each field in its own { second = { … } } entry)",
      "13:13 config.not_a_table: 'not_a_table' must be a table",
      "7:13 config.no_type: missing type declaration",
      "8:33 config.bad_type: type: expected one of: array, set, string, number, boolean, integer, foreign, map, record, function, json",
      "9:13 config.list: field of type 'array' must declare 'elements'",
      "10:13 config.lookup: field of type 'map' must declare 'values'",
      "11:13 config.nested: field of type 'record' must declare 'fields'",
    ]);
  });

  it("checks elements, keys and values recursively", () => {
    const findings = runRules(schemaFieldDefinitionRule, withConfig(`{ a = { type = "array", elements = { type = "set" } } }, { m = { type = "map", keys = "string", values = { type = "string" } } }`));
    expect(findings.map((f) => f.message)).toEqual(["config.m: 'keys' must be a table", "config.a.elements: field of type 'set' must declare 'elements'"]);
  });

  it("accepts complete definitions, abstract records and typedefs", () => {
    expect(runRules(schemaFieldDefinitionRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaFieldDefinitionRule, withConfig(`{ base = { type = "record", abstract = true } }`))).toEqual([]);
    expect(runRules(schemaFieldDefinitionRule, withConfig(`{ base = { type = "record", abstract = false } }`)).map((f) => f.message)).toEqual([
      "config.base: field of type 'record' must declare 'fields'",
    ]);
    expect(runRules(schemaFieldDefinitionRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
  });
});

describe("schema/unknown-attribute", () => {
  it("reports unknown attributes at their key, with a fix", () => {
    const findings = runRules(schemaUnknownAttributeRule, fixture("unknown-attribute"));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "7:36 config.a: nilable: unknown field",
      "8:36 config.b: legacy: unknown field",
      "9:36 config.c: requird: unknown field",
    ]);
    expect(findings[2]?.hint).toBe("did you mean required?");
    expect(findings[1]?.hint).toMatch(/removed in Kong 3\.0/);
  });

  it("reports unknown attributes in typedef overrides, and func outside shorthand fields", () => {
    const plugin = pluginFromSchema(`local typedefs = require "kong.db.schema.typedefs"
return { name = "my-plugin", fields = { { config = { type = "record", fields = { { p = typedefs.port { defualt = 80 } }, { f = { type = "string", func = tostring } } } } } } }`);
    expect(runRules(schemaUnknownAttributeRule, plugin).map((f) => `${f.message} / ${f.hint}`)).toEqual([
      "config.p: defualt: unknown field / did you mean default?",
      "config.f: func: unknown field / func belongs to shorthand_fields; in a field use custom_validator",
    ]);
  });

  it("rejects Kong Enterprise DAO attributes, which the plugin metaschema does not have (Kong: unknown field)", () => {
    const findings = runRules(schemaUnknownAttributeRule, withConfig(`{ k = { type = "string", indexed = true, prefix_ws = false } }`));
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      "error config.k: indexed: unknown field",
      "error config.k: prefix_ws: unknown field",
    ]);
  });

  it("accepts every metaschema attribute", () => {
    expect(runRules(schemaUnknownAttributeRule, fixture("valid-inline"))).toEqual([]);
    const all = withConfig(`{ s = { type = "string", required = false, description = "A described field.", examples = { "a" }, referenceable = true,
      encrypted = true, immutable = false, err = "bad", deprecation = { message = "old", removal_in_version = "4.0" }, match = "^a",
      not_match = "b", starts_with = "a", len_min = 1, len_max = 4, not_one_of = { "ab" }, is_regex = false, uuid = false, transient = true } }`);
    expect(runRules(schemaUnknownAttributeRule, all)).toEqual([]);
  });
});

describe("schema/attribute-for-type", () => {
  it("reports validators on types that do not allow them", () => {
    expect(messages(schemaAttributeForTypeRule, "attribute-for-type")).toEqual([
      "7:39 config.name: field of type 'string' cannot have attribute 'between'",
      "8:73 config.methods: field of type 'array' cannot have attribute 'one_of'",
      "9:43 config.enabled: field of type 'boolean' cannot have attribute 'match'",
    ]);
  });

  it("accepts validators on their types", () => {
    expect(runRules(schemaAttributeForTypeRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaAttributeForTypeRule, withConfig(`{ n = { type = "number", between = { 1, 2 }, one_of = { 1, 2 } } }, { l = { type = "set", elements = { type = "string" }, contains = "a", len_eq = 1 } }`))).toEqual([]);
  });
});

describe("schema/attribute-value", () => {
  it("reports attribute values of the wrong type, between without two numbers", () => {
    expect(messages(schemaAttributeValueRule, "attribute-value")).toEqual([
      "7:50 config.size: between: length must be 2",
      "8:50 config.ratio: between: [1]: expected a number",
      "9:50 config.mode: required: expected a boolean",
      "10:58 config.host: custom_validator: expected a function",
      "11:49 config.level: one_of: expected an array",
      "12:48 config.min: len_min: expected an integer",
    ]);
  });

  it("checks structured attributes and unique_across_ws", () => {
    const findings = runRules(schemaAttributeValueRule, withConfig(`{ s = { type = "string", match_any = { err = "x" }, match_all = { { err = "y" } }, deprecation = { message = "m" } } }, { u = { type = "string", unique_across_ws = true } }`));
    expect(findings.map((f) => f.message)).toEqual([
      "config.s: match_any: patterns: required field missing",
      "config.s: match_all: [1]: pattern: required field missing",
      "config.s: deprecation: removal_in_version: required field missing",
      "config.u: unique: required field missing",
    ]);
  });

  it("sees a false override of a typedef attribute (typedefs.name { unique = false })", () => {
    const plugin = pluginFromSchema(`local typedefs = require "kong.db.schema.typedefs"
      return { name = "my-plugin", fields = { { config = { type = "record", fields = { { n = typedefs.name { unique = false, unique_across_ws = true } } } } } } }`);
    expect(runRules(schemaAttributeValueRule, plugin).map((f) => f.message)).toEqual(["config.n: unique: required field missing"]);
  });

  it("accepts well-typed values and skips unknown ones", () => {
    expect(runRules(schemaAttributeValueRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaAttributeValueRule, withConfig(`{ n = { type = "integer", between = { tonumber(os.getenv("KONG_MIN")), tonumber(os.getenv("KONG_MAX")) }, required = is_required() } }`))).toEqual([]);
  });
});

describe("schema/default-value", () => {
  it("reports defaults the field rejects, in Kong's words, and not one_of lists of mixed types (Kong: ok without a default)", () => {
    expect(messages(schemaDefaultValueRule, "default-value")).toEqual([
      "7:49 config.mode: default: expected one of: strict, lenient",
      "8:53 config.retries: default: expected an integer",
      "9:51 config.prefix: default: length must be at least 1",
      "10:50 config.port: default: value should be between 0 and 65535",
      "12:111 config.methods: default: [2]: expected one of: GET, POST",
      "13:53 config.enabled: default: expected a boolean",
    ]);
  });

  it("checks defaults against typedef validators too", () => {
    const plugin = pluginFromSchema(`local typedefs = require "kong.db.schema.typedefs"
return { name = "my-plugin", fields = { { protocols = typedefs.protocols_http { default = { "http", "tcp" } } }, { config = { type = "record", fields = { { port = typedefs.port { default = -1 } } } } } } }`);
    expect(runRules(schemaDefaultValueRule, plugin).map((f) => f.message)).toEqual([
      "protocols: default: [2]: expected one of: grpc, grpcs, http, https",
      "config.port: default: value should be between 0 and 65535",
    ]);
  });

  it("accepts a vault reference as the default of a referenceable string, and only there", () => {
    const plugin = withConfig(`{ token = { type = "string", referenceable = true, starts_with = "tok_", default = "{vault://env/my-token}" } },
      { plain = { type = "string", starts_with = "tok_", default = "{vault://env/my-token}" } }`);
    expect(runRules(schemaDefaultValueRule, plugin).map((f) => f.message)).toEqual(["config.plain: default: should start with: tok_"]);
  });

  it("still knows a one_of list that a validator only reads (ipairs), but not one a validator changes", () => {
    const reads = pluginFromSchema(`local MODES = { "a", "b" }
local function valid(v) for _, m in ipairs(MODES) do if m == v then return true end end return false end
return { name = "my-plugin", fields = { { config = { type = "record", fields = { { m = { type = "string", one_of = MODES, default = "c", custom_validator = valid } } } } } } }`);
    expect(runRules(schemaDefaultValueRule, reads).map((f) => f.message)).toEqual(["config.m: default: expected one of: a, b"]);
    const changes = pluginFromSchema(`local MODES = { "a", "b" }
local function add(v) table.insert(MODES, v) return true end
return { name = "my-plugin", fields = { { config = { type = "record", fields = { { m = { type = "string", one_of = MODES, default = "c", custom_validator = add } } } } } } }`);
    expect(runRules(schemaDefaultValueRule, changes)).toEqual([]);
  });

  it("accepts valid defaults and skips what it cannot know", () => {
    expect(runRules(schemaDefaultValueRule, fixture("valid-inline"))).toEqual([]);
    expect(runRules(schemaDefaultValueRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
    expect(runRules(schemaDefaultValueRule, withConfig(`{ m = { type = "string", default = "x", one_of = get_modes() } }, { e = { type = "string", default = "", len_min = 0 } }`))).toEqual([]);
  });
});

describe("schema/description-length", () => {
  it("reports descriptions shorter than 10 or longer than 500 bytes", () => {
    expect(messages(schemaDescriptionLengthRule, "description-length")).toEqual([
      "7:50 config.a: description: length must be at least 10",
      "8:50 config.b: description: length must be at most 500",
    ]);
  });

  it("accepts 10 to 500 bytes", () => {
    const plugin = withConfig(`{ a = { type = "string", description = "1234567890" } }, { b = { type = "string", description = "${"x".repeat(500)}" } }`);
    expect(runRules(schemaDescriptionLengthRule, plugin)).toEqual([]);
  });
});

describe("schema/entity-checks", () => {
  it("reports entries without exactly one known checker, unknown attributes and arguments of the wrong type", () => {
    expect(messages(schemaEntityChecksRule, "entity-checks")).toEqual([
      expect.stringMatching(/^11:45 config\.entity_checks\.1: @entity: exactly one of these fields must be non-empty: 'at_least_one_of', /),
      "12:13 config.entity_checks.2: at_least_one: unknown field",
      expect.stringMatching(/^12:11 config\.entity_checks\.2: @entity: exactly one of these fields/),
      "13:103 config.entity_checks.3.conditional.then_match.requird: unknown field",
      "14:67 config.entity_checks.4.custom_entity_check.fn: expected a function",
    ]);
  });

  it("checks field lists, flags and validator arguments by type (Kong: field_sources = \"a\" is 'expected an array')", () => {
    const plugin = withConfig(`{ a = { type = "string" } }`, `, entity_checks = {
      { custom_entity_check = { field_sources = "a", fn = function() return true end, run_with_missing_fields = 1 } },
      { conditional = { if_field = "a", if_match = { len_min = "x" }, then_field = "a", then_match = { required = true } } },
      { at_least_one_of = { 1 } } }`);
    expect(runRules(schemaEntityChecksRule, plugin).map((f) => f.message)).toEqual([
      "config.entity_checks.1.custom_entity_check.field_sources: expected an array",
      "config.entity_checks.1.custom_entity_check.run_with_missing_fields: expected a boolean",
      "config.entity_checks.2.conditional.if_match.len_min: expected an integer",
      "config.entity_checks.3.at_least_one_of: [1]: expected a string",
    ]);
  });

  it("accepts checks over existing (also nested and foreign) fields", () => {
    expect(runRules(schemaEntityChecksRule, fixture("valid-inline"))).toEqual([]);
    const plugin = pluginFromSchema(`return { name = "my-plugin", fields = { { consumer = { type = "foreign", reference = "consumers" } }, { config = { type = "record", fields = {
      { r = { type = "record", fields = { { x = { type = "string" } } } } } } } } },
      entity_checks = { { at_least_one_of = { "config.r.x", "consumer.id" } }, { distinct = { "config.r" } } } }`);
    expect(runRules(schemaEntityChecksRule, plugin)).toEqual([]);
  });

  it("lets top-level checks name fields of Kong's plugins entity the schema does not redeclare", () => {
    const plugin = pluginFromSchema(`return { name = "my-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } },
      entity_checks = {
        { conditional = { if_field = "protocols", if_match = { contains = "grpc" }, then_field = "config.a", then_match = { required = true } } },
        { mutually_exclusive = { "consumer", "route" } },
        { custom_entity_check = { field_sources = { "config.a", "enabled", "service.id" }, fn = function() return true end } },
      } }`);
    expect(runRules(schemaEntityChecksRule, plugin)).toEqual([]);
  });

  it("accepts checks over fields that do not exist, as Kong does when the schema loads (Kong: ok)", () => {
    const plugin = pluginFromSchema(`return { name = "my-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } },
      entity_checks = { { at_least_one_of = { "protocol", "config.b", "enabled.x" } }, { mutually_required = { "config.a", "config.missing" } } } }`);
    expect(runRules(schemaEntityChecksRule, plugin)).toEqual([]);
    const nested = withConfig(`{ a = { type = "string" } }`, `, entity_checks = { { at_least_one_of = { "a", "protocols" } } }`);
    expect(runRules(schemaEntityChecksRule, nested)).toEqual([]);
  });
});

describe("schema/shorthand-fields", () => {
  it("reports record shorthand fields and a missing func", () => {
    expect(messages(schemaShorthandFieldsRule, "shorthand-fields")).toEqual([
      "10:30 config.old_a: type: expected one of: array, set, string, number, boolean, integer, map, json",
      "11:13 config.older_a: func: required field missing",
    ]);
  });

  it("accepts a typed shorthand field with a func", () => {
    expect(runRules(schemaShorthandFieldsRule, fixture("valid-inline"))).toEqual([]);
  });
});

describe("schema/transformations", () => {
  it("reports unknown input/needs fields, unknown attributes and transformations without a function", () => {
    expect(messages(schemaTransformationsRule, "transformations")).toEqual([
      "13:48 transformations.1.needs: invalid field name: config.pasword",
      "14:5 transformations.2: at least one of these fields must be non-empty: 'on_write', 'on_read'",
      "15:38 transformations.3.on_reed: unknown field",
      "15:5 transformations.3: at least one of these fields must be non-empty: 'on_write', 'on_read'",
    ]);
  });

  it("accepts transformations over existing fields", () => {
    const plugin = pluginFromSchema(`return { name = "my-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } },
      transformations = { { input = { "config.a" }, on_read = function(a) return { config = { a = a } } end } } }`);
    expect(runRules(schemaTransformationsRule, plugin)).toEqual([]);
  });
});
