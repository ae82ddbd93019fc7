import { describe, expect, it } from "vitest";
import { validatePaths } from "../../src/validate/index.js";
import { fixturesRoot } from "../helpers/plugin.js";

const brief = (report: Awaited<ReturnType<typeof validatePaths>>) =>
  report.plugins.flatMap((p) => p.findings.map((f) => `${p.name} ${f.severity} ${f.ruleId} ${f.file}:${f.location?.line ?? 0}:${f.location?.column ?? 0} ${f.message}`));

describe("fixtures/examples: the README demo plugins", () => {
  for (const target of ["schema", "streamed"] as const) {
    it(`pass every rule with no finding at all for target ${target}`, async () => {
      const report = await validatePaths(["examples"], { cwd: fixturesRoot, target, strict: true });
      expect(report.plugins.map((p) => `${p.name} ${p.dir}`)).toEqual([
        "api-quota examples/kong/plugins/api-quota",
        "ip-tag examples/kong/plugins/ip-tag",
        "request-tag examples/kong/plugins/request-tag",
      ]);
      expect(brief(report)).toEqual([]);
      expect(report.failed).toBe(false);
    });
  }
});

describe("other fixture sets behave sensibly", () => {
  it("fleet/header-stamp is valid for both targets", async () => {
    for (const target of ["schema", "streamed"] as const) {
      const report = await validatePaths(["fleet"], { cwd: fixturesRoot, target, strict: false });
      expect(brief(report)).toEqual([]);
    }
  });

  it("legacy 0.x plugins fail with schema/legacy-format, and streamed adds the missing handler", async () => {
    const schema = await validatePaths(["legacy"], { cwd: fixturesRoot, target: "schema", strict: false });
    expect(schema.plugins.map((p) => p.name)).toEqual(["header-echo", "ip-gate", "quota-lite"]);
    expect(schema.failed).toBe(true);
    for (const plugin of schema.plugins) expect(plugin.findings.map((f) => f.ruleId)).toContain("schema/legacy-format");
    const streamed = await validatePaths(["legacy"], { cwd: fixturesRoot, target: "streamed", strict: false });
    for (const plugin of streamed.plugins) expect(plugin.findings.map((f) => f.ruleId)).toContain("streamed/files");
  });
});
