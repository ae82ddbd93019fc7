import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, PLUGIN } from "./helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const DCGW = { name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE" as const, cloud_gateway: true, labels: { fleet: "e2e" } };

describe("kplug list", () => {
  it("shows plugins × control planes with presence, mechanism, hash and drift", async () => {
    env = await fleetEnv({ hybrid: 3, extra: [DCGW, { name: "grp", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE_GROUP", members: ["fleet-01"] }] });
    await env.run(["push", "--control-plane", "fleet-01", "--control-plane", "fleet-02", "--control-plane", "edge", "kong/plugins/header-stamp"]);
    await env.editSchema((t) => t.replace("X-Served-By", "X-Stamp"));
    await env.run(["push", "--control-plane", "fleet-02", "kong/plugins/header-stamp", "--allow-breaking"]);
    await env.editSchema((t) => t.replace("X-Stamp", "X-Served-By"));

    const table = await env.run(["list", "--all", "kong/plugins/header-stamp"]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/fleet-01\s+hybrid\s+schema [0-9a-f]{8} =/);
    expect(table.stdout).toMatch(/fleet-02\s+hybrid\s+schema [0-9a-f]{8} ≠/);
    expect(table.stdout).toMatch(/fleet-03\s+hybrid\s+-/);
    expect(table.stdout).toMatch(/edge\s+dedicated-cloud-gateway\s+streamed [0-9a-f]{8} =/);
    expect(table.stdout).toMatch(/grp\s+group\s+\(group\)/);
    // the group can hold no plugin: 3 of the 4 control planes that can
    expect(table.stdout).toContain("header-stamp: on 3/4, 1 differ");

    const json = await env.run(["list", "--all", "kong/plugins/header-stamp", "--json"]);
    const matrix = JSON.parse(json.stdout) as { local: Record<string, { schema: string; streamed?: string }>; controlPlanes: { name: string; plugins: Record<string, { present: boolean; hash?: string; differs?: boolean; mechanism?: string }> }[] };
    const cell = (name: string) => matrix.controlPlanes.find((c) => c.name === name)?.plugins[PLUGIN];
    expect(cell("fleet-01")).toEqual({ present: true, mechanism: "schema", hash: matrix.local[PLUGIN]?.schema, differs: false });
    // a streamed copy's hash covers schema.lua + handler.lua, as its comparison does: same content, same hash
    expect(cell("edge")).toEqual({ present: true, mechanism: "streamed", hash: matrix.local[PLUGIN]?.streamed, differs: false });
    expect(matrix.local[PLUGIN]?.streamed).not.toBe(matrix.local[PLUGIN]?.schema);
    expect(cell("fleet-02")?.differs).toBe(true);
    expect(cell("fleet-03")).toEqual({ present: false });
  });

  it("lists every remote plugin when no local plugin is given, across 120 control planes", async () => {
    env = await fleetEnv({ hybrid: 120 });
    await env.emulator.addPluginSchema("fleet-077", await readFile(join(env.pluginDir, "schema.lua"), "utf8"));
    const result = await env.run(["list", "--all", "--json"], { cwd: "/tmp" });
    expect(result.exitCode).toBe(0);
    const matrix = JSON.parse(result.stdout) as { plugins: string[]; controlPlanes: { name: string; plugins: Record<string, { present: boolean }> }[] };
    expect(matrix.controlPlanes).toHaveLength(120);
    expect(matrix.plugins).toEqual([PLUGIN]);
    expect(matrix.controlPlanes.filter((c) => c.plugins[PLUGIN]?.present).map((c) => c.name)).toEqual(["fleet-077"]);
  });
});

describe("kplug list: the listing starts before the local plugins are read", () => {
  it("still reports a local plugin problem first, with no matrix, even when the token is also missing", async () => {
    env = await fleetEnv({ hybrid: 2 });
    const missing = await env.run(["list", "--all", "kong/plugins/nope"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/^kplug: kong\/plugins\/nope: /);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);

    const both = await env.run(["list", "--all", "kong/plugins/nope"], { env: { KONNECT_TOKEN: undefined } });
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toBe(missing.stderr);
  });

  it("prints the connection's and the selection's warnings once each, in that order, before the failures of reads", async () => {
    env = await fleetEnv({ hybrid: 2 });
    const result = await env.run(["list", "--all", "--exclude", "no-such-cp", "--konnect-token", "kpat_fleettest0123456789", "kong/plugins/header-stamp"], {
      env: { KONNECT_TOKEN: undefined },
    });
    expect(result.exitCode).toBe(0);
    const warnings = result.stderr.split("\n").filter((line) => line.startsWith("kplug: warning:"));
    expect(warnings).toEqual([
      "kplug: warning: --konnect-token puts the token in your shell history and the process list; prefer --konnect-token-file, --token-file or KONNECT_TOKEN",
      "kplug: warning: --exclude no-such-cp matches no selected control plane",
    ]);
    expect(result.stdout).toMatch(/fleet-01\s+hybrid\s+-/);
  });
});

describe("kplug diff", () => {
  it("exits 0 when identical, 1 with a colored-capable unified diff and classification when different, 2 on errors", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    const same = await env.run(["diff", "--all", "kong/plugins/header-stamp"]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toContain("2 identical, 0 different");

    await env.editSchema((t) => t.replace("default = 30", "default = 60"));
    const different = await env.run(["diff", "--all", "kong/plugins/header-stamp"]);
    expect(different.exitCode).toBe(1);
    // by default the diff is shown once for the control planes it concerns
    expect(different.stdout).toContain("≠ header-stamp (schema): differs on 2 control planes: fleet-01, fleet-02");
    expect(different.stdout.match(/^--- /gm)).toHaveLength(1);
    expect(different.stdout).toContain("--- {control-plane}/header-stamp/schema.lua");
    const verbose = await env.run(["diff", "--all", "kong/plugins/header-stamp", "--verbose"]);
    expect(verbose.stdout).toContain("--- fleet-01/header-stamp/schema.lua");
    expect(verbose.stdout).toContain("--- fleet-02/header-stamp/schema.lua");
    expect(different.stdout).toContain("+++ local/header-stamp/schema.lua");
    expect(different.stdout).toMatch(/^-.*default = 30/m);
    expect(different.stdout).toMatch(/^\+.*default = 60/m);
    expect(different.stdout).toContain("field config.ttl default changed 30 → 60");
    expect(different.stdout).toContain("breaking change, upgrade path: Long");

    const colored = await env.run(["diff", "--all", "kong/plugins/header-stamp"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(colored.stdout).toContain("\u001b[31m-");

    const json = await env.run(["diff", "--all", "kong/plugins/header-stamp", "--json"]);
    const report = JSON.parse(json.stdout) as { results: { status: string; change?: { breaking: boolean } }[] };
    expect(report.results.map((r) => [r.status, r.change?.breaking])).toEqual([["different", true], ["different", true]]);

    env.emulator.setFaults({ rules: [{ fault: "status", status: 500, controlPlane: "fleet-02" }] });
    const broken = await env.run(["diff", "--all", "kong/plugins/header-stamp"]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain("kplug: 1 comparison(s) failed on 1 control plane: fleet-02");

    // a failure before any comparison (here: a rejected token) is an error too, never "differs"
    env.emulator.setFaults({ rules: [] });
    env.emulator.setTokens({ kpat_someoneelse0000: { controlPlanes: "*" } });
    const denied = await env.run(["diff", "--all", "kong/plugins/header-stamp"]);
    expect(denied.exitCode).toBe(2);
    expect(denied.stderr).toMatch(/^kplug: .*401/m);
  });
});

describe("kplug pull", () => {
  it("writes schema.lua (and handler.lua when streamed), never overwrites without --force", async () => {
    env = await fleetEnv({ hybrid: 1, extra: [DCGW] });
    await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    const out = join(env.dir, "pulled");
    const first = await env.run(["pull", PLUGIN, "--control-plane", "edge", "--out", "pulled"]);
    expect(first.exitCode).toBe(0);
    expect(await readFile(join(out, "kong/plugins", PLUGIN, "schema.lua"), "utf8")).toBe(await readFile(join(env.pluginDir, "schema.lua"), "utf8"));
    expect(existsSync(join(out, "kong/plugins", PLUGIN, "handler.lua"))).toBe(true);
    const again = await env.run(["pull", PLUGIN, "--control-plane", "edge", "--out", "pulled"]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already exists \(pass --force/);
    expect((await env.run(["pull", PLUGIN, "--control-plane", "edge", "--out", "pulled", "--force"])).exitCode).toBe(0);
    const hybrid = await env.run(["pull", PLUGIN, "--control-plane", "fleet-01", "--out", "hybrid"]);
    expect(hybrid.exitCode).toBe(0);
    expect(existsSync(join(env.dir, "hybrid/kong/plugins", PLUGIN, "handler.lua"))).toBe(false);
  });

  it("rejects a remote name such as ../x and writes nothing", async () => {
    env = await fleetEnv({ hybrid: 1 });
    const evil = (await readFile(join(env.pluginDir, "schema.lua"), "utf8")).replace(`name = "${PLUGIN}"`, 'name = "../x"');
    await env.emulator.addPluginSchema("fleet-01", evil);
    const result = await env.run(["pull", "../x", "--control-plane", "fleet-01", "--out", "pulled"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"../x" is not a valid plugin name');
    expect(existsSync(join(env.dir, "pulled"))).toBe(false);
    expect(existsSync(join(env.dir, "x"))).toBe(false);
    const slash = await env.run(["pull", "a/b", "--control-plane", "fleet-01"]);
    expect(slash.exitCode).toBe(2);
  });
});

describe("kplug delete", () => {
  it("refuses while instances use the plugin, needs --yes without a TTY, deletes with --force", async () => {
    env = await fleetEnv({ hybrid: 3 });
    await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    await env.emulator.addPluginInstance("fleet-02", { name: PLUGIN, id: "2f1c9e4a-0000-4000-8000-000000000001" });

    const noTty = await env.run(["delete", PLUGIN, "--all"]);
    expect(noTty.exitCode).toBe(2);
    expect(noTty.stderr).toContain("pass --yes");

    const refused = await env.run(["delete", PLUGIN, "--all", "--yes"]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/plugin instances still use it on fleet-02 \(1: 2f1c9e4a-0000-4000-8000-000000000001\)/);
    expect(env.holders()).toEqual(["fleet-01", "fleet-02", "fleet-03"]);

    const forced = await env.run(["delete", PLUGIN, "--all", "--yes", "--force"]);
    // Konnect refuses to delete a schema in use, so --force removes the instance first
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(/header-stamp\s+1\s+fleet-02\s+deleted: after removing 1 plugin instance\(s\)/);
    expect(forced.stdout).toMatch(/header-stamp\s+2\s+fleet-01, fleet-03\s+deleted\n/);
    expect(env.holders()).toEqual([]);
    const fleet02 = env.emulator.controlPlane("fleet-02")?.id ?? "";
    expect(env.emulator.snapshot().plugins[fleet02] ?? []).toEqual([]);

    const rest = await env.run(["delete", PLUGIN, "--control-plane", "fleet-01", "--yes"]);
    expect(rest.exitCode).toBe(0);
    expect(rest.stderr).toContain("not on any selected control plane");
  });
});
