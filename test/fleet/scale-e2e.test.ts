import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedControlPlane } from "../../src/emulator/index.js";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv } from "./helpers/fleet-env.js";

const PLUGIN = "kong/plugins/header-stamp";
const removeTtl = (text: string): string => text.replace(/\s*\{ ttl = [^\n]*\n/, "\n");
const dcgs: SeedControlPlane[] = ["edge-1", "edge-2"].map((name) => ({ name, cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } }));

/** One emulator with 102 control planes (100 hybrid, 2 Dedicated Cloud Gateways) for the whole file: the runs build on each other. */
let env: FleetEnv;
beforeAll(async () => {
  env = await fleetEnv({ hybrid: 100, extra: dcgs });
  const first = await env.run(["push", "--all", PLUGIN]);
  expect(first.exitCode).toBe(0);
}, 120_000);
afterAll(async () => env.cleanup());

const lines = (text: string): number => text.split("\n").filter((l) => l !== "").length;

describe("fleet commands on 100+ control planes (e2e)", () => {
  it("a breaking change refused on 102 control planes fits one screen, grouped; --json still lists each", async () => {
    await env.editSchema(removeTtl);
    const refused = await env.run(["push", "--all", PLUGIN]);
    expect(refused.exitCode).toBe(1);
    expect(lines(refused.stdout) + lines(refused.stderr)).toBeLessThanOrEqual(40);
    expect(refused.stdout).toMatch(/header-stamp\s+schema\s+update\s+100\s+fleet-001 … fleet-100\s+refused: breaking change \(Long\)/);
    expect(refused.stdout).toContain("header-stamp: breaking change, same on 100 control planes: fleet-001 … fleet-100");
    expect(refused.stdout.match(/field config\.ttl removed/g)).toHaveLength(2);
    expect(refused.stderr).toBe("kplug: 102 push(es) refused (header-stamp) on 102 control planes: edge-1, edge-2, fleet-001 … fleet-100\n");

    const diff = await env.run(["diff", "--all", PLUGIN]);
    expect(diff.exitCode).toBe(1);
    expect(lines(diff.stdout)).toBeLessThanOrEqual(40);
    expect(diff.stdout).toContain("≠ header-stamp (schema): differs on 100 control planes: fleet-001 … fleet-100");

    const json = await env.run(["push", "--all", PLUGIN, "--json"]);
    const doc = JSON.parse(json.stdout) as { outcomes: { action: string }[]; error: { code: string }; selection: { controlPlanes: unknown[] } };
    expect(doc.outcomes.filter((o) => o.action === "refused")).toHaveLength(102);
    expect(doc.selection.controlPlanes).toHaveLength(102);
    expect(doc.error.code).toBe("push-failed");
  });

  it("a handler failing the streamed checks is refused only on the Dedicated Cloud Gateways; the hybrid ones are pushed", async () => {
    await env.editSchema((t) => t.replace('{ value = { type = "string",', '{ note = { type = "string", required = false } },\n          { value = { type = "string",'));
    const handler = join(env.pluginDir, "handler.lua");
    await writeFile(handler, "local H = { PRIORITY = 800, VERSION = \"1.1.0\" }\nfunction H:init_worker() end\nfunction H:access(conf) end\nreturn H\n");
    const result = await env.run(["push", "--all", PLUGIN, "--allow-breaking"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("streamed/no-init-worker");
    expect(result.stderr).toContain("refusing header-stamp on the 2 control planes: edge-1, edge-2 (they take streamed plugins); the other control planes proceed");
    expect(result.stdout).toMatch(/header-stamp\s+streamed\s+refused\s+2\s+edge-1, edge-2\s+refused: fails the streamed checks that Dedicated Cloud Gateways need \(streamed\/no-init-worker\)/);
    expect(result.stdout).toMatch(/header-stamp\s+schema\s+update\s+100\s+fleet-001 … fleet-100\s+ok/);
    const snapshot = env.emulator.snapshot();
    const hybrids = snapshot.controlPlanes.filter((c) => c.name.startsWith("fleet-"));
    expect(hybrids.every((c) => snapshot.pluginSchemas[c.id]?.[0]?.lua_schema.includes("note ="))).toBe(true);
    const edges = snapshot.controlPlanes.filter((c) => c.name.startsWith("edge-"));
    expect(edges.every((c) => !snapshot.customPlugins[c.id]?.[0]?.handler.includes("init_worker"))).toBe(true);
  });

  it("selects with globs, comma lists and excludes on 100+ control planes", async () => {
    const result = await env.run(["list", "--control-plane", "fleet-0?5,edge-*", "--exclude", "fleet-005", "--json"]);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as { selection: { controlPlanes: { name: string }[]; excluded: { name: string }[] } };
    expect(doc.selection.controlPlanes.map((c) => c.name).sort()).toEqual(["edge-1", "edge-2", "fleet-015", "fleet-025", "fleet-035", "fleet-045", "fleet-055", "fleet-065", "fleet-075", "fleet-085", "fleet-095"]);
    expect(doc.selection.excluded.map((c) => c.name)).toEqual(["fleet-005"]);
  });

  it("list --all reads each control plane once, as its listing page arrives, and the matrix is the same whatever the concurrency", async () => {
    type Doc = { selection: { controlPlanes: { name: string }[]; excluded: { name: string }[] }; controlPlanes: { name: string; plugins: Record<string, unknown>; error?: unknown }[] };
    const runs: Doc[] = [];
    for (const concurrency of ["1", "64"]) {
      env.emulator.requestLog.length = 0;
      const result = await env.run(["list", "--all", "--exclude", "fleet-05?", "--concurrency", concurrency, "--json"]);
      expect(result.exitCode).toBe(0);
      runs.push(JSON.parse(result.stdout) as Doc);
      // 102 control planes, 2 listing pages; 92 selected, each read once at each of its endpoints
      // (hybrid: plugin schemas and custom plugins; a Dedicated Cloud Gateway: custom plugins only)
      const reads = env.emulator.requestLog.filter((entry) => /\/core-entities\/(plugin-schemas|custom-plugins)/.test(entry.path));
      expect(reads).toHaveLength(2 * 90 + 2);
      expect(new Set(reads.map((entry) => `${entry.controlPlaneId ?? ""} ${entry.path.split("?")[0] ?? ""}`)).size).toBe(2 * 90 + 2);
    }
    const [one, many] = runs as [Doc, Doc];
    expect(many).toEqual(one);
    expect(one.selection.excluded).toHaveLength(10);
    // columns in selection order, one per selected control plane, each read (hybrid ones hold the pushed plugin)
    expect(one.controlPlanes.map((c) => c.name)).toEqual(one.selection.controlPlanes.map((c) => c.name));
    expect(one.controlPlanes).toHaveLength(92);
    expect(one.controlPlanes.filter((c) => c.error !== undefined)).toEqual([]);
    expect(one.controlPlanes.filter((c) => c.name.startsWith("fleet-") && Object.keys(c.plugins).includes("header-stamp"))).toHaveLength(90);
  });
});

