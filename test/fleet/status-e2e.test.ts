import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../helpers/run.js";
import { fleetEnv, PLUGIN, requestCounts } from "./helpers/fleet-env.js";

/**
 * kplug status end to end: the built bin against the emulator over HTTP. Node states are set through
 * the emulator's API (addNode / updateNode / addPluginInstance), as a test would change Konnect.
 */

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const plugin = `kong/plugins/${PLUGIN}`;

interface StatusJson {
  ready: boolean;
  seenWithinSeconds: number;
  wait?: { timedOut: boolean; rounds: number; waitedMs: number };
  interrupted: boolean;
  plugins: string[];
  local: Record<string, string>;
  counts: Record<string, number>;
  rows: Array<{
    controlPlane: { id: string; name: string; kind: string };
    plugin: string;
    verdict: string;
    reasons: string[];
    present?: boolean;
    mechanism?: string;
    hash?: string;
    current?: boolean;
    nodes: { total: number; seen: number; canRun: number; versions: Record<string, number>; converged: boolean; configHashes: number };
    tooOld: Array<{ hostname: string; version: string }>;
    issues: Array<{ node: { hostname: string }; code: string; severity: string; description: string; resolution: string; blocking: boolean }>;
  }>;
}

async function statusJson(args: string[]): Promise<{ exitCode: number | null; json: StatusJson; stderr: string }> {
  const result = await env!.run(["status", ...args, "--json"]);
  return { exitCode: result.exitCode, json: JSON.parse(result.stdout) as StatusJson, stderr: result.stderr };
}

/** two hybrid control planes holding the plugin (pushed by kplug), two 3.15 nodes each, one instance each */
async function pushedFleet(): Promise<FleetEnv> {
  const created = await fleetEnv({ hybrid: 2 });
  expect((await created.run(["push", "--all", plugin])).exitCode).toBe(0);
  for (const cp of ["fleet-01", "fleet-02"]) {
    await created.emulator.addPluginInstance(cp, { name: PLUGIN });
    await created.emulator.addNode(cp, { hostname: `${cp}-dp-a`, version: "3.15.0.0" });
    await created.emulator.addNode(cp, { hostname: `${cp}-dp-b`, version: "3.15.1.0" });
  }
  return created;
}

/** resolves once `condition` holds, checking as the emulator serves requests (no fixed sleep) */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe("kplug status (e2e against the emulator)", () => {
  it("ready: every node seen, no issue, one config hash; exit 0 and the table says so", async () => {
    env = await pushedFleet();
    const result = await env.run(["status", "--all", plugin]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/fleet-01\s+header-stamp\s+schema [0-9a-f]{8} =\s+2\/2\s+3\.15\.1\.0, 3\.15\.0\.0\s+yes\s+ready/);
    expect(result.stdout).toMatch(/fleet-02\s+header-stamp\s+schema [0-9a-f]{8} =\s+2\/2/);
    expect(result.stdout).toContain("2 row(s): 2 ready (data planes seen in the last 5m)");
    expect(result.stderr).toBe("");
  });

  it("degraded: one node lacks the plugin's files; Konnect's description and resolution are shown; exit 1", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-02", "fleet-02-dp-b", { missing_plugins: [PLUGIN] });
    const result = await env.run(["status", "--all", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/fleet-01\s+header-stamp\s+.*ready/);
    expect(result.stdout).toMatch(/fleet-02\s+header-stamp\s+schema [0-9a-f]{8} =\s+1\/2\s+.*degraded/);
    expect(result.stdout).toContain("fleet-02 / header-stamp: degraded (1 node reports a compatibility issue for it)");
    expect(result.stdout).toContain("fleet-02-dp-b (3.15.1.0): [error EMU-PLUGIN-NOT-INSTALLED] Plugin 'header-stamp' is configured but not installed");
    expect(result.stdout).toContain("resolution: Install the plugin's files on the data plane node");
    expect(result.stderr).toBe("kplug: 1 row(s) not ready: fleet-02/header-stamp degraded\n");
  });

  it("not running: no node can run it, or the plugin is not on the control plane", async () => {
    env = await pushedFleet();
    for (const dp of ["fleet-01-dp-a", "fleet-01-dp-b"]) await env.emulator.updateNode("fleet-01", dp, { missing_plugins: [PLUGIN] });
    await env.emulator.addControlPlane({ name: "fleet-03", labels: { fleet: "e2e" } });
    await env.emulator.addNode("fleet-03", { hostname: "fleet-03-dp", version: "3.15.0.0" });
    const { exitCode, json } = await statusJson(["--label", "fleet=e2e", plugin]);
    expect(exitCode).toBe(1);
    const byCp = Object.fromEntries(json.rows.map((row) => [row.controlPlane.name, row]));
    expect(byCp["fleet-01"]).toMatchObject({ verdict: "not running", nodes: { seen: 2, canRun: 0 } });
    expect(byCp["fleet-01"]?.issues.map((i) => i.node.hostname)).toEqual(["fleet-01-dp-a", "fleet-01-dp-b"]);
    expect(byCp["fleet-02"]?.verdict).toBe("ready");
    expect(byCp["fleet-03"]).toMatchObject({ verdict: "not running", present: false, reasons: ["the plugin is not on this control plane"], nodes: { seen: 1, canRun: 0 } });
  });

  it("no data planes: none connected, or only records older than --seen-within", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.run(["push", "--all", plugin]);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await env.emulator.addNode("fleet-02", { hostname: "gone", version: "3.15.0.0", last_ping: hourAgo });
    const result = await env.run(["status", "--all", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("fleet-01 / header-stamp: no data planes (no data plane node seen in the last 5m)");
    expect(result.stdout).toContain("fleet-02 / header-stamp: no data planes (no data plane node seen in the last 5m (1 older node record))");
    expect(result.stdout).toMatch(/fleet-02\s+header-stamp\s+schema [0-9a-f]{8} =\s+0\/0 \(\+1 stale\)/);
    // a wider window counts the node again
    const wider = await statusJson(["--control-plane", "fleet-02", "--seen-within", "2h", plugin]);
    expect(wider.json.seenWithinSeconds).toBe(7200);
    expect(wider.json.rows[0]).toMatchObject({ verdict: "ready", nodes: { total: 1, seen: 1, canRun: 1 } });
    expect(wider.exitCode).toBe(0);
  });

  it("streamed: nodes older than 3.15 cannot run it (degraded), all of them old: not running", async () => {
    env = await fleetEnv({ hybrid: 0, extra: [{ name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } }, { name: "edge-old", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } }] });
    expect((await env.run(["push", "--all", plugin])).exitCode).toBe(0);
    await env.emulator.addNode("edge", { hostname: "edge-new", version: "3.15.0.0" });
    await env.emulator.addNode("edge", { hostname: "edge-old-1", version: "3.14.2.0" });
    await env.emulator.addNode("edge-old", { hostname: "older", version: "3.12.0.0" });
    const result = await env.run(["status", "--all", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/edge\s+header-stamp\s+streamed [0-9a-f]{8} =\s+1\/2\s+.*degraded/);
    expect(result.stdout).toContain("edge / header-stamp: degraded (1 node older than 3.15, which streamed plugins need)");
    expect(result.stdout).toContain("edge-old-1 (3.14.2.0): too old for streamed plugins, which need Kong Gateway 3.15+");
    expect(result.stdout).toMatch(/edge-old\s+header-stamp\s+streamed [0-9a-f]{8} =\s+0\/1\s+.*not running/);
    // once an instance exists, Konnect's own issue for the old node is listed too, matched through the instance
    const instance = await env.emulator.addPluginInstance("edge", { name: PLUGIN });
    const { json } = await statusJson(["--control-plane", "edge", plugin]);
    expect(json.rows[0]?.tooOld.map((n) => n.hostname)).toEqual(["edge-old-1"]);
    expect(json.rows[0]?.issues).toEqual([expect.objectContaining({ node: expect.objectContaining({ hostname: "edge-old-1" }), code: "EMU-STREAMED-PLUGIN-VERSION", blocking: true })]);
    expect(instance.id).toBeTruthy();
  });

  it("unconverged: a node reporting another config hash keeps the row from ready", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-01", "fleet-01-dp-b", { config_hash: "0".repeat(32) });
    const { exitCode, json } = await statusJson(["--all", plugin]);
    expect(exitCode).toBe(1);
    expect(json.rows[0]).toMatchObject({
      controlPlane: { name: "fleet-01" },
      verdict: "degraded",
      reasons: ["configuration not converged: 2 config hashes across 2 nodes"],
      nodes: { converged: false, configHashes: 2, canRun: 2 },
    });
    expect(json.rows[1]).toMatchObject({ verdict: "ready", nodes: { converged: true } });
  });

  it("--wait polls until the nodes are fixed, then exits 0; only not-ready control planes are read again", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-02", "fleet-02-dp-a", { missing_plugins: [PLUGIN] });
    env.emulator.requestLog.length = 0;
    const nodesReads = (cp: string): number => env!.emulator.requestLog.filter((e) => e.path.startsWith(`/v2/control-planes/${env!.emulator.controlPlane(cp)!.id}/nodes`)).length;
    const running = env.run(["status", "--all", "--wait", "2m", "--interval", "50ms", "--json", plugin]);
    // the first poll saw the issue; then the files get installed
    await until(() => nodesReads("fleet-02") >= 2);
    await env.emulator.updateNode("fleet-02", "fleet-02-dp-a", { missing_plugins: [] });
    const result = await running;
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout) as StatusJson;
    expect(json.ready).toBe(true);
    expect(json.wait?.timedOut).toBe(false);
    expect(json.wait?.rounds).toBeGreaterThanOrEqual(3);
    expect(json.rows.map((row) => row.verdict)).toEqual(["ready", "ready"]);
    // fleet-01 was ready at once and never read again
    expect(nodesReads("fleet-01")).toBe(1);
    // off a TTY there is no progress output
    expect(result.stderr).toBe("");
  });

  it("--wait gives up when the time is up: exit 1, the last state reported", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-01", "fleet-01-dp-a", { missing_plugins: [PLUGIN] });
    const text = await env.run(["status", "--all", "--wait", "300ms", "--interval", "50ms", plugin]);
    expect(text.exitCode).toBe(1);
    expect(text.stderr).toBe("kplug: timed out waiting: 1 row(s) not ready\n");
    expect(text.stdout).toContain("fleet-01 / header-stamp: degraded");
    expect(text.stdout).toMatch(/1 ready, 1 degraded \(data planes seen in the last 5m; timed out after \d+(\.\d)?m?s\)/);
    const { exitCode, json } = await statusJson(["--all", "--wait", "200ms", "--interval", "50ms", plugin]);
    expect(exitCode).toBe(1);
    expect(json.wait).toMatchObject({ timedOut: true });
    // it gives up only once the time is spent, never earlier
    expect(json.wait!.waitedMs).toBeGreaterThanOrEqual(200);
  });

  it("--wait pauses do not count against --timeout, which bounds the time spent reading", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-01", "fleet-01-dp-a", { missing_plugins: [PLUGIN] });
    const result = await env.run(["status", "--all", "--wait", "4s", "--interval", "200ms", "--timeout", "3s", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("kplug: timed out waiting: 1 row(s) not ready\n");
    expect(result.stdout).not.toContain("time limit");
  });

  it("--json has the documented shape", async () => {
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-02", "fleet-02-dp-b", { missing_plugins: [PLUGIN] });
    const { json } = await statusJson(["--all", plugin]);
    expect(Object.keys(json)).toEqual(["ready", "seenWithinSeconds", "interrupted", "plugins", "local", "counts", "rows"]);
    expect(json).toMatchObject({ ready: false, seenWithinSeconds: 300, interrupted: false, plugins: [PLUGIN], local: { [PLUGIN]: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    expect(json.counts).toEqual({ ready: 1, degraded: 1, "not running": 0, "no data planes": 0, unknown: 0 });
    const row = json.rows[1]!;
    expect(Object.keys(row)).toEqual(["controlPlane", "plugin", "verdict", "reasons", "present", "mechanism", "hash", "current", "nodes", "tooOld", "issues"]);
    expect(row).toMatchObject({ controlPlane: { name: "fleet-02", kind: "hybrid" }, plugin: PLUGIN, verdict: "degraded", present: true, mechanism: "schema", current: true });
    expect(row.hash).toBe(json.local[PLUGIN]);
    expect(row.nodes).toEqual({ total: 2, seen: 2, canRun: 1, versions: { "3.15.0.0": 1, "3.15.1.0": 1 }, converged: true, configHashes: 1 });
    expect(row.issues).toEqual([
      {
        node: { id: expect.any(String), hostname: "fleet-02-dp-b", version: "3.15.1.0" },
        code: "EMU-PLUGIN-NOT-INSTALLED",
        severity: "error",
        description: expect.stringContaining(`'${PLUGIN}'`),
        resolution: expect.any(String),
        blocking: true,
      },
    ]);
  });

  it("--json keys are the ones README's example documents", async () => {
    const readme = await readFile(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### `kplug status`"));
    const documented = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "null") as StatusJson;
    env = await pushedFleet();
    await env.emulator.updateNode("fleet-02", "fleet-02-dp-b", { missing_plugins: [PLUGIN] });
    const { json } = await statusJson(["--all", "--wait", "100ms", "--interval", "50ms", plugin]);
    expect(Object.keys(json)).toEqual(Object.keys(documented));
    const row = json.rows[1]!;
    const example = documented.rows[0]!;
    // the example row has no local copy, so no `current`
    expect(Object.keys(row).filter((k) => k !== "current")).toEqual(Object.keys(example));
    expect(Object.keys(row.nodes)).toEqual(Object.keys(example.nodes));
    expect(Object.keys(row.issues[0]!)).toEqual(Object.keys(example.issues[0]!));
    expect(Object.keys(json.wait!)).toEqual(Object.keys(documented.wait!));
  });

  it("bad flags exit 2 with one line and no request", async () => {
    env = await fleetEnv({ hybrid: 1 });
    const bad = await env.run(["status", "--all", "--wait", "soon", plugin]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^kplug: .*--wait.*expected a duration such as 90s/);
    const zero = await env.run(["status", "--all", "--seen-within", "0s", plugin]);
    expect(zero.exitCode).toBe(2);
    expect(env.emulator.requestLog).toEqual([]);
  });
});

describe("kplug status: requests", () => {
  it("on 100 control planes reads one nodes page each plus what list reads, nothing more", async () => {
    const n = 100;
    env = await fleetEnv({ hybrid: n });
    // the plugin as push would leave it, put in place through the emulator's API (quicker than 100 pushes)
    const schema = await readFile(join(env.pluginDir, "schema.lua"), "utf8");
    const names = env.emulator.snapshot().controlPlanes.map((c) => c.name);
    expect(names).toHaveLength(n);
    for (const cp of names) {
      await env.emulator.addPluginSchema(cp, schema);
      await env.emulator.addNode(cp, { hostname: `${cp}-a`, version: "3.15.0.0" });
      await env.emulator.addNode(cp, { hostname: `${cp}-b`, version: "3.15.0.0" });
    }
    // an issue that names the plugin in Konnect's words costs no extra request
    await env.emulator.addPluginInstance("fleet-003", { name: PLUGIN });
    await env.emulator.updateNode("fleet-003", "fleet-003-b", { missing_plugins: [PLUGIN] });
    // requests are counted where they arrive: the emulator's request log
    env.emulator.requestLog.length = 0;
    const result = await env.run(["status", "--all", plugin]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("kplug: 1 row(s) not ready: fleet-003/header-stamp degraded\n");
    const status = requestCounts(env.emulator);
    expect(status).toEqual({
      "GET /v2/control-planes": 1,
      "GET /v2/control-planes/{cp}/core-entities/plugin-schemas": n,
      "GET /v2/control-planes/{cp}/core-entities/custom-plugins": n,
      "GET /v2/control-planes/{cp}/nodes": n,
    });
    // one nodes request per control plane, each a single page
    const nodeReads = env.emulator.requestLog.filter((e) => e.path.includes("/nodes"));
    expect(new Set(nodeReads.map((e) => e.controlPlaneId)).size).toBe(n);
    expect(nodeReads.some((e) => e.path.includes("page[after]") || e.path.includes("page%5Bafter%5D"))).toBe(false);
    // the same as list's reads, plus exactly one nodes page per control plane
    env.emulator.requestLog.length = 0;
    expect((await env.run(["list", "--all", plugin])).exitCode).toBe(0);
    expect(status).toEqual({ ...requestCounts(env.emulator), "GET /v2/control-planes/{cp}/nodes": n });
  }, 120_000);
});
