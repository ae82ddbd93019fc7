import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKplug } from "../helpers/run.js";
import type { RunResult } from "../helpers/run.js";
import { expectInputError, findingsOf, locate, parseJson, tempDirs } from "./validate-helpers.js";
import type { Finding } from "./validate-helpers.js";

// `kplug validate <plugins> --deck <file>`: plugin instances in decK files checked as Kong checks an
// insert of a plugin entity. Every expected verdict below was also asked of real Kong (the config
// oracle in ../shared/tools/kong-oracle, which runs kong/db/schema/init.lua under LuaJIT) and the
// Kong function that decides it is named in the test.

const PLUGINS = "fixtures/deck/kong/plugins";
const KONG_YAML = "fixtures/deck/kong.yaml";
const temp = tempDirs();
afterAll(() => temp.cleanup());

interface JsonConfigs {
  files: string[];
  instances: number;
  checked: number;
  notChecked: { name: string; count: number; bundled: boolean }[];
  notes: { file: string; instance: string; message: string; location?: { line: number; column: number } }[];
}

let fixture: RunResult;
let findings: Finding[];
beforeAll(async () => {
  fixture = await runKplug(["validate", PLUGINS, "--deck", KONG_YAML, "--format", "json"]);
  findings = findingsOf(parseJson(fixture)).filter((f) => f.file === KONG_YAML);
}, 60_000);

/** The findings of one instance (messages start with its instance_name or path). */
function of(label: string): Finding[] {
  return findings.filter((f) => f.message.startsWith(`${label}: `));
}

function at(finding: Finding | undefined): { line: number | null; column: number | null } {
  return { line: finding?.line ?? null, column: finding?.column ?? null };
}

describe("validate --deck on the fixture decK file", () => {
  it("exits 1 and reports in JSON what was checked and what was not", () => {
    expect(fixture.exitCode, fixture.stderr).toBe(1);
    const configs = (JSON.parse(fixture.stdout) as { configs: JsonConfigs }).configs;
    expect(configs.files).toEqual([KONG_YAML]);
    expect(configs.instances).toBe(23);
    expect(configs.checked).toBe(21);
    expect(configs.notChecked).toEqual([
      { name: "header-gaurd", count: 1, bundled: false },
      { name: "rate-limiting", count: 1, bundled: true },
    ]);
  });

  it("fills defaults before checking: an instance without config is valid (Schema:process_auto_fields, handle_missing_field)", () => {
    expect(of("defaults-only")).toEqual([]);
  });

  it("one_of: Kong's message at the value's line:column (Schema.validators.one_of)", () => {
    const [finding] = of("bad-mode");
    expect(finding?.message).toBe("bad-mode: config.mode: expected one of: block, log, redirect");
    expect(finding?.ruleId).toBe("config/invalid");
    expect(at(finding)).toEqual(locate(KONG_YAML, "sleep"));
  });

  it("integer type: a quoted number and a fraction are not integers (Schema:validate_field, integer branch)", () => {
    expect(of("status-as-string").map((f) => f.message)).toEqual(["status-as-string: config.status: expected an integer"]);
    expect(of("status-fraction").map((f) => f.message)).toEqual(["status-fraction: config.status: expected an integer"]);
  });

  it("conditional entity check: then_field required, plus the @entity error (Schema.entity_checkers.conditional)", () => {
    expect(of("redirect-without-target").map((f) => f.message).sort()).toEqual([
      "redirect-without-target: config.redirect_to: required field missing",
      "redirect-without-target: config: failed conditional validation given value of field 'mode'",
    ]);
  });

  it("match uses Lua patterns: %w and %- (Schema.validators.match, string.match)", () => {
    expect(of("bad-header").map((f) => f.message)).toEqual(["bad-header: config.header: invalid value: X Guard"]);
  });

  it("vault references pass on a referenceable field only (validate_field: referenceable and is_reference)", () => {
    expect(of("vault-references").map((f) => f.message)).toEqual(["vault-references: config.plain: invalid value: {vault://env/guard-plain}"]);
  });

  it("a decK env placeholder is not checkable (info), never an error", () => {
    expect(of("env-placeholder")).toEqual([]);
    const configs = (JSON.parse(fixture.stdout) as { configs: JsonConfigs }).configs;
    const note = configs.notes.find((n) => n.instance === "env-placeholder");
    expect(note?.message).toContain('${{ env "DECK_GUARD_STATUS" }}');
    expect(note?.location?.line).toBe(locate(KONG_YAML, "${{ env").line);
  });

  it("unknown field with a did-you-mean hint (validate_fields → resolve_field: unknown field)", () => {
    const [finding] = of("typo");
    expect(finding?.message).toBe("typo: config.statuss: unknown field");
    expect(finding?.hint).toBe("did you mean status?");
  });

  it("arrays, sets, maps and nested records (validate_elements, the map branch's first error, nested Schema:validate)", () => {
    expect(of("aggregates").map((f) => f.message)).toEqual([
      "aggregates: config.allow[2]: length must be at most 16",
      "aggregates: config.methods[2]: expected one of: GET, POST, PUT",
      'aggregates: config.limits["Bad"]: invalid value: Bad',
      "aggregates: config.upstream.host: required field missing",
      "aggregates: config.upstream.port: value should be between 1 and 65535",
    ]);
    expect(at(of("aggregates")[0])).toEqual(locate(KONG_YAML, "this-one-is-far-too-long"));
  });

  it("entity checks: mutually_exclusive, mutually_required, mutually_exclusive_sets, distinct, conditional_at_least_one_of, only_one_of in array records", () => {
    expect(of("entity-checks").map((f) => f.message).sort()).toEqual([
      "entity-checks: config.credentials[2]: exactly one of these fields must be non-empty: 'user', 'api_key'",
      "entity-checks: config: all or none of these fields must be set: 'cert', 'cert_key'",
      "entity-checks: config: at least one of these fields must be non-empty: 'card'",
      "entity-checks: config: only one or none of these fields must be set: 'token', 'key'",
      "entity-checks: config: these sets are mutually exclusive: ('allow'), ('deny')",
      "entity-checks: config: values of these fields must be distinct: 'header', 'token'",
    ]);
  });

  it("JSON/YAML null is ngx.null: a required field set to null is missing (Schema:validate, required check)", () => {
    expect(of("null-mode").map((f) => f.message)).toEqual(["null-mode: config.mode: required field missing"]);
  });

  it("protocols are checked against the schema's protocols field (typedefs.protocols_http one_of)", () => {
    expect(of("wrong-protocol").map((f) => f.message)).toEqual(["wrong-protocol: protocols[1]: expected one of: grpc, grpcs, http, https"]);
  });

  it("plugins entity fields: instance_name (utf8_name), enabled (boolean), tags (tag validator) — kong/db/schema/entities/plugins.lua", () => {
    expect(of("bad name").map((f) => f.message)).toEqual([
      "bad name: instance_name: invalid value 'bad name': the only accepted ascii characters are alphanumerics or ., -, _, and ~",
      "bad name: enabled: expected a boolean",
      "bad name: tags[2]: invalid tag 'a,b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences",
    ]);
  });

  it("scoping: a plugin nested under a consumer where the schema says typedefs.no_consumer (validate_field: eq = null)", () => {
    expect(of("consumers[alice].plugins[0]").map((f) => f.message)).toEqual(["consumers[alice].plugins[0]: consumer: value must be null"]);
  });

  it("custom_validator runs in the Lua sandbox and its message is Kong's (Schema.validators.custom_validator)", () => {
    expect(of("odd-batch").map((f) => f.message)).toEqual(["odd-batch: config.batch: must be an even number, got 3"]);
  });

  it("a custom_validator that never returns is stopped by the instruction bound (Kong itself would hang)", () => {
    const [finding] = of("endless-validator");
    expect(finding?.message).toContain("instruction limit reached");
  });

  it("shorthand_fields: expanded by their func, with the deprecation warning (process_auto_fields, validate_field deprecation)", () => {
    expect(of("deprecated-timeout").map((f) => [f.severity, f.ruleId, f.message])).toEqual([
      ["warning", "config/deprecated", "deprecated-timeout: config.timeout: token-check: config.timeout is deprecated, use config.timeout_ms"],
    ]);
  });

  it("custom_entity_check runs its fn in the sandbox (Schema.entity_checkers.custom_entity_check)", () => {
    expect(of("min-over-max").map((f) => f.message)).toEqual(["min-over-max: config: min must not exceed max"]);
  });

  it("_plugin_configs: a shared config is merged; a missing entry is a decK file error", () => {
    expect(of("shared-config")).toEqual([]);
    const missing = findings.find((f) => f.ruleId === "config/deck-file");
    expect(missing?.message).toBe("_config: no-such-entry is not an entry of _plugin_configs");
    expect(missing?.line).toBe(locate(KONG_YAML, "no-such-entry").line);
  });
});

describe("validate --deck: files, formats and options", () => {
  it("reads JSON with _format_version 1.1; a route-scoped plugin is allowed; path names the instance", async () => {
    const result = await runKplug(["validate", PLUGINS, "--deck", "fixtures/deck/kong-1.1.json", "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(1);
    const messages = findingsOf(parseJson(result)).filter((f) => f.file.endsWith(".json")).map((f) => f.message);
    expect(messages).toEqual(["services[billing].routes[invoices].plugins[0]: config.status: value should be between 400 and 599"]);
  });

  it("reads every YAML document; a consumer group scopes its plugins; globs and repeats are accepted", async () => {
    const result = await runKplug(["validate", PLUGINS, "--deck", "fixtures/deck/multi.y*ml", "--deck", "fixtures/deck/multi.yaml", "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { configs: JsonConfigs };
    expect(report.configs.instances).toBe(2);
    const messages = findingsOf(parseJson(result)).filter((f) => f.file.endsWith("multi.yaml")).map((f) => f.message);
    expect(messages).toEqual(["document 2: consumer_groups[partners].plugins[0]: config.batch: must be an even number, got 5"]);
  });

  it("--strict: an unknown non-bundled plugin name is an error; a bundled one is only not checked", async () => {
    const result = await runKplug(["validate", PLUGINS, "--deck", KONG_YAML, "--strict", "--format", "json"]);
    const unknown = findingsOf(parseJson(result)).filter((f) => f.ruleId === "config/unknown-plugin");
    expect(unknown.map((f) => [f.message, f.hint])).toEqual([["plugins[21]: plugin 'header-gaurd' is neither a local plugin nor one Kong bundles", "did you mean header-guard?"]]);
  });

  it("a plugin whose schema.lua Kong would refuse to load (schema/* error): its instances are not checked, with a note saying why", async () => {
    const dir = await temp.make();
    const plugin = join(dir, "broken");
    await mkdir(plugin);
    await writeFile(join(plugin, "schema.lua"), `return { name = "broken", fields = { { config = { type = "record", fields = { { a = { type = "strnig" } } } } } } }\n`);
    await writeFile(join(dir, "kong.yaml"), `_format_version: "3.0"\nplugins:\n- name: broken\n  config: { a: 1, nope: 2 }\n`);
    const result = await runKplug(["validate", plugin, "--deck", join(dir, "kong.yaml"), "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { configs: JsonConfigs };
    expect(report.configs.checked).toBe(0);
    expect(report.configs.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^not checked: broken's schema\.lua has errors Kong would refuse to load it for \(schema\/[a-z-]+\); fix them first$/)]);
    expect(findingsOf(parseJson(result)).filter((f) => f.file.endsWith("kong.yaml"))).toEqual([]);
  });

  it("pretty output frames the decK line and ends with the decK summary", async () => {
    const result = await runKplug(["validate", PLUGINS, "--deck", KONG_YAML]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("mode: sleep");
    expect(result.stdout).toMatch(/info {2}env-placeholder: config\.status: not checkable/);
    expect(result.stdout).toContain("decK: 23 plugin instances in 1 file: 21 checked, 2 not checked (header-gaurd ×1, no local schema; rate-limiting ×1)");
  });

  it("github annotations and SARIF carry the config findings", async () => {
    const github = await runKplug(["validate", PLUGINS, "--deck", KONG_YAML, "--format", "github"]);
    const { line, column } = locate(KONG_YAML, "sleep");
    expect(github.stdout).toContain(`::error file=fixtures/deck/kong.yaml,line=${line},col=${column}`);
    expect(github.stdout).toContain("::notice file=fixtures/deck/kong.yaml");
    const sarif = JSON.parse((await runKplug(["validate", PLUGINS, "--deck", KONG_YAML, "--format", "sarif"])).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const run = sarif.runs[0];
    expect(run?.tool.driver.rules.map((r) => r.id)).toContain("config/invalid");
    expect(run?.results.some((r) => r.ruleId === "config/invalid" && r.locations[0]?.physicalLocation.artifactLocation.uri === "fixtures/deck/kong.yaml")).toBe(true);
  });

  it("the config file's deck key is used when --deck is not given", async () => {
    const dir = await temp.make();
    await writeFile(join(dir, "deck.yaml"), "_format_version: '3.0'\nplugins:\n  - name: token-check\n    config:\n      batch: 7\n");
    await writeFile(join(dir, ".kplugrc.json"), JSON.stringify({ plugins: [join(process.cwd(), PLUGINS)], deck: "deck.yaml" }));
    const result = await runKplug(["validate", "--format", "json"], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(findingsOf(parseJson(result)).map((f) => f.message)).toContain("plugins[0]: config.batch: must be an even number, got 7");
  });

  it("bad YAML is a one-line input error naming file:line:column (exit 2)", async () => {
    const dir = await temp.make();
    await writeFile(join(dir, "broken.yaml"), "plugins:\n  - name: x\n   config: [\n");
    const result = await runKplug(["validate", join(process.cwd(), PLUGINS), "--deck", "broken.yaml"], { cwd: dir });
    expectInputError(result, "broken.yaml:", "not valid YAML or JSON");
  });

  it("a --deck path that does not exist is a one-line input error (exit 2)", async () => {
    expectInputError(await runKplug(["validate", PLUGINS, "--deck", "fixtures/deck/nope.yaml"]), "nope.yaml", "no such file");
  });
});
