import { describe, expect, it } from "vitest";
import { allRules } from "../../../src/rules/all-rules.js";
import { streamedCustomValidationRule } from "../../../src/rules/streamed-custom-validation.js";
import { streamedFilesRule } from "../../../src/rules/streamed-files.js";
import { streamedHandlerMetadataRule } from "../../../src/rules/streamed-handler-metadata.js";
import { streamedNoInitWorkerRule } from "../../../src/rules/streamed-no-init-worker.js";
import { streamedNoTimersRule } from "../../../src/rules/streamed-no-timers.js";
import { pluginFromFixture, pluginFromSchema, runRules } from "../../helpers/plugin.js";
import { loadFixture } from "../load-fixture.js";

const brief = (findings: ReturnType<typeof runRules>) => findings.map((f) => `${f.severity} ${f.line ?? 0}:${f.column ?? 0} ${f.message}`);
const streamed = (dir: string) => pluginFromFixture(`rules/streamed/${dir}`, { target: "streamed" });
const SCHEMA = `return { name = "my-plugin", fields = { { config = { type = "record", fields = {} } } } }`;

describe("streamed rules only run for target streamed", () => {
  it("a plugin breaking every streamed rule is clean for /plugin-schemas", async () => {
    for (const dir of ["extra-module", "no-handler", "init-worker", "timers", "bad-metadata", "missing-metadata", "custom-validation"]) {
      const findings = runRules(allRules, await loadFixture(`rules/streamed/${dir}`, "schema"));
      expect(findings.filter((f) => f.ruleId.startsWith("streamed/"))).toEqual([]);
    }
  });

  it("valid passes every rule for both targets", async () => {
    expect(runRules(allRules, await loadFixture("rules/streamed/valid", "streamed"))).toEqual([]);
    expect(runRules(allRules, await loadFixture("rules/streamed/valid", "schema"))).toEqual([]);
  });
});

describe("streamed/files", () => {
  it("reports every other Lua module, nested ones included", async () => {
    const findings = runRules(streamedFilesRule, await loadFixture("rules/streamed/extra-module", "streamed"));
    expect(brief(findings)).toEqual([
      "error 0:0 lib/constants.lua is another Lua module: streamed custom plugins can only have handler.lua and schema.lua",
      "error 0:0 util.lua is another Lua module: streamed custom plugins can only have handler.lua and schema.lua",
    ]);
  });

  it("reports a missing handler.lua", async () => {
    expect(brief(runRules(streamedFilesRule, await loadFixture("rules/streamed/no-handler", "streamed")))).toEqual([
      "error 0:0 no handler.lua: a streamed custom plugin uploads its handler.lua together with schema.lua",
    ]);
  });

  it("leaves api.lua, daos.lua and migrations to konnect/forbidden-files", async () => {
    expect(runRules(streamedFilesRule, await loadFixture("rules/files/forbidden", "streamed"))).toEqual([]);
  });
});

describe("streamed/no-init-worker", () => {
  it("finds init_worker as a method, a function field, an assignment and a table key", () => {
    expect(brief(runRules(streamedNoInitWorkerRule, streamed("init-worker")))).toEqual([
      "error 4:3 the handler implements init_worker: streamed custom plugins can't run in the init_worker phase",
      "error 7:18 the handler implements init_worker: streamed custom plugins can't run in the init_worker phase",
      "error 11:18 the handler implements init_worker: streamed custom plugins can't run in the init_worker phase",
      "error 14:9 the handler implements init_worker: streamed custom plugins can't run in the init_worker phase",
    ]);
  });

  it("accepts handlers without it", () => {
    expect(runRules(streamedNoInitWorkerRule, streamed("valid"))).toEqual([]);
    expect(runRules(streamedNoInitWorkerRule, pluginFromSchema(SCHEMA, { target: "streamed", handler: "local H = {}\nH.access = function() end\nreturn H" }))).toEqual([]);
  });
});

describe("streamed/no-timers", () => {
  it("finds ngx.timer.at/every, kong.timer and resty.timer, through local aliases", () => {
    expect(brief(runRules(streamedNoTimersRule, streamed("timers")))).toEqual([
      'error 3:21 require("resty.timer") loads a timer library: streamed custom plugins can\'t set timers',
      "error 10:3 `ngx.timer.at` creates a timer: streamed custom plugins can't set timers",
      "error 11:3 `ngx.timer.at` creates a timer: streamed custom plugins can't set timers",
      "error 12:3 `ngx.timer.every` creates a timer: streamed custom plugins can't set timers",
      "error 13:3 `kong.timer.named_every` creates a timer: streamed custom plugins can't set timers",
    ]);
  });

  it("ignores timer reads that create nothing, and a local named ngx", () => {
    const handler = `local ngx = { timer = { at = function() end } }\nlocal n = ngx.timer.at(0)\nlocal pending = _G.ngx and 1\nreturn { PRIORITY = 1, VERSION = "1.0.0" }`;
    expect(runRules(streamedNoTimersRule, pluginFromSchema(SCHEMA, { target: "streamed", handler }))).toEqual([]);
    expect(runRules(streamedNoTimersRule, streamed("valid"))).toEqual([]);
  });
});

describe("streamed/handler-metadata", () => {
  it("reports PRIORITY that is not an integer and VERSION that is not x.y.z (the last assignment wins)", () => {
    expect(brief(runRules(streamedHandlerMetadataRule, streamed("bad-metadata")))).toEqual([
      'error 6:20 PRIORITY must be an integer, not 10.5',
      'error 3:13 VERSION must be a version string "x.y.z", not "v1.0"',
    ]);
  });

  it("reports missing PRIORITY and VERSION at the return", () => {
    expect(brief(runRules(streamedHandlerMetadataRule, streamed("missing-metadata")))).toEqual([
      "error 1:1 the handler table does not declare PRIORITY",
      "error 1:1 the handler table does not declare VERSION",
    ]);
  });

  it("resolves local constants, and warns on values it cannot compute", () => {
    expect(brief(runRules(streamedHandlerMetadataRule, streamed("computed-metadata")))).toEqual([
      "warning 9:19 VERSION is computed: kplug cannot check it statically",
    ]);
  });

  it("accepts the constructor form, the assignment form, negative priorities and setmetatable", () => {
    const forms = [
      `local H = { PRIORITY = -5, VERSION = "0.1.0" }\nreturn H`,
      `local H = {}\nH.PRIORITY = 10\nH["VERSION"] = "2.3.4"\nreturn setmetatable(H, {})`,
      `return { PRIORITY = 1, VERSION = "1.0.0", access = function() end }`,
    ];
    for (const handler of forms) expect(runRules(streamedHandlerMetadataRule, pluginFromSchema(SCHEMA, { target: "streamed", handler }))).toEqual([]);
  });

  it("warns when the returned handler table cannot be found", () => {
    const findings = runRules(streamedHandlerMetadataRule, pluginFromSchema(SCHEMA, { target: "streamed", handler: "return make_handler()" }));
    expect(brief(findings)).toEqual(["warning 0:0 cannot find the table handler.lua returns, so PRIORITY and VERSION cannot be checked"]);
  });
});

describe("streamed/custom-validation", () => {
  it("warns on custom_validator, shorthand func and custom_entity_check written in schema.lua; errors under --strict", () => {
    const messages = [
      "16:71 custom_validator of config.path is custom validation in schema.lua: streamed custom plugins must validate in handler.lua",
      "23:15 shorthand field config.paths func is custom validation in schema.lua: streamed custom plugins must validate in handler.lua",
      "29:13 custom_entity_check fn of config is custom validation in schema.lua: streamed custom plugins must validate in handler.lua",
    ];
    expect(brief(runRules(streamedCustomValidationRule, streamed("custom-validation")))).toEqual(messages.map((m) => `warning ${m}`));
    const strict = pluginFromFixture("rules/streamed/custom-validation", { target: "streamed", strict: true });
    expect(brief(runRules(streamedCustomValidationRule, strict))).toEqual(messages.map((m) => `error ${m}`));
  });

  it("reports a top-level check function once, and a validator shared by two fields once", () => {
    const schema = `local function v(x) return true end
local shared = { type = "string", custom_validator = v }
return { name = "my-plugin", check = function() return true end, fields = { { config = { type = "record", fields = { { a = shared }, { b = shared } } } } } }`;
    expect(brief(runRules(streamedCustomValidationRule, pluginFromSchema(schema, { target: "streamed" })))).toEqual([
      "warning 2:35 custom_validator of config.a is custom validation in schema.lua: streamed custom plugins must validate in handler.lua",
      "warning 3:30 the schema's check function is custom validation in schema.lua: streamed custom plugins must validate in handler.lua",
    ]);
  });

  it("accepts declarative validators, and typedef validators (Kong's own code)", () => {
    expect(runRules(streamedCustomValidationRule, pluginFromFixture("rules/konnect-content/valid-typedefs", { target: "streamed" }))).toEqual([]);
    expect(runRules(streamedCustomValidationRule, streamed("valid"))).toEqual([]);
  });
});
