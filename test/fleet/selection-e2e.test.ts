import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, writes } from "./helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const PLUGIN = "kong/plugins/header-stamp";
interface Selection {
  controlPlanes: { name: string }[];
  excluded: { name: string }[];
}

describe("selecting control planes (e2e)", () => {
  it("globs, comma lists, --exclude and label negation, shown on --dry-run and in --json", async () => {
    env = await fleetEnv({ hybrid: 12, extra: [{ name: "canary-1", labels: { fleet: "e2e", tier: "canary" } }, { name: "other", labels: { fleet: "x" } }] });
    const plan = await env.run(["push", "--dry-run", PLUGIN, "--control-plane", "fleet-0*,canary-1", "--exclude", "fleet-05", "--exclude", "fleet-07,fleet-08"]);
    expect(plan.exitCode).toBe(0);
    expect(plan.stderr).toContain("selected 7 control planes: canary-1, fleet-01 … fleet-04, fleet-06, fleet-09 (excluded 3: fleet-05, fleet-07, fleet-08)");
    expect(writes(env.emulator)).toEqual([]);

    const json = await env.run(["push", "--dry-run", PLUGIN, "--label", "fleet=e2e", "--label", "tier!=canary", "--exclude", "fleet-1*", "--json"]);
    expect(json.exitCode).toBe(0);
    const doc = JSON.parse(json.stdout) as { selection: Selection };
    expect(doc.selection.controlPlanes.map((cp) => cp.name).sort()).toEqual(["fleet-01", "fleet-02", "fleet-03", "fleet-04", "fleet-05", "fleet-06", "fleet-07", "fleet-08", "fleet-09"]);
    expect(doc.selection.excluded.map((cp) => cp.name).sort()).toEqual(["fleet-10", "fleet-11", "fleet-12"]);
  });

  it("--control-planes-from reads one entry per line with # comments; an unknown one is exit 2 with a suggestion", async () => {
    env = await fleetEnv({ hybrid: 4 });
    await writeFile(join(env.dir, "targets.txt"), "# the first two\nfleet-01\nfleet-02  # canary\n\n");
    const result = await env.run(["push", PLUGIN, "--control-planes-from", "targets.txt", "--json"]);
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { selection: Selection }).selection.controlPlanes.map((cp) => cp.name)).toEqual(["fleet-01", "fleet-02"]);
    expect(env.holders()).toEqual(["fleet-01", "fleet-02"]);

    await writeFile(join(env.dir, "typo.txt"), "fleet-1\n");
    const typo = await env.run(["diff", PLUGIN, "--control-planes-from", "typo.txt", "--json"]);
    expect(typo.exitCode).toBe(2);
    expect(JSON.parse(typo.stdout)).toMatchObject({ error: { code: "usage", message: expect.stringContaining("'fleet-1' not found; did you mean") } });
    const missing = await env.run(["list", "--control-planes-from", "nope.txt", "--json"]);
    expect(missing.exitCode).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "input", message: "nope.txt: file not found" } });
  });

  it("--json prints a document for usage errors found while parsing flags, and pull refuses a second --control-plane", async () => {
    env = await fleetEnv({ hybrid: 1 });
    for (const args of [
      ["push", PLUGIN, "--all", "--concurrency", "zero", "--json"],
      ["delete", "header-stamp", "--label", "fleet", "--json"],
      ["pull", "header-stamp", "--control-plane", "a", "--control-plane", "b", "--json"],
    ]) {
      const result = await env.run(args);
      expect(result.exitCode).toBe(2);
      expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: "usage" } });
      expect(result.stderr).toMatch(/^kplug: /);
    }
    const help = await env.run(["pull", "--help"]);
    expect(help.stdout).not.toMatch(/--label|--all|--exclude|repeatable/);
    expect(env.emulator.requestLog).toEqual([]);
  });
});
