import { describe, expect, it } from "vitest";
import { allRules } from "../../../src/rules/all-rules.js";
import { handlerUnknownConfigFieldRule } from "../../../src/rules/handler-unknown-config-field.js";
import { handlerUnknownPhaseRule } from "../../../src/rules/handler-unknown-phase.js";
import { handlerUnusedConfigFieldRule } from "../../../src/rules/handler-unused-config-field.js";
import { validatePlugins } from "../../../src/validate/run.js";
import { pluginFromFixture, pluginFromSchema, runRules } from "../../helpers/plugin.js";

const brief = (findings: ReturnType<typeof runRules>) => findings.map((f) => `${f.severity} ${f.line ?? 0}:${f.column ?? 0} ${f.message} | ${f.hint ?? ""}`);

describe("handler/unknown-config-field", () => {
  it("reports conf reads the schema does not declare, nested ones included, with did-you-mean", () => {
    expect(brief(runRules(handlerUnknownConfigFieldRule, pluginFromFixture("rules/handler/drift")))).toEqual([
      "warning 8:31 conf.missing_tag: the schema's config has no field missing_tag, so this is always nil | declare missing_tag in schema.lua, or remove the read",
      "warning 13:49 conf.prefix: the schema's config has no field prefix, so this is always nil | declare prefix in schema.lua, or remove the read",
      "warning 14:18 conf.limits.per_secnd: the schema's config.limits has no field per_secnd, so this is always nil | did you mean conf.limits.per_second?",
      "warning 29:22 conf.header_nme: the schema's config has no field header_nme, so this is always nil | did you mean conf.header_name?",
    ]);
  });

  it("says nothing when the handler reads only declared fields, or the schema cannot be evaluated", () => {
    expect(runRules(handlerUnknownConfigFieldRule, pluginFromFixture("rules/handler/clean"))).toEqual([]);
    const computed = pluginFromSchema('local f = require("my.fields")\nreturn { name = "my-plugin", fields = { { config = { type = "record", fields = f } } } }', {
      handler: "local H = { PRIORITY = 1, VERSION = '1.0.0' }\nfunction H:access(conf) return conf.anything end\nreturn H",
    });
    expect(runRules(handlerUnknownConfigFieldRule, computed)).toEqual([]);
  });

  it("follows the phase's configuration parameter whatever its name, and ignores other tables", () => {
    const plugin = pluginFromSchema('return { name = "my-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } } }', {
      handler: "local H = { PRIORITY = 1, VERSION = '1.0.0' }\nfunction H:log(cfg)\n  local other = { b = 1 }\n  return cfg.a, cfg.b, other.b\nend\nreturn H",
    });
    expect(brief(runRules(handlerUnknownConfigFieldRule, plugin))).toEqual(["warning 4:21 conf.b: the schema's config has no field b, so this is always nil | did you mean conf.a?"]);
  });
});

describe("handler/unknown-phase", () => {
  it("reports handler methods one or two letters away from a phase (assignments, then function statements), not other helpers", () => {
    expect(brief(runRules(handlerUnknownPhaseRule, pluginFromFixture("rules/handler/drift")))).toEqual([
      "error 28:7 logg is not a phase Kong knows: Kong never calls it | did you mean log? (phases: init_worker, configure, certificate, rewrite, access, response, header_filter, body_filter, log, preread, ws_handshake, ws_client_frame, ws_upstream_frame, ws_close)",
      "error 11:16 acess is not a phase Kong knows: Kong never calls it | did you mean access? (phases: init_worker, configure, certificate, rewrite, access, response, header_filter, body_filter, log, preread, ws_handshake, ws_client_frame, ws_upstream_frame, ws_close)",
    ]);
    expect(runRules(handlerUnknownPhaseRule, pluginFromFixture("rules/handler/clean"))).toEqual([]);
  });

  it("sees phases in the table constructor too", () => {
    const plugin = pluginFromSchema('return { name = "my-plugin", fields = { { config = { type = "record", fields = {} } } } }', {
      handler: "return { PRIORITY = 1, VERSION = '1.0.0', header_filtr = function(self, conf) end, rewrite = function() end }",
    });
    expect(runRules(handlerUnknownPhaseRule, plugin).map((f) => f.message)).toEqual(["header_filtr is not a phase Kong knows: Kong never calls it"]);
  });
});

describe("handler/unused-config-field", () => {
  it("is off by default, and reports fields no plugin Lua file reads as info once enabled", () => {
    const drift = pluginFromFixture("rules/handler/drift");
    const byDefault = validatePlugins([drift]);
    expect(byDefault.plugins[0]?.findings.map((f) => f.ruleId)).not.toContain("handler/unused-config-field");
    const enabled = validatePlugins([drift], { overrides: { "handler/unused-config-field": "info" } });
    const unused = enabled.plugins[0]?.findings.filter((f) => f.ruleId === "handler/unused-config-field") ?? [];
    expect(unused.map((f) => `${f.severity} ${f.location?.line}:${f.location?.column} ${f.message}`)).toEqual(["info 18:13 config.unused_flag is never read by handler.lua or another Lua file of the plugin"]);
    // info is not a problem: the counts and the outcome are those of the errors and warnings
    expect(enabled.warningCount).toBe(byDefault.warningCount);
    expect(enabled.errorCount).toBe(byDefault.errorCount);
    expect(runRules(handlerUnusedConfigFieldRule, pluginFromFixture("rules/handler/clean"))).toEqual([]);
  });

  it("the clean fixture passes every rule", () => {
    expect(runRules(allRules, pluginFromFixture("rules/handler/clean"))).toEqual([]);
  });
});
