import { describe, expect, it } from "vitest";
import { konnectNoLoadTimeContextRule } from "../../../src/rules/konnect-no-load-time-context.js";
import { konnectNoRequireRule } from "../../../src/rules/konnect-no-require.js";
import { konnectSchemaNameRule } from "../../../src/rules/konnect-schema-name.js";
import { konnectSelfContainedValidatorsRule } from "../../../src/rules/konnect-self-contained-validators.js";
import { luaSyntaxRule } from "../../../src/rules/lua-syntax.js";
import { schemaContentRules } from "../../../src/rules/schema-content-rules.js";
import { pluginFromFixture, pluginFromSchema, runRules } from "../../helpers/plugin.js";

const brief = (findings: ReturnType<typeof runRules>) => findings.map((f) => `${f.severity} ${f.line}:${f.column} ${f.message}`);

describe("lua/syntax", () => {
  it("reports syntax errors of schema.lua and handler.lua with line:column", () => {
    const findings = runRules(luaSyntaxRule, pluginFromFixture("rules/konnect-content/syntax-error"));
    expect(brief(findings)).toEqual(["error 4:34 syntax error: '}' expected near 'fields'", "error 9:1 syntax error: 'end' expected near '<eof>'"]);
  });

  it("is silent on valid Lua, and content rules skip a schema that does not parse", () => {
    expect(runRules(luaSyntaxRule, pluginFromSchema(`return { name = "my-plugin" }`, { handler: "return {}" }))).toEqual([]);
    const broken = runRules(schemaContentRules, pluginFromFixture("rules/konnect-content/syntax-error"));
    expect(new Set(broken.map((f) => f.ruleId))).toEqual(new Set(["lua/syntax"]));
  });
});

describe("konnect/no-require", () => {
  it("warns on Kong's own modules by default, errors under strict", () => {
    const plugin = pluginFromFixture("rules/konnect-content/valid-typedefs");
    expect(brief(runRules(konnectNoRequireRule, plugin))).toEqual([
      'warning 2:18 require("kong.db.schema.typedefs") ships with Kong and is accepted by Konnect in practice, but the documented rule is "no require() in schema.lua"',
    ]);
    const strict = runRules(konnectNoRequireRule, pluginFromFixture("rules/konnect-content/valid-typedefs", { strict: true }));
    expect(strict.map((f) => f.severity)).toEqual(["error"]);
    expect(strict[0]?.message).toMatch(/documented rule is that schema.lua must not contain any require\(\) \(--strict\)/);
  });

  it("always errors on the plugin's own modules, third-party modules and computed names", () => {
    const own = runRules(konnectNoRequireRule, pluginFromFixture("rules/konnect-content/require-own-module", { strict: false }));
    expect(own.map((f) => [f.severity, f.line])).toEqual([["warning", 1], ["error", 2]]);
    expect(own[1]?.message).toMatch(/require\("kong\.plugins\.require-own-module\.constants"\): the plugin's own modules are not uploaded/);
    const thirdParty = runRules(konnectNoRequireRule, pluginFromFixture("rules/konnect-content/require-third-party"));
    expect(brief(thirdParty)).toEqual(['error 1:17 require("inspect"): third-party modules are not available where Konnect loads schema.lua']);
    const computed = runRules(konnectNoRequireRule, pluginFromFixture("rules/konnect-content/require-computed"));
    expect(computed.map((f) => [f.severity, f.line, f.message.startsWith("require() of a computed module name")])).toEqual([["error", 4, true]]);
  });

  it("reports requires inside functions and `pcall(require, …)` too", () => {
    const findings = runRules(konnectNoRequireRule, pluginFromSchema(`local ok, lib = pcall(require, "inspect")
return { name = "my-plugin", fields = {}, check = function() return require("kong.plugins.my-plugin.x") end }`));
    expect(findings.map((f) => [f.severity, f.line])).toEqual([["error", 1], ["error", 2]]);
  });

  it("is silent on a schema without require", () => {
    expect(runRules(konnectNoRequireRule, pluginFromFixture("rules/schema/valid-inline"))).toEqual([]);
  });
});

describe("konnect/no-load-time-context", () => {
  it("reports `...` and the kong global used when the schema loads", () => {
    expect(brief(runRules(konnectNoLoadTimeContextRule, pluginFromFixture("rules/konnect-content/require-computed")))).toEqual([
      "error 2:23 `...` at load time: Konnect loads schema.lua without a module name, so values computed from it are nil",
    ]);
    expect(brief(runRules(konnectNoLoadTimeContextRule, pluginFromFixture("rules/konnect-content/load-time-kong")))).toEqual([
      "error 2:4 the `kong` global is used at load time: it does not exist where Konnect loads schema.lua",
    ]);
  });

  it("reports a name computed from the module path with both the context and the name rule", () => {
    const findings = runRules([konnectNoLoadTimeContextRule, konnectSchemaNameRule], pluginFromFixture("rules/konnect-content/name-from-path"));
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual(["konnect/no-load-time-context 4:23", "konnect/schema-name 7:3"]);
    expect(findings[1]?.message).toMatch(/^name is not a literal string \(result of a function call\)/);
  });

  it("accepts guarded kong lookups and uses inside functions", () => {
    expect(runRules(konnectNoLoadTimeContextRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
    const inFunction = pluginFromSchema(`return { name = "my-plugin", fields = {}, check = function(...) return kong.version, ... end }`);
    expect(runRules(konnectNoLoadTimeContextRule, inFunction)).toEqual([]);
  });
});

describe("konnect/self-contained-validators", () => {
  it("checks the schema's top-level check function too", () => {
    const schema = `return {
  name = "my-plugin",
  fields = { { config = { type = "record", fields = { { limit = { type = "integer" } } } } } },
  check = function(entity)
    return entity.config.limit < kong.configuration.max_limit
  end,
}`;
    const findings = runRules(konnectSelfContainedValidatorsRule, pluginFromSchema(schema));
    expect(findings.map((f) => [f.severity, f.line, f.column, f.message.split(":")[0]])).toEqual([["error", 5, 34, "the schema's check function uses the global `kong`"]]);
  });

  it("reports each free global a validator reaches, with its location", () => {
    const findings = runRules(konnectSelfContainedValidatorsRule, pluginFromFixture("rules/konnect-content/validator-globals"));
    expect(findings.map((f) => [f.severity, f.line, f.column])).toEqual([
      ["error", 35, 39],
      ["error", 3, 10],
      ["warning", 15, 14],
      ["error", 28, 26],
    ]);
    expect(findings[0]?.message).toBe(
      "custom_entity_check fn of config uses the global `DEFAULT_LIMIT`, which is not defined in schema.lua nor part of the standard Lua library",
    );
    expect(findings[1]?.message).toContain("custom_validator of config.body uses the global `cjson` (through the local helper `parse_json`)");
    expect(findings[2]?.message).toContain("custom_validator of config.pattern uses the global `ngx`");
    expect(findings[3]?.message).toContain("custom_validator of config.limit uses the global `kong`");
  });

  it("makes the ngx warning an error under strict", () => {
    const strict = runRules(konnectSelfContainedValidatorsRule, pluginFromFixture("rules/konnect-content/validator-globals", { strict: true }));
    expect(strict.map((f) => f.severity)).toEqual(["error", "error", "error", "error"]);
  });

  it("checks shorthand field funcs", () => {
    const findings = runRules(
      konnectSelfContainedValidatorsRule,
      pluginFromSchema(`return { name = "my-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } },
        shorthand_fields = { { old = { type = "string", func = function(v) return { a = transform(v) } end } } } } } } }`),
    );
    expect(findings.map((f) => f.message)).toEqual([
      "shorthand field config.old func uses the global `transform`, which is not defined in schema.lua nor part of the standard Lua library",
    ]);
  });

  it("accepts parameters, locals, upvalues, the standard library and Kong's own typedef validators", () => {
    expect(runRules(konnectSelfContainedValidatorsRule, pluginFromFixture("rules/schema/valid-inline"))).toEqual([]);
    expect(runRules(konnectSelfContainedValidatorsRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
  });
});

describe("konnect/schema-name", () => {
  it("requires a statically known name", () => {
    expect(brief(runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-computed")))).toEqual([
      "error 8:3 name is not a literal string (`name` is assigned inside a block kplug does not run): Konnect only has the schema text and cannot compute it",
    ]);
  });

  it("requires the name to equal the plugin name", () => {
    expect(brief(runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-mismatch")))).toEqual([
      'error 2:10 schema name "other-name" does not match the plugin name "name-mismatch"',
    ]);
  });

  it("applies Konnect's name pattern, and the stricter streamed one as a warning unless the target is streamed", () => {
    const invalid = runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-invalid", { name: "My_Plugin" }));
    expect(brief(invalid)).toEqual(['error 2:10 name "My_Plugin" is not accepted by Konnect: it must be 1 to 128 characters among a-z, A-Z, 0-9 and "-"']);
    const upper = runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-uppercase", { name: "MyPlugin" }));
    expect(upper.map((f) => f.severity)).toEqual(["warning"]);
    const streamed = runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-uppercase", { name: "MyPlugin", target: "streamed" }));
    expect(streamed.map((f) => f.severity)).toEqual(["error"]);
  });

  it("rejects the names of bundled Kong and Kong Enterprise plugins", () => {
    expect(brief(runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/name-bundled", { name: "rate-limiting" })))).toEqual([
      'error 2:10 name "rate-limiting" is the name of a plugin bundled with Kong; Konnect requires a unique name',
    ]);
    const enterprise = runRules(konnectSchemaNameRule, pluginFromSchema(`return { name = "openid-connect", fields = {} }`, { name: "openid-connect" }));
    expect(enterprise.map((f) => f.message)).toEqual(['name "openid-connect" is the name of a plugin bundled with Kong Enterprise; Konnect requires a unique name']);
  });

  it("accepts a literal or constant-derived name equal to the plugin name", () => {
    expect(runRules(konnectSchemaNameRule, pluginFromFixture("rules/konnect-content/valid-typedefs"))).toEqual([]);
    expect(runRules(konnectSchemaNameRule, pluginFromSchema(`local P = "acme" return { name = P .. "-auth", fields = {} }`, { name: "acme-auth" }))).toEqual([]);
  });
});
