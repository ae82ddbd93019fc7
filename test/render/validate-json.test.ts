import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/render/validate-json.js";
import type { JsonValidationReport } from "../../src/render/validate-json.js";
import { version } from "../../src/version.js";
import { finding, headerEcho, ipGate, plugin, quotaLite, report } from "./reports.js";

describe("renderJson", () => {
  it("writes the documented shape, with null for what a finding does not have", () => {
    const out = renderJson(report([headerEcho, quotaLite]));
    expect(out.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(out) as JsonValidationReport;
    expect(parsed.version).toBe(1);
    expect(parsed.tool).toEqual({ name: "kplug", version });
    expect(parsed.summary).toEqual({ plugins: 2, errors: 2, warnings: 2, internalErrors: 0, failed: true, maxWarningsExceeded: null });
    expect(parsed.plugins.map((p) => [p.name, p.dir, p.target, p.errors, p.warnings, p.findings.length])).toEqual([
      ["header-echo", "plugins/header-echo", "schema", 2, 2, 4],
      ["quota-lite", "plugins/quota-lite", "schema", 0, 0, 0],
    ]);
    expect(parsed.plugins[0]?.findings[0]).toEqual({
      ruleId: "konnect/schema-name",
      severity: "error",
      message: 'schema name "wrong-name" does not match the plugin name "header-echo"',
      hint: 'set name = "header-echo"',
      file: "plugins/header-echo/schema.lua",
      line: 3,
      column: 17,
      endLine: 3,
      endColumn: 29,
      docs: "https://example.test/rules/konnect/schema-name",
      fix: null,
    });
    // no location and no hint: the keys stay, as null
    expect(parsed.plugins[0]?.findings[1]).toMatchObject({ ruleId: "konnect/no-require", hint: null });
    expect(parsed.plugins[0]?.findings[3]).toMatchObject({ ruleId: "konnect/no-extra-files", file: "plugins/header-echo", line: null, column: null, endLine: null, endColumn: null });
  });

  it("keeps every key of every finding, in a fixed order", () => {
    const parsed = JSON.parse(renderJson(report([headerEcho, ipGate]))) as JsonValidationReport;
    for (const f of parsed.plugins.flatMap((p) => p.findings)) {
      expect(Object.keys(f)).toEqual(["ruleId", "severity", "message", "hint", "file", "line", "column", "endLine", "endColumn", "docs", "fix"]);
    }
    expect(Object.keys(parsed)).toEqual(["version", "tool", "plugins", "summary", "configs"]);
    // configs is only set by --deck: null, never a missing key
    expect(parsed.configs).toBeNull();
  });

  it("carries messages verbatim (JSON escapes them) and the exceeded warning limit", () => {
    const w = finding({ ruleId: "r/w", severity: "warning", message: "100%: a,\nb \u001b", file: "a/schema.lua" });
    const out = renderJson(report([plugin("a", [w])], { failed: true, maxWarningsExceeded: { limit: 0, found: 1 } }));
    expect(out).toContain('"message": "100%: a,\\nb \\u001b"');
    const parsed = JSON.parse(out) as JsonValidationReport;
    expect(parsed.plugins[0]?.findings[0]?.message).toBe("100%: a,\nb \u001b");
    expect(parsed.summary).toEqual({ plugins: 1, errors: 0, warnings: 1, internalErrors: 0, failed: true, maxWarningsExceeded: { limit: 0, found: 1 } });
  });
});
