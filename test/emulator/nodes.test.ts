import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { checkExchangesAgainstSpecAfterAll, schemaLua, startTestEmulator, type TestEmulator } from "./harness.js";

checkExchangesAgainstSpecAfterAll();

interface NodeBody {
  id: string;
  hostname: string;
  version: string;
  last_ping: number;
  config_hash: string;
  compatibility_status: { state: string; issues: Array<{ code: string; severity: string; description: string; resolution: string; affected_resources: Array<{ id: string; type: string }> }> };
}
interface NodesPage {
  items: NodeBody[];
  page: { total_count: number; next?: string };
}

let t: TestEmulator | undefined;
afterEach(async () => {
  await t?.emulator.stop();
  t = undefined;
});

const now = 1_790_000_000_000;

async function nodesOf(cp: string, query = ""): Promise<NodesPage> {
  const id = t!.emulator.controlPlane(cp)!.id;
  const response = await t!.call("GET", `/v2/control-planes/${id}/nodes${query}`);
  expect(response.status).toBe(200);
  return response.json as NodesPage;
}

describe("emulator: GET /control-planes/{id}/nodes", () => {
  it("serves the default seed's nodes: connected ones ping now and carry the control plane's config hash", async () => {
    t = await startTestEmulator({ now: () => now });
    const prodUs = await nodesOf("prod-us");
    expect(prodUs.page.total_count).toBe(3);
    expect(prodUs.page.next).toBeUndefined();
    expect(prodUs.items.map((n) => n.hostname)).toEqual(["dp-us-1.payments.internal", "dp-us-2.payments.internal", "dp-us-3.payments.internal"]);
    expect(new Set(prodUs.items.map((n) => n.last_ping))).toEqual(new Set([now / 1000]));
    const hashes = new Set(prodUs.items.map((n) => n.config_hash));
    expect(hashes.size).toBe(1);
    expect([...hashes][0]).toMatch(/^[0-9a-f]{32}$/);
    expect(prodUs.items.every((n) => n.compatibility_status.issues.length === 0)).toBe(true);
    expect((await nodesOf("dev-sandbox")).items).toEqual([]);
  });

  it("reports a node lacking a configured plugin's files as Konnect does: the plugin named, its instances affected", async () => {
    t = await startTestEmulator();
    const staging = await nodesOf("staging");
    const [healthy, lacking] = staging.items;
    expect(healthy?.compatibility_status.issues).toEqual([]);
    expect(lacking?.compatibility_status.state).toBe("COMPATIBILITY_STATE_INCOMPATIBLE");
    expect(lacking?.compatibility_status.issues).toEqual([
      expect.objectContaining({
        severity: "error",
        description: expect.stringContaining("Plugin 'legacy-auth' is configured but not installed"),
        resolution: expect.stringContaining("Install the plugin's files"),
        affected_resources: [{ id: "e13ed533-7728-5d48-b349-05a9ce419c44", type: "plugin" }],
      }),
    ]);
  });

  it("derives issues from the configuration as it is now: none without instances, one per streamed plugin on old nodes", async () => {
    t = await startTestEmulator({
      seed: {
        controlPlanes: [{ name: "hy" }],
        pluginSchemas: { hy: [schemaLua("files-plugin")] },
        customPlugins: { hy: [{ name: "streamy", schema: schemaLua("streamy"), handler: "return {}" }] },
        nodes: { hy: [{ hostname: "old", version: "3.14.9.0", missing_plugins: ["files-plugin", "streamy"] }, { hostname: "new", version: "3.15.0.0" }] },
      },
    });
    // nothing configured yet: Konnect has nothing to complain about
    expect((await nodesOf("hy")).items.flatMap((n) => n.compatibility_status.issues)).toEqual([]);
    const files = await t.emulator.addPluginInstance("hy", { name: "files-plugin" });
    const stream = await t.emulator.addPluginInstance("hy", { name: "streamy" });
    const [old, fresh] = (await nodesOf("hy")).items;
    expect(fresh?.compatibility_status.issues).toEqual([]);
    expect(old?.compatibility_status.issues.map((i) => [i.description.match(/'([^']+)'/)?.[1], i.affected_resources.map((r) => r.id)])).toEqual([
      ["files-plugin", [files.id]],
      // missing files do not matter for a streamed plugin, the version does
      ["streamy", [stream.id]],
    ]);
    expect(old?.compatibility_status.issues[1]?.resolution).toContain("3.15");
    await t.emulator.updateNode("hy", "old", { version: "3.15.0.0", missing_plugins: [] });
    expect((await nodesOf("hy")).items.flatMap((n) => n.compatibility_status.issues)).toEqual([]);
  });

  it("moves the config hash when configuration changes; a node with a pinned hash stays behind", async () => {
    t = await startTestEmulator({ seed: { controlPlanes: [{ name: "hy" }], nodes: { hy: [{ hostname: "a", version: "3.15.0.0" }, { hostname: "b", version: "3.15.0.0", config_hash: "f".repeat(32), last_ping: 1_600_000_000 }] } } });
    const before = await nodesOf("hy");
    expect(before.items[1]).toMatchObject({ config_hash: "f".repeat(32), last_ping: 1_600_000_000 });
    await t.emulator.addPluginSchema("hy", schemaLua("p"));
    const after = await nodesOf("hy");
    expect(after.items[0]?.config_hash).not.toBe(before.items[0]?.config_hash);
    expect(after.items[1]?.config_hash).toBe("f".repeat(32));
    await t.emulator.updateNode("hy", "b", { config_hash: undefined });
    const synced = await nodesOf("hy");
    expect(synced.items[1]?.config_hash).toBe(synced.items[0]?.config_hash);
  });

  it("pages with page[size] and page[after] to the end, next absent on the last page", async () => {
    t = await startTestEmulator({ seed: { controlPlanes: [{ name: "big" }], nodes: { big: Array.from({ length: 7 }, (_, i) => ({ hostname: `n${i}`, version: "3.15.0.0" })) } } });
    const seen: string[] = [];
    let page = await nodesOf("big", "?page[size]=3");
    seen.push(...page.items.map((n) => n.hostname));
    while (page.page.next) {
      expect(page.page.total_count).toBe(7);
      const response = await t.call("GET", `/v2${page.page.next}`);
      page = response.json as NodesPage;
      seen.push(...page.items.map((n) => n.hostname));
    }
    expect(seen).toEqual(["n0", "n1", "n2", "n3", "n4", "n5", "n6"]);
  });

  it("keeps nodes in the state file and refuses a bad seed node with one message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kplug-nodes-"));
    try {
      const statePath = join(dir, "state.json");
      const first = await startEmulator({ statePath });
      await first.updateNode("prod-eu", "dp-eu-2.payments.internal", { version: "3.15.0.0" });
      await first.removeNode("prod-us", "dp-us-3.payments.internal");
      await first.stop();
      const second = await startEmulator({ statePath, seed: { controlPlanes: [] } });
      const cpId = second.controlPlane("prod-eu")!.id;
      expect(second.store.nodes.list(cpId).map((n) => n.version)).toEqual(["3.15.0.0", "3.15.0.0"]);
      expect(second.store.nodes.list(second.controlPlane("prod-us")!.id)).toHaveLength(2);
      await second.stop();
      await expect(startEmulator({ seed: { controlPlanes: [{ name: "x" }], nodes: { x: [{ hostname: "a", version: "3.15.0.0" }, { hostname: "a", version: "3.15.0.0" }] } } })).rejects.toThrow(
        /seed nodes: a node "a" .* already exists/,
      );
      await expect(startEmulator({ seed: { controlPlanes: [{ name: "x" }], nodes: { y: [{ hostname: "a", version: "3" }] } } })).rejects.toThrow(/seed nodes: no control plane "y"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
