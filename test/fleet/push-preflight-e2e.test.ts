import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, PLUGIN } from "./helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const plugin = `kong/plugins/${PLUGIN}`;

function nodeReads(e: FleetEnv): string[] {
  return e.emulator.requestLog.filter((entry) => /\/nodes(\?|$)/.test(entry.path)).map((entry) => entry.controlPlaneId ?? "");
}

describe("kplug push: data plane preflight (e2e against the emulator)", () => {
  it("schema pushes: reminds per control plane how many nodes need the files; --verbose names them", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.emulator.addNode("fleet-01", { hostname: "dp-a.internal", version: "3.15.0.0" });
    await env.emulator.addNode("fleet-01", { hostname: "dp-b.internal", version: "3.10.0.0" });
    await env.emulator.addNode("fleet-01", { hostname: "dp-gone.internal", version: "3.15.0.0", last_ping: 1_600_000_000 });
    const result = await env.run(["push", "--all", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("kplug: note: fleet-01: the plugin files of header-stamp must be installed on its 2 data plane nodes (--verbose lists them)\n");
    // fleet-02 has no node: nothing to remind of
    expect(result.stderr).not.toContain("fleet-02:");
    const verbose = await env.run(["push", "--all", "--verbose", plugin]);
    // the reminder comes before anything is written (--verbose prints a progress line per control plane)
    expect(verbose.stderr.indexOf("kplug: note: fleet-01")).toBeLessThan(verbose.stderr.indexOf("fleet-01: header-stamp"));
    expect(verbose.stderr).toContain("kplug: note: fleet-01: the plugin files of header-stamp must be installed on its 2 data plane nodes: dp-a.internal, dp-b.internal\n");
  });

  it("streamed pushes: warns before writing when nodes are older than 3.15, and pushes anyway", async () => {
    env = await fleetEnv({ hybrid: 0, extra: [{ name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } }] });
    await env.emulator.addNode("edge", { hostname: "edge-1", version: "3.15.0.0" });
    await env.emulator.addNode("edge", { hostname: "edge-2", version: "3.14.1.0" });
    const result = await env.run(["push", "--all", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("kplug: warning: edge: 1 of 2 data plane nodes run Kong Gateway older than 3.15 (edge-2 3.14.1.0): streamed plugins will not run there until they are upgraded\n");
    expect(result.stderr).not.toContain("plugin files");
    expect(result.stdout).toMatch(/header-stamp\s+streamed\s+create\s+1\s+edge/);
  });

  it("after a push, points at kplug status when a node reports a compatibility issue for the plugin", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.run(["push", "--all", plugin]);
    await env.emulator.addPluginInstance("fleet-02", { name: PLUGIN });
    await env.emulator.addNode("fleet-02", { hostname: "dp-1", version: "3.15.0.0", missing_plugins: [PLUGIN] });
    await env.emulator.addNode("fleet-01", { hostname: "dp-1", version: "3.15.0.0" });
    const result = await env.run(["push", "--all", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
      "kplug: data plane nodes report compatibility issues for fleet-02/header-stamp (1 data plane node); run kplug status for Konnect's description and resolution",
    );
    const dry = await env.run(["push", "--all", "--dry-run", plugin]);
    expect(dry.stderr).not.toContain("compatibility issues");
  });

  it("reads one nodes page per control plane it writes to, none for a group, and goes on when nodes cannot be read", async () => {
    env = await fleetEnv({
      hybrid: 3,
      extra: [{ name: "grp", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE_GROUP", members: ["fleet-01"], labels: { fleet: "e2e" } }],
      faults: { rules: [{ fault: "status", status: 500, path: "/v2/control-planes/*/nodes", controlPlane: "fleet-03" }] },
    });
    const result = await env.run(["push", "--label", "fleet=e2e", plugin]);
    expect(result.exitCode).toBe(0);
    const reads = nodeReads(env);
    const id = (name: string): string => env!.emulator.controlPlane(name)!.id;
    expect(reads.filter((cp) => cp === id("fleet-01"))).toHaveLength(1);
    expect(reads.filter((cp) => cp === id("fleet-02"))).toHaveLength(1);
    expect(reads).not.toContain(id("grp"));
    expect(result.stderr).toMatch(/kplug: warning: fleet-03: could not read the data plane nodes \(.*500.*\); pushing without that check/);
    expect(env.holders()).toEqual(["fleet-01", "fleet-02", "fleet-03"]);
  });

  it("a fleet with the same preflight line prints it once, naming the control planes as a folded list", async () => {
    env = await fleetEnv({ hybrid: 12, faults: { rules: [{ fault: "status", status: 500, path: "/v2/control-planes/*/nodes", controlPlane: "fleet-12" }] } });
    for (let i = 1; i <= 11; i++) {
      const name = `fleet-${String(i).padStart(2, "0")}`;
      await env.emulator.addNode(name, { hostname: `dp-${i}-a.internal`, version: "3.15.0.0" });
      await env.emulator.addNode(name, { hostname: `dp-${i}-b.internal`, version: "3.15.0.0" });
    }
    const result = await env.run(["push", "--all", plugin]);
    expect(result.exitCode).toBe(0);
    const preflight = result.stderr.split("\n").filter((line) => line.startsWith("kplug: note:") || line.startsWith("kplug: warning:"));
    expect(preflight).toEqual([
      "kplug: note: 11 control planes: fleet-01 … fleet-11: the plugin files of header-stamp must be installed on its 2 data plane nodes (--verbose lists them)",
      expect.stringMatching(/^kplug: warning: fleet-12: could not read the data plane nodes \(.*500.*\); pushing without that check$/),
    ]);
  });

  it("reads the nodes beside the pushes, yet prints the preflight before every control plane's line, and each line once", async () => {
    env = await fleetEnv({ hybrid: 9 });
    for (let i = 1; i <= 9; i++) await env.emulator.addNode(`fleet-0${i}`, { hostname: "dp.internal", version: "3.15.0.0" });
    const result = await env.run(["push", "--all", "--verbose", "--concurrency", "2", plugin]);
    expect(result.exitCode).toBe(0);
    const lines = result.stderr.split("\n");
    const note = lines.findIndex((line) => line.startsWith("kplug: note: 9 control planes (fleet-01, "));
    const progress = lines.flatMap((line, index) => (/^✓ fleet-0\d: header-stamp/.test(line) ? [index] : []));
    expect(note).toBeGreaterThanOrEqual(0);
    expect(progress).toHaveLength(9);
    expect(Math.min(...progress)).toBeGreaterThan(note);
    expect(new Set(progress.map((index) => lines[index]?.slice(2, 10)))).toEqual(new Set(Array.from({ length: 9 }, (_, i) => `fleet-0${i + 1}`)));
    expect(nodeReads(env)).toHaveLength(9);
    expect(env.holders()).toHaveLength(9);
  });
});

