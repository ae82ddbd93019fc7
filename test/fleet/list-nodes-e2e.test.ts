import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, PLUGIN, requestCounts } from "./helpers/fleet-env.js";

/** kplug list --nodes end to end: the built bin against the emulator over HTTP. */

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const plugin = `kong/plugins/${PLUGIN}`;

interface ListJson {
  seenWithinSeconds?: number;
  controlPlanes: Array<{ name: string; kind: string; error?: unknown; nodes?: { total: number; seen: number; ready: number; degraded: number; converged: boolean; configHashes: number } }>;
}

/**
 * fleet-01: two nodes, both fine; fleet-02: two nodes, one lacking the plugin's files (an instance
 * exists, so Konnect reports it); fleet-03: the plugin, but only a node record an hour old;
 * fleet-04: the plugin, no nodes at all.
 */
async function mixedFleet(): Promise<FleetEnv> {
  const created = await fleetEnv({ hybrid: 4 });
  expect((await created.run(["push", "--all", plugin])).exitCode).toBe(0);
  for (const cp of ["fleet-01", "fleet-02"]) {
    await created.emulator.addPluginInstance(cp, { name: PLUGIN });
    await created.emulator.addNode(cp, { hostname: `${cp}-dp-a`, version: "3.15.0.0" });
    await created.emulator.addNode(cp, { hostname: `${cp}-dp-b`, version: "3.15.1.0" });
  }
  await created.emulator.updateNode("fleet-02", "fleet-02-dp-b", { missing_plugins: [PLUGIN] });
  await created.emulator.addNode("fleet-03", { hostname: "gone", version: "3.15.0.0", last_ping: Math.floor(Date.now() / 1000) - 3600 });
  return created;
}

describe("kplug list --nodes (e2e against the emulator)", () => {
  it("adds a NODES column: ready and degraded nodes per control plane, and a total line", async () => {
    env = await mixedFleet();
    const result = await env.run(["list", "--all", "--nodes", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^CONTROL PLANE\s+KIND\s+NODES\s+header-stamp$/m);
    expect(result.stdout).toMatch(/^fleet-01\s+hybrid\s+2 ready\s+schema [0-9a-f]{8} =$/m);
    expect(result.stdout).toMatch(/^fleet-02\s+hybrid\s+1 ready, 1 degraded\s+schema [0-9a-f]{8} =$/m);
    expect(result.stdout).toMatch(/^fleet-03\s+hybrid\s+none seen \(1 stale\)\s+schema/m);
    expect(result.stdout).toMatch(/^fleet-04\s+hybrid\s+none\s+schema/m);
    expect(result.stdout).toContain(
      "data plane nodes seen in the last 5m: 3 ready, 1 degraded on 1 control plane(s), 2 control plane(s) without data planes (kplug status names the nodes and why)",
    );
    expect(result.stderr).toBe("");
    // without --nodes: no column, and no nodes request
    env.emulator.requestLog.length = 0;
    const plain = await env.run(["list", "--all", plugin]);
    expect(plain.stdout).not.toContain("NODES");
    expect(env.emulator.requestLog.some((e) => e.path.includes("/nodes"))).toBe(false);
  });

  it("counts a node degraded the way status does: too old for a streamed plugin; flags unconverged hashes", async () => {
    env = await fleetEnv({ hybrid: 1, extra: [{ name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } }] });
    expect((await env.run(["push", "--all", plugin])).exitCode).toBe(0);
    await env.emulator.addNode("edge", { hostname: "edge-new", version: "3.15.0.0" });
    await env.emulator.addNode("edge", { hostname: "edge-old", version: "3.14.2.0" });
    await env.emulator.addNode("fleet-01", { hostname: "a", version: "3.15.0.0" });
    await env.emulator.addNode("fleet-01", { hostname: "b", version: "3.15.0.0" });
    await env.emulator.updateNode("fleet-01", "b", { config_hash: "0".repeat(32) });
    const result = await env.run(["list", "--all", "--nodes", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^edge\s+dedicated-cloud-gateway\s+1 ready, 1 degraded\s+streamed/m);
    expect(result.stdout).toMatch(/^fleet-01\s+hybrid\s+2 ready, unconverged \(2 config hashes\)\s+schema/m);
    // the same nodes as status holds against the plugin
    const status = JSON.parse((await env.run(["status", "--control-plane", "edge", "--json", plugin])).stdout) as { rows: Array<{ tooOld: Array<{ hostname: string }> }> };
    expect(status.rows[0]?.tooOld.map((n) => n.hostname)).toEqual(["edge-old"]);
  });

  it("--json carries each control plane's nodes and the window", async () => {
    env = await mixedFleet();
    const result = await env.run(["list", "--all", "--nodes", "--seen-within", "2h", "--json", plugin]);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as ListJson;
    expect(json.seenWithinSeconds).toBe(7200);
    const nodes = Object.fromEntries(json.controlPlanes.map((c) => [c.name, c.nodes]));
    expect(nodes).toEqual({
      "fleet-01": { total: 2, seen: 2, ready: 2, degraded: 0, converged: true, configHashes: 1 },
      "fleet-02": { total: 2, seen: 2, ready: 1, degraded: 1, converged: true, configHashes: 1 },
      // two hours: the old record counts as seen
      "fleet-03": { total: 1, seen: 1, ready: 1, degraded: 0, converged: true, configHashes: 1 },
      "fleet-04": { total: 0, seen: 0, ready: 0, degraded: 0, converged: true, configHashes: 0 },
    });
    const plain = JSON.parse((await env.run(["list", "--all", "--json", plugin])).stdout) as ListJson;
    expect(plain.seenWithinSeconds).toBeUndefined();
    expect(plain.controlPlanes.some((c) => c.nodes !== undefined)).toBe(false);
  });

  it("costs one nodes request per control plane on top of list's reads", async () => {
    const n = 8;
    env = await fleetEnv({ hybrid: n });
    expect((await env.run(["push", "--all", plugin])).exitCode).toBe(0);
    env.emulator.requestLog.length = 0;
    expect((await env.run(["list", "--all", plugin])).exitCode).toBe(0);
    const list = requestCounts(env.emulator);
    env.emulator.requestLog.length = 0;
    expect((await env.run(["list", "--all", "--nodes", "--concurrency", "3", plugin])).exitCode).toBe(0);
    expect(requestCounts(env.emulator)).toEqual({ ...list, "GET /v2/control-planes/{cp}/nodes": n });
  });

  it("a control plane whose nodes cannot be read: named on stderr, exit 1, the others listed", async () => {
    env = await fleetEnv({ hybrid: 3 });
    expect((await env.run(["push", "--all", plugin])).exitCode).toBe(0);
    env.emulator.setFaults({ rules: [{ fault: "status", status: 500, controlPlane: "fleet-02", path: "/v2/control-planes/*/nodes" }] });
    const result = await env.run(["list", "--all", "--nodes", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^fleet-02\s+hybrid\s+error\s+error: /m);
    expect(result.stdout).toMatch(/^fleet-01\s+hybrid\s+none\s+schema/m);
    expect(result.stderr).toMatch(/^kplug: fleet-02: .*500/m);
  });

  it("--seen-within without --nodes is a usage error: exit 2, one line, no request", async () => {
    env = await fleetEnv({ hybrid: 1 });
    const result = await env.run(["list", "--all", "--seen-within", "1h"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^kplug: --seen-within counts data plane nodes, which list reads only with --nodes/);
    expect(result.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(env.emulator.requestLog).toEqual([]);
  });
});
