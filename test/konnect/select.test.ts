import { describe, expect, it } from "vitest";
import { ExitCode, KplugError } from "../../src/errors.js";
import { classifyControlPlane } from "../../src/konnect/classify.js";
import { selectControlPlanes, selectFleet } from "../../src/konnect/select.js";
import { closestNames } from "../../src/konnect/suggest.js";
import { editDistance } from "../../src/text/edit-distance.js";
import type { ControlPlane, ControlPlaneKind } from "../../src/konnect/types.js";
import { cleanUpAfterEach, client, emulator } from "./helpers.js";

cleanUpAfterEach();

const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";

async function usageError(promise: Promise<unknown>): Promise<KplugError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KplugError);
  expect((error as KplugError).exitCode).toBe(ExitCode.usage);
  return error as KplugError;
}

describe("classification", () => {
  const cases: Array<[string, boolean, ControlPlaneKind]> = [
    ["CLUSTER_TYPE_CONTROL_PLANE", false, "hybrid"],
    ["CLUSTER_TYPE_HYBRID", false, "hybrid"],
    ["CLUSTER_TYPE_CONTROL_PLANE", true, "dedicated-cloud-gateway"],
    ["CLUSTER_TYPE_CONTROL_PLANE_GROUP", false, "group"],
    // the type wins over the flag: a group is never a target, whatever cloud_gateway says
    ["CLUSTER_TYPE_CONTROL_PLANE_GROUP", true, "group"],
    ["CLUSTER_TYPE_SERVERLESS", false, "serverless"],
    ["CLUSTER_TYPE_SERVERLESS_V1", true, "serverless"],
    ["CLUSTER_TYPE_K8S_INGRESS_CONTROLLER", false, "kic"],
    ["CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY", false, "other"],
    ["CLUSTER_TYPE_FROM_THE_FUTURE", false, "other"],
  ];
  it.each(cases)("%s (cloud_gateway %s) is %s", (clusterType, cloudGateway, kind) => {
    expect(classifyControlPlane({ clusterType, cloudGateway })).toBe(kind);
  });

  it("classifies the emulator's default organization as the README describes", async () => {
    const t = await emulator();
    const all = await client(t.emulator.url).listControlPlanes();
    const kinds = Object.fromEntries(all.map((cp: ControlPlane) => [cp.name, classifyControlPlane(cp)]));
    expect(kinds).toEqual({
      "prod-us": "hybrid",
      "prod-eu": "hybrid",
      staging: "hybrid",
      "dev-sandbox": "hybrid",
      "edge-dcg": "dedicated-cloud-gateway",
      "prod-group": "group",
      "kic-cluster": "kic",
      "serverless-dev": "serverless",
    });
  });
});

describe("suggestions", () => {
  it("measures edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("prdo", "prod")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("offers up to three close names, nearest first, and nothing unrelated", () => {
    // "dev" differs from "prdo" in every position: not a suggestion
    expect(closestNames("prdo", ["prod", "prod-eu", "staging", "dev"])).toEqual(["prod", "prod-eu"]);
    expect(closestNames("cp", ["cp-4", "cp-1", "cp-3", "cp-2"])).toEqual(["cp-1", "cp-2", "cp-3"]);
    expect(closestNames("PROD-US", ["prod-us", "prod-eu"])).toEqual(["prod-us", "prod-eu"]);
    expect(closestNames("zzzz", ["abcd", "efgh"])).toEqual([]);
  });
});

describe("selection", () => {
  it("selects by name, by id and by labels, in that order, without duplicates", async () => {
    const t = await emulator();
    const api = client(t.emulator.url);
    const picked = await selectControlPlanes(api, { controlPlanes: ["staging", prodUs, "staging", "prod-us"], labels: { team: "edge" }, all: false });
    expect(picked.map((cp) => cp.name)).toEqual(["staging", "prod-us", "edge-dcg", "serverless-dev"]);
    // ids are fetched directly; names through the server-side filter
    expect(t.emulator.requestLog.some((entry) => entry.path === `/v2/control-planes/${prodUs}`)).toBe(true);
  });

  it("requires every label to match", async () => {
    const t = await emulator();
    const picked = await selectControlPlanes(client(t.emulator.url), { controlPlanes: [], labels: { env: "prod", team: "payments" }, all: false });
    expect(picked.map((cp) => cp.name).sort()).toEqual(["prod-eu", "prod-group", "prod-us"]);
    const none = await usageError(selectControlPlanes(client(t.emulator.url), { controlPlanes: [], labels: { env: "prod", team: "platform" }, all: false }));
    expect(none.message).toBe("no control plane has the labels env=prod, team=platform");
  });

  it("selects everything with --all, across pages", async () => {
    const t = await emulator({ seed: { generate: { hybrid: 130 } } });
    const picked = await selectControlPlanes(client(t.emulator.url), { controlPlanes: [], labels: {}, all: true });
    expect(picked).toHaveLength(130);
  });

  it("suggests the closest names for a name that matches nothing", async () => {
    const t = await emulator({ seed: { controlPlanes: [{ name: "prod" }, { name: "prod-eu" }, { name: "staging" }, { name: "qa-west-2" }] } });
    const error = await usageError(selectControlPlanes(client(t.emulator.url), { controlPlanes: ["prdo"], labels: {}, all: false }));
    expect(error.message).toBe("control plane 'prdo' not found; did you mean: prod, prod-eu?");
    const two = await usageError(selectControlPlanes(client(t.emulator.url), { controlPlanes: ["stagign", "prod", "zzzzzzzzzzzzzzzzzz"], labels: {}, all: false }));
    expect(two.message).toBe("control planes: 'stagign' not found; did you mean: staging?; 'zzzzzzzzzzzzzzzzzz' not found");
  });

  it("tries an unknown id as a name before giving up", async () => {
    const odd = "11111111-2222-4333-8444-555555555555";
    const t = await emulator({ seed: { controlPlanes: [{ name: odd }] } });
    const picked = await selectControlPlanes(client(t.emulator.url), { controlPlanes: [odd], labels: {}, all: false });
    expect(picked.map((cp) => cp.name)).toEqual([odd]);
  });

  it("asks to select control planes when nothing is selected", async () => {
    const t = await emulator();
    const error = await usageError(selectControlPlanes(client(t.emulator.url), { controlPlanes: [" "], labels: {}, all: false }));
    expect(error.message).toMatch(/select control planes/);
    expect(error.message).toBe("select control planes with --control-plane, --label or --all (or set konnect.controlPlanes in the config)");
    expect(t.emulator.requestLog).toHaveLength(0);
  });

  it("passes API failures through as they are (403 stays a KonnectError, exit 1)", async () => {
    const t = await emulator({ seed: { controlPlanes: [{ name: "a" }, { name: "b" }], tokens: { kpat_testtoken0000000000000000000000000000000000000: { controlPlanes: ["a"] } } } });
    const hidden = t.emulator.controlPlane("b")!.id;
    const error = await selectControlPlanes(client(t.emulator.url), { controlPlanes: [hidden], labels: {}, all: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, exitCode: ExitCode.failure });
  });

  it("selects by name glob, and refuses a glob that matches nothing", async () => {
    const t = await emulator({ seed: { controlPlanes: [{ name: "prod-1" }, { name: "prod-2" }, { name: "prod-eu" }, { name: "staging" }, { name: "preprod-1" }] } });
    const picked = await selectControlPlanes(client(t.emulator.url), { controlPlanes: ["prod-?"], labels: {}, all: false });
    expect(picked.map((cp) => cp.name).sort()).toEqual(["prod-1", "prod-2"]);
    const star = await selectControlPlanes(client(t.emulator.url), { controlPlanes: ["prod-*", "staging"], labels: {}, all: false });
    expect(star.map((cp) => cp.name).sort()).toEqual(["prod-1", "prod-2", "prod-eu", "staging"]);
    const none = await usageError(selectControlPlanes(client(t.emulator.url), { controlPlanes: ["qa-*"], labels: {}, all: false }));
    expect(none.message).toBe("control plane 'qa-*' matches no control plane");
  });

  it("negates labels: key!=value keeps control planes without the key or with another value", async () => {
    const t = await emulator({ seed: { controlPlanes: [{ name: "a", labels: { env: "prod", tier: "canary" } }, { name: "b", labels: { env: "prod" } }, { name: "c", labels: { env: "dev", tier: "canary" } }] } });
    const picked = await selectFleet(client(t.emulator.url), { controlPlanes: [], labels: { env: "prod" }, notLabels: { tier: "canary" }, all: false });
    expect(picked.controlPlanes.map((cp) => cp.name)).toEqual(["b"]);
    const none = await usageError(selectFleet(client(t.emulator.url), { controlPlanes: [], labels: { env: "dev" }, notLabels: { tier: "canary" }, all: false }));
    expect(none.message).toBe("no control plane has the labels env=dev, tier!=canary");
  });

  it("excludes by name, id or glob, reports excludes that removed nothing, and refuses to exclude everything", async () => {
    const t = await emulator({ seed: { generate: { hybrid: 12, namePrefix: "cp" } } });
    const api = client(t.emulator.url);
    const all = await api.listControlPlanes();
    const third = all.find((cp) => cp.name.endsWith("03"))!;
    const result = await selectFleet(api, { controlPlanes: [], labels: {}, all: true, exclude: ["*-1?", third.id, "nope"] });
    expect(result.controlPlanes.map((cp) => cp.name).sort()).toEqual(all.map((cp) => cp.name).filter((n) => !/-1\d$/.test(n) && n !== third.name).sort());
    expect(result.excluded).toHaveLength(4);
    expect(result.unusedExcludes).toEqual(["nope"]);
    const everything = await usageError(selectFleet(api, { controlPlanes: [], labels: {}, all: true, exclude: ["*"] }));
    expect(everything.message).toBe("--exclude removes every selected control plane (12)");
  });
});
