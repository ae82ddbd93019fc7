import { describe, expect, it } from "vitest";
import { executeDelete, planDelete } from "../../src/fleet/delete.js";
import { buildMatrix } from "../../src/fleet/inventory.js";
import { executePush } from "../../src/fleet/push.js";
import type { FleetTarget, LocalPlugin } from "../../src/fleet/types.js";
import { hybrid, MemoryApi } from "./helpers/memory-api.js";

const schemaV1 = `return { name = "demo", fields = { { config = { type = "record", fields = { { ttl = { type = "integer", default = 30 } } } } } } }\n`;
const schemaV2 = schemaV1.replace("{ ttl", `{ header = { type = "string" } }, { ttl`);
const schemaBreaking = schemaV1.replace("ttl", "ttl_seconds").replace("default = 30", "required = true");
const plugin = (schema: string, handler?: string): LocalPlugin => ({ name: "demo", dir: "/p/demo", schema, handler });
const targets = (n: number): FleetTarget[] => Array.from({ length: n }, (_, i) => ({ controlPlane: hybrid(`cp-${i}`), kind: "hybrid" as const }));
const options = { mode: "auto" as const, dryRun: false, allowBreaking: false, concurrency: 4 };

describe("executePush", () => {
  it("creates where missing, then reports unchanged with reads only", async () => {
    const api = new MemoryApi([]);
    const first = await executePush(api, targets(5), [plugin(schemaV1)], options);
    expect(first.outcomes.map((o) => o.action)).toEqual(["create", "create", "create", "create", "create"]);
    api.calls.length = 0;
    const second = await executePush(api, targets(5), [plugin(schemaV1.replace(/\n/g, "  \r\n"))], options);
    expect(second.outcomes.every((o) => o.action === "unchanged")).toBe(true);
    expect(api.calls.every((c) => c.startsWith("getPluginSchema"))).toBe(true);
  });

  it("keeps input order and one failure does not stop the others", async () => {
    const api = new MemoryApi([]);
    api.failOn = (call) => (call.includes("id-cp-2") ? Object.assign(new Error("service unavailable"), { status: 503 }) : undefined);
    const run = await executePush(api, targets(6), [plugin(schemaV1)], options);
    expect(run.outcomes.map((o) => o.controlPlane.name)).toEqual(["cp-0", "cp-1", "cp-2", "cp-3", "cp-4", "cp-5"]);
    expect(run.outcomes.map((o) => o.action)).toEqual(["create", "create", "failed", "create", "create", "create"]);
    expect(run.outcomes[2]?.error).toEqual({ message: "service unavailable", status: 503 });
    expect(run.outcomes[2]?.step).toBe("read");
  });

  it("refuses a breaking update unless allowed, and updates a safe one", async () => {
    const api = new MemoryApi([]);
    await executePush(api, targets(1), [plugin(schemaV1)], options);
    const refused = await executePush(api, targets(1), [plugin(schemaBreaking)], options);
    expect(refused.outcomes[0]?.action).toBe("refused");
    expect(refused.outcomes[0]?.change?.breaking).toBe(true);
    expect(api.schemas.get("id-cp-0")?.get("demo")).toBe(schemaV1);
    const safe = await executePush(api, targets(1), [plugin(schemaV2)], options);
    expect(safe.outcomes[0]?.action).toBe("update");
    expect(safe.outcomes[0]?.change?.breaking).toBe(false);
    const allowed = await executePush(api, targets(1), [plugin(schemaBreaking)], { ...options, allowBreaking: true });
    expect(allowed.outcomes[0]?.action).toBe("update");
    expect(api.schemas.get("id-cp-0")?.get("demo")).toBe(schemaBreaking);
  });

  it("dry run writes nothing and carries the diff", async () => {
    const api = new MemoryApi([]);
    await executePush(api, targets(1), [plugin(schemaV1)], options);
    api.calls.length = 0;
    const run = await executePush(api, [...targets(1), { controlPlane: hybrid("fresh"), kind: "hybrid" }], [plugin(schemaV2)], { ...options, dryRun: true });
    expect(run.outcomes.map((o) => o.action)).toEqual(["update", "create"]);
    expect(run.outcomes[0]?.diff).toContain('+return { name = "demo", fields = { { config = { type = "record", fields = { { header');
    expect(api.calls.filter((c) => !c.startsWith("get"))).toEqual([]);
  });

  it("picks the mechanism per kind: streamed for a Dedicated Cloud Gateway, groups skipped with members", async () => {
    const api = new MemoryApi([]);
    const dcgw: FleetTarget = { controlPlane: { ...hybrid("edge"), cloudGateway: true }, kind: "dedicated-cloud-gateway" };
    const group: FleetTarget = { controlPlane: hybrid("grp"), kind: "group", members: [hybrid("a"), hybrid("b")] };
    const run = await executePush(api, [dcgw, group], [plugin(schemaV1, "return {}\n")], options);
    expect(run.outcomes.map((o) => [o.mechanism, o.action])).toEqual([["streamed", "create"], [undefined, "skipped"]]);
    expect(run.outcomes[1]?.reason).toContain("a, b");
    expect(api.calls).toContain("createCustomPlugin id-edge demo");
    const noHandler = await executePush(api, [dcgw], [plugin(schemaV1)], options);
    expect(noHandler.outcomes[0]?.action).toBe("refused");
  });

  it("stops starting work after an abort and marks the rest not started", async () => {
    const api = new MemoryApi([]);
    api.delayMs = 20;
    const controller = new AbortController();
    const run = await executePush(api, targets(10), [plugin(schemaV1)], {
      ...options,
      concurrency: 2,
      signal: controller.signal,
      // cp-0 finishes while cp-1 is in flight: cp-1 completes, nothing new starts
      onDone: (t) => {
        if (t.controlPlane.name === "cp-0") controller.abort();
      },
    });
    expect(run.interrupted).toBe(true);
    const done = run.outcomes.filter((o) => !o.interrupted);
    expect(done.map((o) => o.controlPlane.name)).toEqual(["cp-0", "cp-1"]);
    expect(done.every((o) => o.action === "create")).toBe(true);
    expect(run.outcomes.filter((o) => o.interrupted)).toHaveLength(8);
    expect(api.schemas.size).toBe(2);
  });
});

describe("buildMatrix and delete", () => {
  it("marks presence, hash and drift", async () => {
    const api = new MemoryApi([]);
    await executePush(api, targets(2), [plugin(schemaV1)], options);
    api.schemas.get("id-cp-1")?.set("demo", schemaV2);
    const matrix = await buildMatrix(api, targets(3), [plugin(schemaV1)], { concurrency: 2 });
    expect(matrix.columns.map((c) => c.cells[0]?.present)).toEqual([true, true, false]);
    expect(matrix.columns.map((c) => c.cells[0]?.differs)).toEqual([false, true, undefined]);
    expect(matrix.columns[0]?.cells[0]?.hash).toBe(matrix.localHashes.demo?.schema);
  });

  it("refuses while instances exist unless forced", async () => {
    const api = new MemoryApi([]);
    await executePush(api, targets(2), [plugin(schemaV1)], options);
    api.instances.set("id-cp-0", [{ id: "i1", name: "demo", enabled: true, controlPlaneId: "id-cp-0" }]);
    const plans = await planDelete(api, targets(2), "demo", { concurrency: 2 });
    expect(plans.map((p) => p.instances.length)).toEqual([1, 0]);
    const outcomes = await executeDelete(api, plans, { force: false, concurrency: 2 });
    expect(outcomes.map((o) => o.action)).toEqual(["refused", "deleted"]);
    expect(api.schemas.get("id-cp-0")?.has("demo")).toBe(true);
    const before = api.calls.length;
    const forced = await executeDelete(api, await planDelete(api, targets(2), "demo", { concurrency: 2 }), { force: true, concurrency: 2 });
    expect(forced.map((o) => o.action)).toEqual(["deleted", "absent"]);
    expect(forced[0]?.reason).toBe("after removing 1 plugin instance(s)");
    // the instance went first, then the schema
    expect(api.calls.slice(before).filter((c) => c.startsWith("delete"))).toEqual(["deletePluginInstance id-cp-0 i1", "deletePluginSchema id-cp-0 demo"]);
    expect(api.instances.get("id-cp-0")).toEqual([]);
  });
});
