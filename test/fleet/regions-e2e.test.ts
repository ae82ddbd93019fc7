import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numbered, regionsEnv, type RegionsEnv } from "./helpers/regions-env.js";

const DIR = "kong/plugins/header-stamp";
const removeTtl = (text: string): string => text.replace(/\s*\{ ttl = [^\n]*\n/, "\n");
const lines = (text: string): number => text.split("\n").filter((l) => l !== "").length;

interface Ref {
  id: string;
  name: string;
  region?: string;
}

/**
 * Two regions, each its own emulator origin: us has fleet-001 … fleet-055, eu has fleet-001 …
 * fleet-050 and a Dedicated Cloud Gateway (106 control planes). Names (and, in the emulator, ids)
 * repeat across regions. The runs build on each other, as an operator's would.
 */
let env: RegionsEnv;
beforeAll(async () => {
  env = await regionsEnv({
    us: numbered(55),
    eu: [...numbered(50), { name: "edge-eu", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e", tier: "edge" } }],
  });
  const first = await env.run(["push", "--region", "us,eu", "--all", DIR]);
  expect(first.stderr).toBe("");
  expect(first.exitCode).toBe(0);
  expect(env.holders("us")).toHaveLength(55);
  expect(env.holders("eu")).toHaveLength(50);
}, 180_000);
afterAll(async () => env.cleanup());

describe("fleet commands across two regions (e2e, 106 control planes)", () => {
  it("lists both regions in one run, each control plane labelled with its region", async () => {
    const listed = await env.run(["list", "--region", "us,eu", "--all", DIR]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toMatch(/^us\/fleet-055\s+hybrid\s+schema [0-9a-f]{8} =$/m);
    expect(listed.stdout).toMatch(/^eu\/fleet-001\s+hybrid\s+schema [0-9a-f]{8} =$/m);
    expect(listed.stdout).toMatch(/^eu\/edge-eu\s+dedicated-cloud-gateway\s+streamed [0-9a-f]{8} =$/m);
    expect(listed.stdout).toContain("header-stamp: on 106/106");

    const json = await env.run(["list", "--region", "us,eu", "--all", DIR, "--json"]);
    const doc = JSON.parse(json.stdout) as { controlPlanes: Ref[]; selection: { controlPlanes: Ref[] } };
    expect(doc.controlPlanes).toHaveLength(106);
    expect(doc.controlPlanes.filter((c) => c.region === "us")).toHaveLength(55);
    expect(doc.controlPlanes.filter((c) => c.region === "eu")).toHaveLength(51);
    expect(doc.selection.controlPlanes.every((c) => c.region === "us" || c.region === "eu")).toBe(true);
    // same name (and here the same id) in both regions: two control planes, told apart by region
    const twins = doc.controlPlanes.filter((c) => c.name === "fleet-001");
    expect(twins.map((c) => c.region).sort()).toEqual(["eu", "us"]);
  });

  it("a breaking change refused across both regions fits one screen, grouped, with regions in the names", async () => {
    await env.editSchema(removeTtl);
    const refused = await env.run(["push", "--region", "us,eu", "--all", DIR]);
    expect(refused.exitCode).toBe(1);
    expect(lines(refused.stdout) + lines(refused.stderr)).toBeLessThanOrEqual(40);
    expect(refused.stdout).toMatch(/header-stamp\s+schema\s+update\s+105\s+eu\/fleet-001 … eu\/fleet-050, us\/fleet-001 … us\/fleet-055\s+refused: breaking change/);
    expect(refused.stdout).toContain("header-stamp: breaking change, same on 105 control planes: eu/fleet-001 … eu/fleet-050, us/fleet-001 … us/fleet-055");
    expect(refused.stdout).toContain("106 control plane(s), 106 push(es): 106 refused");
    expect(refused.stderr).toBe("kplug: 106 push(es) refused (header-stamp) on 106 control planes: eu/edge-eu, eu/fleet-001 … eu/fleet-050, us/fleet-001 … us/fleet-055\n");
  });

  it("a failure in one region is reported for that control plane only, with a non-zero exit", async () => {
    // fleet-007 exists in both regions (with the same id in the emulator); only eu's refuses writes
    env.region("eu").setFaults({ rules: [{ fault: "status", status: 400, method: "PUT", controlPlane: "fleet-007" }] });
    try {
      const pushed = await env.run(["push", "--region", "us,eu", "--all", DIR, "--allow-breaking"]);
      expect(pushed.exitCode).toBe(1);
      expect(pushed.stderr).toBe("kplug: 1 push(es) failed (header-stamp) on 1 control plane: eu/fleet-007\n");
      expect(pushed.stdout).toMatch(/header-stamp\s+schema\s+update\s+1\s+eu\/fleet-007\s+FAILED: 400/);
      expect(pushed.stdout).toMatch(/header-stamp\s+schema\s+update\s+104\s+eu\/fleet-001 … eu\/fleet-006, eu\/fleet-008 … eu\/fleet-050, us\/fleet-001 … us\/fleet-055\s+ok \(breaking, allowed\)/);
      expect(env.holders("us")).toHaveLength(55);

      const again = await env.run(["push", "--region", "us,eu", "--all", DIR, "--allow-breaking", "--json"]);
      expect(again.exitCode).toBe(1);
      const doc = JSON.parse(again.stdout) as { outcomes: { controlPlane: Ref; action: string }[]; error: { code: string; message: string } };
      const fleet007 = doc.outcomes.filter((o) => o.controlPlane.name === "fleet-007");
      expect(fleet007.map((o) => [o.controlPlane.region, o.action]).sort()).toEqual([["eu", "failed"], ["us", "unchanged"]]);
      expect(doc.outcomes.every((o) => o.controlPlane.region === "us" || o.controlPlane.region === "eu")).toBe(true);
      expect(doc.error).toEqual({ code: "push-failed", message: "1 push(es) failed (header-stamp) on 1 control plane: eu/fleet-007" });
    } finally {
      env.region("eu").setFaults({});
    }
    const diff = await env.run(["diff", "--region", "us,eu", "--all", DIR]);
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toContain("≠ header-stamp (schema): differs on 1 control plane: eu/fleet-007");
    expect(diff.stdout).toContain("= header-stamp (schema): identical on 104 control planes");
  });

  it("a handler failing the streamed checks is refused only on the Dedicated Cloud Gateway in eu; both regions' hybrids proceed", async () => {
    const handler = join(env.pluginDir, "handler.lua");
    const original = await readFile(handler, "utf8");
    await env.editSchema((t) => t.replace('{ value = { type = "string",', '{ note = { type = "string", required = false } },\n          { value = { type = "string",'));
    await writeFile(handler, 'local H = { PRIORITY = 800, VERSION = "1.1.0" }\nfunction H:init_worker() end\nfunction H:access(conf) end\nreturn H\n');
    try {
      const result = await env.run(["push", "--region", "us,eu", "--all", DIR, "--allow-breaking"]);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("refusing header-stamp on the 1 control plane: eu/edge-eu (they take streamed plugins); the other control planes proceed");
      expect(result.stdout).toMatch(/header-stamp\s+streamed\s+refused\s+1\s+eu\/edge-eu\s+refused: fails the streamed checks/);
      // eu/fleet-007 (its earlier push failed) still had the old schema: its change differs from the others'
      expect(result.stdout).toMatch(/header-stamp\s+schema\s+update\s+104\s+eu\/fleet-001 … eu\/fleet-006, eu\/fleet-008 … eu\/fleet-050, us\/fleet-001 … us\/fleet-055\s+ok\n/);
      expect(result.stdout).toMatch(/header-stamp\s+schema\s+update\s+1\s+eu\/fleet-007\s+ok \(breaking, allowed\)/);
      for (const region of ["us", "eu"] as const) {
        const snapshot = env.region(region).snapshot();
        const hybrids = snapshot.controlPlanes.filter((c) => c.name.startsWith("fleet-"));
        expect(hybrids.every((c) => snapshot.pluginSchemas[c.id]?.[0]?.lua_schema.includes("note ="))).toBe(true);
      }
    } finally {
      await writeFile(handler, original);
    }
  });

  it("selects by glob, comma list, --exclude, label and file in every selected region; --dry-run prints the selection with regions", async () => {
    const dry = await env.run(["push", DIR, "--region", "us,eu", "--control-plane", "fleet-05?,edge-*", "--exclude", "fleet-050", "--dry-run", "--allow-breaking"]);
    expect(dry.exitCode).toBe(0);
    expect(dry.stderr).toContain("selected 6 control planes: eu/edge-eu, us/fleet-051 … us/fleet-055 (excluded 2: eu/fleet-050, us/fleet-050); by region: us 5, eu 1\n");

    const json = await env.run(["push", DIR, "--region", "us,eu", "--control-plane", "fleet-05?,edge-*", "--exclude", "fleet-050", "--dry-run", "--allow-breaking", "--json"]);
    const doc = JSON.parse(json.stdout) as { selection: { controlPlanes: Ref[]; excluded: Ref[] }; outcomes: { controlPlane: Ref }[] };
    const show = (refs: Ref[]): string[] => refs.map((c) => `${c.region ?? "?"}/${c.name}`).sort();
    expect(show(doc.selection.controlPlanes)).toEqual(["eu/edge-eu", "us/fleet-051", "us/fleet-052", "us/fleet-053", "us/fleet-054", "us/fleet-055"]);
    expect(show(doc.selection.excluded)).toEqual(["eu/fleet-050", "us/fleet-050"]);
    expect(show(doc.outcomes.map((o) => o.controlPlane))).toEqual(show(doc.selection.controlPlanes));

    const labelled = await env.run(["list", "--region", "us,eu", "--label", "tier=edge", "--json"]);
    expect(show((JSON.parse(labelled.stdout) as { selection: { controlPlanes: Ref[] } }).selection.controlPlanes)).toEqual(["eu/edge-eu"]);

    await writeFile(join(env.dir, "cps.txt"), "# one per line\nfleet-001\nedge-eu\n");
    const fromFile = await env.run(["list", "--region", "us,eu", "--control-planes-from", "cps.txt", "--json"]);
    expect(show((JSON.parse(fromFile.stdout) as { selection: { controlPlanes: Ref[] } }).selection.controlPlanes)).toEqual(["eu/edge-eu", "eu/fleet-001", "us/fleet-001"]);

    const missing = await env.run(["list", "--region", "us,eu", "--control-plane", "fleet-001,nope"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("kplug: control plane 'nope' not found in regions us, eu");
  });

  it("takes the regions from the config's konnect.regions, and only us by default", async () => {
    const count = async (): Promise<Record<string, number>> => {
      const result = await env.run(["list", "--all", "--json"]);
      expect(result.exitCode).toBe(0);
      const counts: Record<string, number> = {};
      for (const c of (JSON.parse(result.stdout) as { controlPlanes: Ref[] }).controlPlanes) counts[c.region ?? "?"] = (counts[c.region ?? "?"] ?? 0) + 1;
      return counts;
    };
    try {
      expect(await count()).toEqual({ us: 55 });
      await env.writeConfig({ regions: ["eu", "us"] });
      expect(await count()).toEqual({ eu: 51, us: 55 });
      await env.writeConfig({ region: "eu" });
      expect(await count()).toEqual({ eu: 51 });
    } finally {
      await env.writeConfig({});
    }
  });

  it("pull, status and delete work per region; a name in two regions needs one for pull", async () => {
    const ambiguous = await env.run(["pull", "header-stamp", "--region", "us,eu", "--control-plane", "fleet-001", "--out", "pulled"]);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toContain("kplug: fleet-001 is in 2 regions (us, eu); pull reads from exactly one control plane");
    const pulled = await env.run(["pull", "header-stamp", "--region", "eu", "--control-plane", "fleet-001", "--out", "pulled", "--json"]);
    expect(pulled.exitCode).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ controlPlane: "fleet-001", region: "eu", plugin: "header-stamp", mechanism: "schema" });

    const status = await env.run(["status", DIR, "--region", "us,eu", "--control-plane", "fleet-001", "--json"]);
    const rows = (JSON.parse(status.stdout) as { rows: { controlPlane: Ref }[] }).rows;
    expect(rows.map((r) => r.controlPlane.region).sort()).toEqual(["eu", "us"]);

    const deleted = await env.run(["delete", "header-stamp", "--region", "us,eu", "--control-plane", "fleet-002", "--yes"]);
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stdout).toMatch(/header-stamp\s+2\s+eu\/fleet-002, us\/fleet-002\s+deleted/);
    expect(env.holders("us")).not.toContain("fleet-002");
    expect(env.holders("eu")).not.toContain("fleet-002");
    expect(env.holders("us")).toHaveLength(54);
  });

  it("an unknown region, or one address for two regions, is a one-line usage error (exit 2), JSON with --json", async () => {
    const unknown = await env.run(["list", "--region", "us,mars", "--all"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^kplug: --region: unknown region "mars" \(choose from us, eu, au, me, in, sg, or all/);
    expect(lines(unknown.stderr)).toBe(1);
    const json = await env.run(["push", DIR, "--region", "mars", "--all", "--json"]);
    expect(json.exitCode).toBe(2);
    expect((JSON.parse(json.stdout) as { error: { code: string; message: string } }).error).toMatchObject({ code: "usage", message: '--region: unknown region "mars"' });

    const oneAddress = await env.run(["list", "--all", "--region", "us,eu", "--konnect-addr", env.region("us").url]);
    expect(oneAddress.exitCode).toBe(2);
    expect(oneAddress.stderr).toContain("kplug: --konnect-addr is one address, but --region selects 2 regions (us, eu)");
  });
});
