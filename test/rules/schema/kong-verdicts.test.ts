import { describe, expect, it } from "vitest";
import { schemaContentRules } from "../../../src/rules/schema-content-rules.js";
import { pluginFromFixture, runRules } from "../../helpers/plugin.js";

// Each fixture under fixtures/rules/schema/kong-verdicts/ was run through real Kong's schema library
// (the kong-oracle of the shared tools); its verdict is in the test name. kplug must agree.
const findings = (name: string) => runRules(schemaContentRules, pluginFromFixture(`rules/schema/kong-verdicts/${name}`));
const schemaErrors = (name: string) => findings(name).filter((f) => f.ruleId.startsWith("schema/") && f.severity === "error").map((f) => `${f.ruleId}: ${f.message}`);

describe("schema rules agree with Kong's load verdict", () => {
  it("Kong rejects: len_min on a boolean default raises inside Kong (error in schema prevents from validating this field)", () => {
    expect(schemaErrors("raises-len-min-on-boolean")).toEqual(["schema/default-value: config.verbose: default: error in schema prevents from validating this field"]);
  });

  it("Kong rejects: default = ngx.null on a required field", () => {
    expect(schemaErrors("rejects-null-required")).toEqual(["schema/default-value: config.mode: default: required field missing"]);
  });

  it("Kong rejects: eq = ngx.null with a default", () => {
    expect(schemaErrors("rejects-eq-null")).toEqual(["schema/default-value: config.consumer_tag: default: value must be null"]);
  });

  it("Kong rejects: an abstract field with a default", () => {
    expect(schemaErrors("rejects-abstract-default")).toEqual(["schema/default-value: config.mode: default: error in schema definition: abstract field was not specialized"]);
  });

  it("Kong rejects: a function field whose default is not a function", () => {
    expect(schemaErrors("rejects-function-default")).toEqual(["schema/default-value: config.hook: default: expected a function"]);
  });

  it("Kong rejects: deprecation.replaced_with with an empty path", () => {
    expect(schemaErrors("rejects-replaced-with-path")).toEqual(["schema/attribute-value: config.old: deprecation: replaced_with: [1]: path: length must be at least 1"]);
  });

  it("Kong rejects: a repeated key keeps its last value (default = 5, default = \"five\")", () => {
    expect(schemaErrors("rejects-duplicate-key")).toEqual(["schema/default-value: config.limit: default: expected an integer"]);
  });

  it("Kong rejects: a custom_validator that refuses the default", () => {
    expect(schemaErrors("rejects-custom-validator-default")).toEqual(["schema/default-value: config.name: default: not x"]);
  });

  it("Kong rejects: os.getenv of the author's own variable is nil on Konnect, so the else branch's default counts", () => {
    expect(schemaErrors("rejects-unset-environment-branch")).toEqual(["schema/default-value: config.limit: default: expected an integer"]);
  });

  it("Kong rejects: print as a custom_validator returns nothing and refuses the default (type returns a string and accepts it)", () => {
    expect(schemaErrors("rejects-builtin-validator-default")).toEqual(["schema/default-value: config.mode: default: failed validating: fast"]);
  });

  it("Kong accepts: the kong global is nil on Konnect, so `kong and …` takes its fallback", () => {
    expect(schemaErrors("accepts-kong-global-guard")).toEqual([]);
    expect(findings("accepts-kong-global-guard").filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("Kong rejects: a default read from kong.constants (PROTOCOLS[1] is \"grpc\") on an integer field; its one_of and header values are known too", () => {
    expect(schemaErrors("rejects-kong-constants-default")).toEqual(["schema/default-value: config.port: default: expected an integer"]);
  });

  it("Kong rejects: a field added to a copy of kong.llm's config_schema (the AI plugins' record) with a default of the wrong type", () => {
    expect(schemaErrors("rejects-llm-config-addition")).toEqual(["schema/default-value: config.streaming: default: expected a string"]);
  });

  it("Kong rejects: a default for kong.llm.schemas' record whose model.provider is not one it knows", () => {
    expect(schemaErrors("rejects-llm-record-default")).toEqual([
      "schema/default-value: config.fallback: default: model.provider: expected one of: openai, azure, anthropic, cohere, mistral, llama2, gemini, bedrock, huggingface",
    ]);
  });

  it("Kong accepts: a default for kong.llm.schemas' record with a provider it knows (its entity checks pass)", () => {
    expect(schemaErrors("accepts-llm-record-default")).toEqual([]);
  });

  it("Kong rejects: defaults refused by the patterns and validators of utf8_name, tags, semantic_version, hosts, headers, sources and router_paths", () => {
    expect(schemaErrors("rejects-typedef-pattern-defaults")).toEqual([
      "schema/default-value: config.display: default: invalid value 'two words': the only accepted ascii characters are alphanumerics or ., -, _, and ~",
      "schema/default-value: config.labels: default: [2]: invalid tag 'a/b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences",
      "schema/default-value: config.min_version: default: must not have empty version segments",
      "schema/default-value: config.allowed_hosts: default: [1]: invalid wildcard: must be placed at leftmost or rightmost label",
      "schema/default-value: config.extra_headers: default: bad header name 'X Bad', allowed characters are A-Z, a-z, 0-9, '_', and '-'",
      "schema/default-value: config.clients: default: [1].ip: invalid ip or cidr range: '10.0.0.0/33'",
      "schema/default-value: config.prefixes: default: [1]: should start with: / (fixed path) or ~/ (regex path)",
    ]);
  });

  it("Kong accepts: defaults those typedefs accept, non-ASCII names and tags included", () => {
    expect(schemaErrors("accepts-typedef-pattern-defaults")).toEqual([]);
  });

  it("Kong rejects: pcall around a kong.configuration read fails on Konnect, so the helper answers false and the else branch's one_of refuses the default", () => {
    expect(schemaErrors("rejects-pcall-kong-fallback")).toEqual(["schema/default-value: config.storage: default: expected one of: redis, postgres"]);
  });

  it("Kong rejects: defaults chosen by helpers with guard clauses (if … then return … end), the branch taken decides; a guard on an unknown value is not judged", () => {
    expect(schemaErrors("rejects-guarded-helper-defaults")).toEqual([
      "schema/default-value: config.n: default: expected a number",
      "schema/default-value: config.s: default: expected a string",
      "schema/default-value: config.b: default: expected a boolean",
    ]);
  });

  it("Kong rejects: defaults refused by custom validators with real bodies (guards, upvalues, string functions, one-line computed returns), with their messages; accepts the defaults they pass", () => {
    expect(schemaErrors("rejects-custom-validator-bodies")).toEqual([
      "schema/default-value: config.path: default: must start with /",
      "schema/default-value: config.port: default: bad port 70000",
      "schema/default-value: config.answer: default: failed validating: no",
      "schema/default-value: config.rooted: default: failed validating: x",
      "schema/default-value: config.small: default: too small",
    ]);
  });

  it("Kong accepts: hexadecimal fractions without integer digits (0x.8, 0x.8p2) in defaults and validator arguments", () => {
    expect(findings("accepts-hex-fraction").filter((f) => f.severity === "error")).toEqual([]);
  });

  it("Kong rejects: kong.tools.http's validate_header_name and validate_cookie_name as custom_validator refuse a bad header name and an empty token", () => {
    expect(schemaErrors("rejects-kong-http-validator-default")).toEqual([
      "schema/default-value: config.echo_header: default: bad header name 'X Echo', allowed characters are A-Z, a-z, 0-9, '_', and '-'",
      "schema/default-value: config.cookie: default: no token provided",
    ]);
  });

  it("Kong rejects: tonumber and next as custom_validator return nil for \"ten\" and {} (tonumber(\"10\"), unpack({ \"a\" }) and tostring accept)", () => {
    expect(schemaErrors("rejects-library-validator-results")).toEqual([
      "schema/default-value: config.retries: default: failed validating: ten",
      "schema/default-value: config.names: default: failed validating: table: 0x…",
    ]);
  });

  it("Kong accepts: globals set through _G.X, rawset(_G, …) and _G[\"X\"] in a helper exist when read (not unset globals)", () => {
    expect(findings("accepts-globals-set-through-g").filter((f) => f.severity === "error")).toEqual([]);
  });

  it("Kong accepts: starts_with on a number default compares its string form", () => {
    expect(schemaErrors("accepts-coerced-starts-with")).toEqual([]);
  });

  it("Kong accepts: an entity check naming a field that does not exist", () => {
    expect(schemaErrors("accepts-missing-entity-field")).toEqual([]);
  });

  it("Kong accepts: one_of holding values of several types", () => {
    expect(schemaErrors("accepts-one-of-mixed")).toEqual([]);
  });

  it("Kong accepts: unique_across_ws on elements without unique", () => {
    expect(schemaErrors("accepts-unique-across-ws-elements")).toEqual([]);
  });

  it("Kong accepts: a shorthand field is checked as a record (an array without elements, between on an array)", () => {
    expect(schemaErrors("accepts-shorthand-as-record")).toEqual([]);
  });

  it("Kong accepts: a function value stored after a constant one wins in LuaJIT's table constructor", () => {
    expect(schemaErrors("accepts-duplicate-key-function")).toEqual([]);
  });

  it("Kong accepts: a config built by a function call; kplug says once which rules it skipped", () => {
    expect(schemaErrors("info-config-not-evaluated")).toEqual([]);
    const info = findings("info-config-not-evaluated").filter((f) => f.severity === "info");
    expect(info.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
      "schema/not-evaluated 11:7 config could not be evaluated statically (result of a function call); rules skipped for it: schema/field-definition, schema/unknown-attribute, schema/attribute-for-type, schema/attribute-value, schema/default-value, schema/description-length, schema/entity-checks, schema/shorthand-fields",
    ]);
  });
  it("Kong rejects: an array default written { [2] = \"a\" } (a number key that does not continue a sequence)", () => {
    expect(schemaErrors("rejects-number-key-default")).toEqual(["schema/default-value: config.tags: default: expected an array"]);
  });

  it("Kong accepts: [1] = …, [2] = … is a sequence, and a trailing nil in fields is no entry", () => {
    expect(schemaErrors("accepts-number-key-sequence")).toEqual([]);
  });

  it("Kong rejects: one_of = { [2] = \"a\" } is not an array", () => {
    expect(schemaErrors("rejects-number-key-one-of")).toEqual(["schema/attribute-value: config.mode: one_of: expected an array"]);
  });

  it("Kong rejects: default = tostring(5) on an integer field (library calls are evaluated)", () => {
    expect(schemaErrors("rejects-computed-default")).toEqual(["schema/default-value: config.limit: default: expected an integer"]);
  });

  it("Kong accepts: defaults computed with string.format, s:upper(), tonumber and table.concat that pass their validators", () => {
    expect(schemaErrors("accepts-computed-default")).toEqual([]);
  });

  it("Kong rejects: an entity check whose only checker is an empty list", () => {
    expect(schemaErrors("rejects-empty-entity-check")).toEqual([
      "schema/entity-checks: config.entity_checks.1: @entity: exactly one of these fields must be non-empty: 'at_least_one_of', 'conditional_at_least_one_of', 'only_one_of', 'distinct', 'conditional', 'custom_entity_check', 'mutually_required', 'mutually_exclusive', 'mutually_exclusive_sets'",
    ]);
  });

  it("Kong rejects: a field named \"\"", () => {
    expect(schemaErrors("rejects-empty-field-name")).toEqual(["schema/field-definition: config.fields.1: length must be at least 1 (a field needs a name)"]);
  });

  it("Kong rejects: name = \"\"", () => {
    expect(schemaErrors("rejects-empty-schema-name")).toEqual(["schema/top-level-keys: name: length must be at least 1"]);
  });

  it("Kong rejects: a top-level foreign field referencing an entity that does not exist", () => {
    expect(schemaErrors("rejects-unknown-foreign-entity")).toEqual(["schema/plugin-fields: error initializing schema for plugin: schema refers to an invalid foreign entity: customers"]);
  });

  it("Kong rejects: indexed (a Kong Enterprise DAO attribute) on a plugin field", () => {
    expect(schemaErrors("rejects-enterprise-attribute")).toEqual(["schema/unknown-attribute: config.key: indexed: unknown field"]);
  });

  it("Kong accepts: a schema without a config field (kplug warns that instances setting config fail)", () => {
    expect(schemaErrors("accepts-no-config")).toEqual([]);
    expect(findings("accepts-no-config").filter((f) => f.severity === "warning" && f.ruleId.startsWith("schema/")).map((f) => f.ruleId)).toEqual(["schema/plugin-fields"]);
  });

  it("Kong accepts: a top-level ordering record (the plugins entity's Enterprise field)", () => {
    expect(schemaErrors("accepts-ordering-record")).toEqual([]);
  });
  it("Kong rejects: typedefs.ip { default = \"1.2.3\" } (Kong's typedef validators check defaults)", () => {
    expect(schemaErrors("rejects-typedef-validator-default")).toEqual(["schema/default-value: config.upstream_ip: default: not an ip address: 1.2.3"]);
  });

  it("Kong rejects: typedefs.url with a default that has no scheme and host", () => {
    expect(schemaErrors("rejects-typedef-url-default")).toEqual(["schema/default-value: config.endpoint: default: missing host in url"]);
  });

  it("Kong accepts: url, host, ip, header_name and name defaults their validators accept, and { conditional = {} }", () => {
    expect(schemaErrors("accepts-typedef-validator-defaults")).toEqual([]);
  });
  it("Kong accepts: ngx.null for attributes the metaschema does not require (one_of, required, entity_checks, len_max, match_any.err)", () => {
    expect(schemaErrors("accepts-null-attributes")).toEqual([]);
  });

  it("Kong rejects: starts_with = \"\" (a metaschema string gets the implicit len_min = 1)", () => {
    expect(schemaErrors("rejects-empty-string-attribute")).toEqual(["schema/attribute-value: config.prefix: starts_with: length must be at least 1"]);
  });

  it("Kong rejects: default = -\"3\" on a boolean (Lua converts numeric strings in arithmetic; \"0x10\" * 2 = 32 passes between 1 and 40)", () => {
    expect(schemaErrors("rejects-numeric-string-arithmetic")).toEqual(["schema/default-value: config.verbose: default: expected a boolean"]);
  });

  it("Kong rejects: defaults changed by load-time blocks that run (do … end, if false … else …)", () => {
    expect(schemaErrors("rejects-change-in-load-time-block")).toEqual([
      "schema/default-value: config.limit: default: expected an integer",
      "schema/default-value: config.mode: default: expected a string",
    ]);
  });

  it("Kong accepts: a definition chosen by an if kplug cannot decide, and a default changed in a loop (kplug checks only what every path agrees on)", () => {
    expect(schemaErrors("accepts-if-else-branches")).toEqual([]);
  });
  it("Kong accepts: a record default whose entries write `label = nil` for a field the record does not have (nil makes no entry)", () => {
    expect(schemaErrors("accepts-nil-entry-in-default")).toEqual([]);
  });
  it("Kong rejects: fields built by an ipairs loop and a default set by rawset (loops over known values run in order)", () => {
    expect(schemaErrors("rejects-change-in-load-time-loop")).toEqual([
      "schema/default-value: config.read_timeout: default: expected an integer",
      "schema/default-value: config.send_timeout: default: expected an integer",
      "schema/default-value: config.retries: default: expected an integer",
    ]);
  });
  it("Kong rejects: LuaJIT cdata literals (100LL) as an integer default and in between; accepts one_of = { 1LL, 2 } with default 2", () => {
    expect(schemaErrors("rejects-cdata-literals")).toEqual([
      "schema/attribute-value: config.window: between: [1]: expected a number",
      "schema/default-value: config.limit: default: expected an integer",
    ]);
  });
  it("Kong rejects: fields added and a default changed by local helper functions called at load time (add_field(\"port\", …), disable_timeout())", () => {
    expect(schemaErrors("rejects-helper-call-fields")).toEqual([
      "schema/default-value: config.port: default: expected an integer",
      "schema/default-value: config.timeout: default: expected a number",
    ]);
  });
  it("Kong rejects: defaults made by string library calls kplug does not evaluate are still strings (gsub on a boolean, string.format on a number)", () => {
    expect(schemaErrors("rejects-typed-library-results")).toEqual([
      "schema/default-value: config.enabled: default: expected a boolean",
      "schema/default-value: config.retries: default: expected a number",
    ]);
  });
  it("Kong rejects: an entity checker's argument with positional entries (mutually_exclusive_sets = { { … }, { … } }: unknown field)", () => {
    expect(schemaErrors("rejects-entity-check-positional-args")).toEqual(["schema/entity-checks: config.entity_checks.1.mutually_exclusive_sets: [1]: unknown field"]);
  });
  it("Kong rejects: keys = \"string\" in a conditional's then_match (a field definition: expected a record)", () => {
    expect(schemaErrors("rejects-conditional-companion-not-table")).toEqual(["schema/entity-checks: config.entity_checks.1.conditional.then_match.keys: expected a record"]);
  });
  it("Kong rejects: fields entries keyed by a boolean ([true]) or a fractional number ([1.5]) (expected a string)", () => {
    expect(schemaErrors("rejects-non-string-field-key")).toEqual([
      "schema/field-definition: config.fields.1: each key in fields must be a string",
      "schema/field-definition: config.fields.2: each key in fields must be a string",
    ]);
  });
  it("Kong rejects: a transformation's input naming a field by a number (invalid field name: 1)", () => {
    expect(schemaErrors("rejects-transformation-number-input")).toEqual(["schema/transformations: transformations.1.input: invalid field name: 1"]);
  });
  it("Kong rejects: json_schema shapes its metaschema refuses (empty inline, inline with optional, unknown namespace, namespace without parent_subschema_key, a parent key that is not a string field); accepts namespace + string parent key + optional", () => {
    expect(schemaErrors("rejects-json-schema-shapes")).toEqual([
      "schema/attribute-value: config.empty: json_schema: @entity: at least one of these fields must be non-empty: 'inline', 'namespace', 'parent_subschema_key'",
      "schema/attribute-value: config.both: json_schema: @entity: these sets are mutually exclusive: ('inline'), ('optional')",
      "schema/attribute-value: config.elsewhere: json_schema: namespace: expected one of: proxy-wasm-filters",
      "schema/attribute-value: config.half: json_schema: @entity: all or none of these fields must be set: 'namespace', 'parent_subschema_key'",
      "schema/attribute-value: config.by_array: json_schema: parent_subschema_key: value must be a string field of the parent schema",
    ]);
  });
  it("Kong rejects: is_regex defaults PCRE2 refuses (reference to a missing group, varying-length lookbehind, unknown POSIX class, repeat over 65535); accepts (?#…) comments, [[:alpha:]] and a literal {,2}", () => {
    expect(schemaErrors("rejects-pcre-only-errors")).toEqual([
      "schema/default-value: config.reference: default: not a valid regex: (a)\\2",
      "schema/default-value: config.lookbehind: default: not a valid regex: (?<=v+)1",
      "schema/default-value: config.class_name: default: not a valid regex: [[:letter:]]",
      "schema/default-value: config.repeat_count: default: not a valid regex: a{70000}",
    ]);
  });
  it("Kong rejects: a top-level assert(false, …) raises when the chunk loads (no schema)", () => {
    expect(schemaErrors("rejects-load-time-assert")).toEqual(["schema/return-value: schema.lua raises an error when it loads (schema not ready): it returns no schema"]);
  });
  it("Kong rejects: elements in a conditional's then_match without a type, or with one Kong does not have; accepts a typed one", () => {
    expect(schemaErrors("rejects-conditional-companion-type")).toEqual([
      "schema/entity-checks: config.entity_checks.1.conditional.then_match.elements.type: required field missing",
      "schema/entity-checks: config.entity_checks.2.conditional.then_match.elements.type: expected one of: array, set, string, number, boolean, integer, foreign, map, record, function, json",
    ]);
  });
  it("Kong rejects: type names without quotes (type = boolean reads a nil global: no type; type = string is the string library); accepts required = yes (nil)", () => {
    expect(schemaErrors("rejects-unquoted-type-names")).toEqual([
      "schema/field-definition: config.enabled: missing type declaration",
      "schema/field-definition: config.label: type: expected one of: array, set, string, number, boolean, integer, foreign, map, record, function, json",
      "schema/attribute-value: config.label: type: expected a string",
      "schema/default-value: config.enabled: default: invalid type: nil",
    ]);
  });

  it("Kong rejects: defaults made at load time by string.format, find, match, tonumber(s, base), rep(s, n, sep), a helper kept in a table and a pairs() merge", () => {
    expect(schemaErrors("rejects-load-time-library-values")).toEqual([
      "schema/default-value: config.precision: default: expected one of: 2, 3",
      "schema/default-value: config.position: default: expected a string",
      "schema/default-value: config.level: default: expected one of: low, high",
      "schema/default-value: config.radix: default: expected a boolean",
      "schema/default-value: config.short: default: length must be at most 3",
      "schema/default-value: config.kept: default: expected an integer",
      "schema/default-value: config.merged: default: expected an integer",
    ]);
  });
  it("Kong rejects: a map default with a boolean key under string or integer keys; accepts it under boolean keys", () => {
    expect(schemaErrors("rejects-boolean-map-key")).toEqual([
      "schema/default-value: config.headers: default: expected a string",
      "schema/default-value: config.codes: default: expected an integer",
    ]);
  });
  it("Kong rejects: defaults computed by string.byte and tonumber with a base (numbers) on a boolean and a string field, and string.format(\"%x\", 15) outside one_of; accepts tonumber(\"1f90\", 16) as an integer", () => {
    expect(schemaErrors("rejects-computed-library-defaults")).toEqual([
      "schema/default-value: config.enabled: default: expected a boolean",
      "schema/default-value: config.radix: default: expected a string",
      "schema/default-value: config.mask: default: expected one of: ff, 0f",
    ]);
  });
});
