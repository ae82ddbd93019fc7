import { describe, expect, it } from "vitest";
import { allRules, ruleById } from "../../src/rules/all-rules.js";
import type { PluginUnderTest, Rule, RuleReport } from "../../src/rules/types.js";
import { ruleDocsUrl } from "../../src/validate/rule-docs.js";
import { startValidation, validatePlugins } from "../../src/validate/run.js";
import { pluginFromSchema } from "../helpers/plugin.js";

const at = (line: number, column: number) => ({ line, column, endLine: line, endColumn: column + 1 });

/** A rule reporting fixed findings, to test the runner alone. */
function fakeRule(id: string, findings: { line?: number; column?: number; severity?: "error" | "warning"; file?: "schema" | "handler" }[], extra: Partial<Rule> = {}): Rule {
  return {
    id,
    defaultSeverity: "warning",
    title: "a rule for tests",
    why: "tests the runner",
    source: "https://example.test",
    ...extra,
    check(plugin, report) {
      for (const f of findings) {
        const module = f.file === "handler" ? plugin.handler : plugin.schema;
        if (!module) continue;
        report({ message: `${id} finding`, file: module.file, ...(f.line ? { location: at(f.line, f.column ?? 1) } : {}), ...(f.severity ? { severity: f.severity } : {}) });
      }
    },
  };
}

const plugin = (name = "my-plugin", target: "schema" | "streamed" = "schema"): PluginUnderTest =>
  pluginFromSchema(`return { name = "${name}", fields = { { config = { type = "record", fields = {} } } } }`, { name, target, handler: "return {}", path: `/virtual/${name}/schema.lua` });

describe("validatePlugins", () => {
  it("builds findings (rule id, severity, message, display file, location, docs) and counts", () => {
    const report = validatePlugins([plugin()], { rules: [fakeRule("test/a", [{ line: 2, column: 3 }, { severity: "error" }])] });
    expect(report.plugins[0]?.findings).toEqual([
      { ruleId: "test/a", severity: "error", message: "test/a finding", file: "/virtual/my-plugin/schema.lua", docs: "https://github.com/kplug/kplug#rule-test-a" },
      { ruleId: "test/a", severity: "warning", message: "test/a finding", file: "/virtual/my-plugin/schema.lua", location: at(2, 3), docs: "https://github.com/kplug/kplug#rule-test-a" },
    ]);
    expect(report).toMatchObject({ errorCount: 1, warningCount: 1, failed: true });
    expect(report.plugins[0]).toMatchObject({ name: "my-plugin", dir: "/virtual/my-plugin", target: "schema", errorCount: 1, warningCount: 1 });
  });

  it("sorts findings by file, then line and column, keeping rule order for ties", () => {
    const rules = [fakeRule("test/b", [{ line: 9, column: 1 }, { line: 2, column: 8, file: "handler" }, { line: 2, column: 8 }]), fakeRule("test/a", [{ line: 2, column: 8 }, { line: 2, column: 3 }])];
    const findings = validatePlugins([plugin()], { rules }).plugins[0]?.findings ?? [];
    expect(findings.map((f) => `${f.file.split("/").pop()}:${f.location?.line}:${f.location?.column} ${f.ruleId}`)).toEqual([
      "handler.lua:2:8 test/b",
      "schema.lua:2:3 test/a",
      "schema.lua:2:8 test/b",
      "schema.lua:2:8 test/a",
      "schema.lua:9:1 test/b",
    ]);
  });

  it("runs a rule only for the targets it lists", () => {
    const rules = [fakeRule("test/streamed-only", [{ line: 1 }], { targets: ["streamed"] })];
    expect(validatePlugins([plugin("a", "schema")], { rules }).warningCount).toBe(0);
    expect(validatePlugins([plugin("a", "streamed")], { rules }).warningCount).toBe(1);
  });

  it("applies severity overrides to every finding of a rule, and 'off' skips the rule", () => {
    const rules = [fakeRule("test/a", [{ line: 1 }, { line: 2, severity: "error" }]), fakeRule("test/b", [{ line: 3, severity: "error" }])];
    const warned = validatePlugins([plugin()], { rules, overrides: { "test/a": "error", "test/b": "warning" } });
    expect(warned.plugins[0]?.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["test/a error", "test/a error", "test/b warning"]);
    const off = validatePlugins([plugin()], { rules, overrides: { "test/b": "off" } });
    expect(off.plugins[0]?.findings.map((f) => f.ruleId)).toEqual(["test/a", "test/a"]);
  });

  it("fails on errors, or on more warnings than maxWarnings", () => {
    const rules = [fakeRule("test/a", [{ line: 1 }, { line: 2 }])];
    expect(validatePlugins([plugin()], { rules })).toMatchObject({ failed: false, warningCount: 2 });
    expect(validatePlugins([plugin()], { rules, maxWarnings: 2 }).failed).toBe(false);
    const over = validatePlugins([plugin()], { rules, maxWarnings: 1 });
    expect(over).toMatchObject({ failed: true, maxWarningsExceeded: { limit: 1, found: 2 } });
    expect(validatePlugins([plugin()], { rules, maxWarnings: -1 }).failed).toBe(false);
    expect(validatePlugins([plugin()], { rules: [] })).toEqual({ plugins: [expect.objectContaining({ findings: [] })], errorCount: 0, warningCount: 0, internalErrorCount: 0, failed: false });
  });

  it("konnect/unique-name: two plugins declaring the same name both get an error at the name", () => {
    const rules = [ruleById.get("konnect/unique-name") as Rule];
    const a = pluginFromSchema(`return {\n  name = "shared", fields = {} }`, { name: "shared", path: "/repo-a/kong/plugins/shared/schema.lua" });
    const b = pluginFromSchema(`return { name = "shared", fields = {} }`, { name: "shared", path: "/repo-b/kong/plugins/shared/schema.lua" });
    const c = plugin("other");
    const report = validatePlugins([a, b, c], { rules });
    expect(report.plugins.map((p) => p.findings.map((f) => `${f.severity} ${f.location?.line}:${f.location?.column} ${f.message}`))).toEqual([
      ['error 2:10 plugin name "shared" is also declared by /repo-b/kong/plugins/shared: Konnect requires each custom plugin to have a unique name'],
      ['error 1:17 plugin name "shared" is also declared by /repo-a/kong/plugins/shared: Konnect requires each custom plugin to have a unique name'],
      [],
    ]);
    expect(validatePlugins([a, b], { rules, overrides: { "konnect/unique-name": "off" } }).errorCount).toBe(0);
  });

  it("startValidation fed in batches reports exactly what validatePlugins reports over all at once, across batches too", () => {
    const shared = (repo: string, name = "shared") => pluginFromSchema(`return { name = "${name}", fields = { { config = { type = "record", fields = { { n = { type = "integer", between = { 1 } } } } } } } }`, { name, path: `/${repo}/kong/plugins/${name}/schema.lua` });
    const plugins = [shared("a"), plugin("other"), shared("b"), plugin("x", "streamed"), shared("c", "third")];
    const rules = [...allRules, fakeRule("test/tie", [{ line: 1, column: 17 }])];
    const run = startValidation({ rules, maxWarnings: 0 });
    for (const batch of [plugins.slice(0, 2), plugins.slice(2, 3), plugins.slice(3)]) run.add(batch);
    const batched = run.finish();
    expect(batched).toEqual(validatePlugins(plugins, { rules, maxWarnings: 0 }));
    // the duplicate names were found although the two plugins were checked in different batches
    expect(batched.plugins[2]?.findings.map((f) => f.ruleId)).toContain("konnect/unique-name");
  });
});

describe("rule registry and ids", () => {
  it("allRules: unique stable ids with title, why and source; ruleById finds each", () => {
    const ids = allRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of allRules) {
      expect(rule.id).toMatch(/^(lua|konnect|schema|streamed|handler)\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.source).toMatch(/^(https:\/\/|kong\/)/);
      expect(ruleById.get(rule.id)).toBe(rule);
    }
    expect(ids).toEqual(expect.arrayContaining(["konnect/forbidden-files", "konnect/schema-size", "konnect/unique-name", "streamed/files", "streamed/no-init-worker", "streamed/no-timers", "streamed/handler-metadata", "streamed/custom-validation"]));
    expect(allRules.filter((rule) => rule.id.startsWith("streamed/")).every((rule) => rule.targets?.join() === "streamed")).toBe(true);
  });

  it("docs links point at the README anchor of the rule", () => {
    expect(ruleDocsUrl("streamed/no-init-worker")).toBe("https://github.com/kplug/kplug#rule-streamed-no-init-worker");
  });
});

describe("validatePlugins: a rule failing on one plugin", () => {
  const crashOn = (name: string): Rule => ({
    ...fakeRule("test/crashes", []),
    check(target, report) {
      if (target.name === name) throw new TypeError("boom");
      if (target.schema) report({ message: "checked", file: target.schema.file });
    },
  });

  it("is an internal error of that plugin, naming the rule and the file; the other plugins and rules still report", () => {
    const report = validatePlugins([plugin("good"), plugin("bad")], { rules: [crashOn("bad"), fakeRule("test/other", [{ line: 1 }])] });
    expect(report.internalErrorCount).toBe(1);
    expect(report.failed).toBe(true);
    const [good, bad] = report.plugins;
    expect(good?.internalErrors).toEqual([]);
    expect(good?.findings.map((f) => f.ruleId)).toEqual(["test/crashes", "test/other"]);
    expect(bad?.internalErrors).toMatchObject([{ ruleId: "test/crashes", file: "/virtual/bad/schema.lua", message: "boom" }]);
    expect(bad?.findings.map((f) => f.ruleId)).toEqual(["test/other"]);
  });

  it("a plugin-set rule that fails is rerun plugin by plugin, so the failure is pinned to the plugin causing it", () => {
    const setRule = {
      ...fakeRule("test/set", []),
      summarize: (p: PluginUnderTest) => ({ name: p.name, file: p.schema?.file }),
      checkPlugins(summaries: readonly { name: string; file: NonNullable<PluginUnderTest["schema"]>["file"] | undefined }[], report: (index: number, finding: RuleReport) => void) {
        summaries.forEach((summary, index) => {
          if (summary.name === "bad") throw new Error("set boom");
          if (summary.file) report(index, { message: "seen", file: summary.file });
        });
      },
    };
    const report = validatePlugins([plugin("good"), plugin("bad")], { rules: [setRule] });
    expect(report.plugins.map((p) => [p.name, p.findings.length, p.internalErrors.map((e) => e.message)])).toEqual([
      ["good", 1, []],
      ["bad", 0, ["set boom"]],
    ]);
  });
});
