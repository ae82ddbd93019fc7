import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, PLUGIN, writes } from "./helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const removeTtl = (text: string): string => text.replace(/\s*\{ ttl = [^\n]*\n/, "\n");
const addOptionalField = (text: string): string => text.replace("{ ttl =", `{ note = { type = "string", description = "A free-form note for operators." } },\n          { ttl =`);

describe("kplug push (e2e against the emulator)", () => {
  it("pushes to 20 control planes through 429/503 on every one of them and random latency, every one done once", async () => {
    // Faults are counted per control plane (perControlPlane), not drawn from one global sequence in
    // arrival order: however the concurrent push interleaves control planes, and whatever else it
    // reads first, each control plane meets a 503 on its nodes read, a 429 on its first
    // core-entities read and a 503 on its first create.
    const core = "/v2/control-planes/*/core-entities/**";
    env = await fleetEnv({
      hybrid: 20,
      faults: {
        seed: 11,
        rules: [
          { fault: "latency", ms: 20, probability: 0.5, perControlPlane: true },
          { fault: "status", status: 503, method: "GET", path: "/v2/control-planes/*/nodes", times: 1, perControlPlane: true },
          { fault: "status", status: 429, retryAfter: 0, method: "GET", path: core, times: 1, perControlPlane: true },
          { fault: "status", status: 503, method: "POST", path: core, times: 1, perControlPlane: true },
        ],
      },
    });
    const result = await env.run(["push", "--label", "fleet=e2e", "kong/plugins/header-stamp", "--verbose"]);
    expect(result.stderr).not.toContain("FAILED");
    expect(result.exitCode).toBe(0);
    expect(env.holders()).toHaveLength(20);

    const log = env.emulator.requestLog;
    const ids = env.emulator.snapshot().controlPlanes.map((c) => c.id);
    for (const id of ids) {
      const mine = log.filter((e) => e.controlPlaneId === id);
      const faulted = (method: string, part: string, fault: string): boolean => mine.some((e) => e.method === method && e.path.includes(part) && e.fault?.includes(fault) === true);
      // every control plane was retried past each kind of fault …
      expect(faulted("GET", "/nodes", "status 503")).toBe(true);
      expect(faulted("GET", "/core-entities/", "status 429")).toBe(true);
      expect(faulted("POST", "/core-entities/", "status 503")).toBe(true);
      // … and written exactly once: the failed create was checked (not there) and sent again
      expect(mine.filter((e) => e.method === "POST" && e.status === 201)).toHaveLength(1);
      expect((env.emulator.snapshot().pluginSchemas[id] ?? []).filter((s) => s.name === PLUGIN)).toHaveLength(1);
    }
    expect(log.filter((e) => e.method !== "GET" && e.method !== "POST")).toEqual([]);
    expect(result.stdout).toMatch(/20 control plane\(s\), 20 push\(es\): 20 created/);
    // per control plane outcomes; off a TTY: one plain progress line per control plane
    for (const id of ids) expect(result.stdout).toMatch(new RegExp(`${env.emulator.snapshot().controlPlanes.find((c) => c.id === id)?.name}\\s+header-stamp\\s+schema\\s+create\\s+\\S+\\s+ok`));
    expect(result.stderr.split("\n").filter((l) => /^✓ fleet-\d\d: header-stamp create/.test(l))).toHaveLength(20);
  });

  it("one control plane failing permanently: exit 1, named in the summary, the others done", async () => {
    env = await fleetEnv({ hybrid: 6, faults: { rules: [{ fault: "status", status: 500, controlPlane: "fleet-04", path: "/v2/control-planes/*/core-entities/**" }] } });
    const result = await env.run(["push", "--label", "fleet=e2e", "kong/plugins/header-stamp", "--verbose"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/fleet-04\s+header-stamp\s+schema\s+read\s+\S+\s+FAILED: 500/);
    expect(result.stderr).toContain("kplug: 1 push(es) failed (header-stamp) on 1 control plane: fleet-04");
    expect(env.holders()).toEqual(["fleet-01", "fleet-02", "fleet-03", "fleet-05", "fleet-06"]);
  });

  it("re-running push reports everything unchanged and writes nothing", async () => {
    env = await fleetEnv({ hybrid: 5 });
    expect((await env.run(["push", "--all", "kong/plugins/header-stamp"])).exitCode).toBe(0);
    env.emulator.requestLog.length = 0;
    const again = await env.run(["push", "--all", "kong/plugins/header-stamp", "--json"]);
    expect(again.exitCode).toBe(0);
    const report = JSON.parse(again.stdout) as { outcomes: { action: string }[]; counts: Record<string, number> };
    expect(report.outcomes.map((o) => o.action)).toEqual(Array(5).fill("unchanged"));
    expect(writes(env.emulator)).toEqual([]);
  });

  it("refuses a breaking change (exit 1) and pushes it with --allow-breaking", async () => {
    env = await fleetEnv({ hybrid: 3 });
    await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    const before = JSON.stringify(env.emulator.snapshot().pluginSchemas);
    await env.editSchema(removeTtl);
    const refused = await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain("refused: breaking change (Long)");
    expect(refused.stdout).toContain("field config.ttl removed (required, with default) [Long]");
    expect(refused.stdout).toContain("Update the configuration of existing plugin instances (config.ttl)");
    expect(JSON.stringify(env.emulator.snapshot().pluginSchemas)).toBe(before);

    const allowed = await env.run(["push", "--all", "kong/plugins/header-stamp", "--allow-breaking"]);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain("ok (breaking, allowed)");
    const stored = env.emulator.snapshot().pluginSchemas;
    for (const schemas of Object.values(stored)) expect(schemas.find((s) => s.name === PLUGIN)?.lua_schema).not.toContain("ttl =");
  });

  it("a safe change is updated without the flag", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    await env.editSchema(addOptionalField);
    const result = await env.run(["push", "--all", "kong/plugins/header-stamp"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("2 updated");
    expect(result.stdout).toContain("safe change, upgrade path: Short");
  });

  it("--dry-run prints the plan and changes nothing", async () => {
    env = await fleetEnv({ hybrid: 4 });
    await env.run(["push", "--control-plane", "fleet-01", "--control-plane", "fleet-02", "kong/plugins/header-stamp"]);
    await env.editSchema(addOptionalField);
    const before = JSON.stringify(env.emulator.snapshot());
    env.emulator.requestLog.length = 0;
    const plan = await env.run(["push", "--all", "--dry-run", "kong/plugins/header-stamp", "--verbose"]);
    expect(plan.exitCode).toBe(0);
    expect(JSON.stringify(env.emulator.snapshot())).toBe(before);
    expect(writes(env.emulator)).toEqual([]);
    expect(plan.stdout).toMatch(/fleet-01\s+header-stamp\s+schema\s+update/);
    expect(plan.stdout).toMatch(/fleet-03\s+header-stamp\s+schema\s+create/);
    expect(plan.stdout).toContain("planned (dry run)");
    expect(plan.stdout).toContain("+          { note = {");
    expect(plan.stdout).toContain("2 to update, 2 to create");
  });

  it("streams to a Dedicated Cloud Gateway and skips a group, naming its members", async () => {
    env = await fleetEnv({
      hybrid: 2,
      extra: [
        { name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true, labels: { fleet: "e2e" } },
        { name: "grp", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE_GROUP", members: ["fleet-01", "fleet-02"], labels: { fleet: "e2e" } },
      ],
    });
    const result = await env.run(["push", "--label", "fleet=e2e", "kong/plugins/header-stamp", "--verbose"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/edge\s+header-stamp\s+streamed\s+create/);
    expect(result.stdout).toMatch(/grp\s+header-stamp\s+-\s+skipped.*members: fleet-01, fleet-02/);
    const snapshot = env.emulator.snapshot();
    const edge = snapshot.controlPlanes.find((c) => c.name === "edge");
    expect(snapshot.customPlugins[edge?.id ?? ""]?.[0]?.handler).toContain("header_filter");
    expect(env.holders()).toEqual(["fleet-01", "fleet-02"]);
  });

  it("SIGINT mid-push stops starting work, reports what was and was not done, exits 130", async () => {
    env = await fleetEnv({ hybrid: 12, faults: { latencyMs: 250 } });
    let interrupted = false;
    const result = await env.run(["push", "--all", "--concurrency", "2", "kong/plugins/header-stamp", "--json", "--verbose"], {
      onSpawn: (child) => {
        child.stderr?.on("data", (chunk: Buffer) => {
          if (!interrupted && chunk.toString().includes("✓ ")) {
            interrupted = true;
            child.kill("SIGINT");
          }
        });
      },
    });
    expect(result.exitCode).toBe(130);
    const report = JSON.parse(result.stdout) as { interrupted: boolean; outcomes: { controlPlane: { name: string }; action: string; interrupted?: boolean }[] };
    expect(report.interrupted).toBe(true);
    const created = report.outcomes.filter((o) => o.action === "create").map((o) => o.controlPlane.name).sort();
    const notStarted = report.outcomes.filter((o) => o.interrupted).map((o) => o.controlPlane.name);
    // precise: what the summary calls created is exactly what the control planes hold
    expect(created).toEqual(env.holders());
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(notStarted.length).toBeGreaterThan(0);
    expect(created.length + notStarted.length).toBe(12);
    expect(result.stderr).toContain("interrupted");
  });

  it("usage errors exit 2 before any request", async () => {
    env = await fleetEnv({ hybrid: 1 });
    const noSelection = await env.run(["push", "kong/plugins/header-stamp"]);
    expect(noSelection.exitCode).toBe(2);
    expect(noSelection.stderr).toMatch(/select control planes/);
    const badConcurrency = await env.run(["push", "--all", "--concurrency", "zero", "kong/plugins/header-stamp"]);
    expect(badConcurrency.exitCode).toBe(2);
    expect(badConcurrency.stderr).toContain("--concurrency");
    expect(env.emulator.requestLog).toEqual([]);
  });
});
