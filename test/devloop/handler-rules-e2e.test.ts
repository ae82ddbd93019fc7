import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturesRoot } from "../helpers/plugin.js";
import { runKplug } from "../helpers/run.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-handler-"));
  await cp(join(fixturesRoot, "rules/handler/drift"), join(dir, "drift"), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("handler ↔ schema rules from the CLI", () => {
  it("a misspelled phase fails the run; undeclared conf reads are warnings with did-you-mean", async () => {
    const result = await runKplug(["validate", "drift"], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("11:16  error    acess is not a phase Kong knows: Kong never calls it  handler/unknown-phase");
    expect(result.stdout).toContain("hint: did you mean conf.limits.per_second?");
    expect(result.stdout).toContain("✖ 6 problems (2 errors, 4 warnings) in 1 plugin");
    expect(result.stdout).not.toContain("unused_flag");
  });

  it("the unused-field rule is shown as info once enabled, as a SARIF note and a GitHub notice, and fails nothing", async () => {
    await writeFile(join(dir, ".kplugrc.json"), JSON.stringify({ rules: { "handler/unknown-phase": "off", "handler/unknown-config-field": "off", "handler/unused-config-field": "info" } }));
    const pretty = await runKplug(["validate", "drift"], { cwd: dir });
    expect(pretty.exitCode).toBe(0);
    expect(pretty.stdout).toContain("18:13  info     config.unused_flag is never read by handler.lua or another Lua file of the plugin  handler/unused-config-field");
    const github = await runKplug(["validate", "drift", "--format", "github"], { cwd: dir });
    expect(github.stdout).toMatch(/^::notice file=drift\/schema\.lua,line=18,.*title=handler\/unused-config-field::config\.unused_flag is never read/m);
    const sarif = JSON.parse((await runKplug(["validate", "drift", "--format", "sarif"], { cwd: dir })).stdout) as {
      runs: { results: { ruleId: string; level: string }[]; tool: { driver: { rules: { id: string; defaultConfiguration: { level: string; enabled?: boolean } }[] } } }[];
    };
    expect(sarif.runs[0]?.results).toEqual([expect.objectContaining({ ruleId: "handler/unused-config-field", level: "note" })]);
    expect(sarif.runs[0]?.tool.driver.rules.find((r) => r.id === "handler/unused-config-field")?.defaultConfiguration).toEqual({ level: "note", enabled: false });
  });
});
