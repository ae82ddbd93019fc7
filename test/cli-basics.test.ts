import { describe, expect, it } from "vitest";
import { allRules } from "../src/rules/all-rules.js";
import { runKplug } from "./helpers/run.js";

describe("kplug binary", () => {
  it("prints its version from package.json", async () => {
    const { default: pkg } = await import("../package.json", { with: { type: "json" } });
    const result = await runKplug(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it("rejects an unknown option with exit code 2 and no stack trace", async () => {
    const result = await runKplug(["--bogus"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("kplug rules lists every rule, as text and as JSON", async () => {
    const [text, json] = await Promise.all([runKplug(["rules"]), runKplug(["rules", "--json"])]);
    expect(text.exitCode).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(allRules.map((r) => r.id));
    const rows = JSON.parse(json.stdout) as { id: string; severity: string; docs: string }[];
    expect(rows.map((r) => [r.id, r.severity])).toEqual(allRules.map((r) => [r.id, r.defaultSeverity]));
    expect(rows[0]?.docs).toMatch(/#rule-/);
  });
});
