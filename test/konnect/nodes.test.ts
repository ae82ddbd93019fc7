import { describe, expect, it } from "vitest";
import { checkExchangesAgainstSpecAfterAll } from "../emulator/harness.js";
import { calls, cleanUpAfterEach, client, emulator, stubServer } from "./helpers.js";

checkExchangesAgainstSpecAfterAll();
cleanUpAfterEach();

const staging = "ac5e693c-78de-5b53-b830-1f8530f6214c";

describe("client.listNodes", () => {
  it("reads every page of a control plane's nodes, typed, with compatibility issues as Konnect words them", async () => {
    const t = await emulator();
    for (let i = 3; i <= 5; i++) await t.emulator.addNode("staging", { hostname: `staging-dp-${i}.internal`, version: "3.14.0.0", last_ping: 1_700_000_000, config_hash: "a".repeat(32) });
    const nodes = await client(t.emulator.url, { pageSize: { nodes: 2 } }).listNodes(staging);
    expect(nodes.map((n) => n.hostname)).toEqual(["staging-dp-1.internal", "staging-dp-2.internal", "staging-dp-3.internal", "staging-dp-4.internal", "staging-dp-5.internal"]);
    expect(calls(t).map((line) => line.replace(/page\[after\]=[^&\s]+/, "page[after]=…"))).toEqual([
      `GET /v2/control-planes/${staging}/nodes?page[size]=2 200`,
      `GET /v2/control-planes/${staging}/nodes?page[size]=2&page[after]=… 200`,
      `GET /v2/control-planes/${staging}/nodes?page[size]=2&page[after]=… 200`,
    ]);
    expect(nodes[4]).toEqual({ id: expect.any(String), hostname: "staging-dp-5.internal", version: "3.14.0.0", lastPing: 1_700_000_000, configHash: "a".repeat(32), compatibility: { state: "COMPATIBILITY_STATE_FULLY_COMPATIBLE", issues: [] } });
    expect(nodes[1]?.compatibility.issues).toEqual([
      {
        code: "EMU-PLUGIN-NOT-INSTALLED",
        severity: "error",
        description: expect.stringContaining("'legacy-auth'"),
        resolution: expect.any(String),
        affectedResources: [{ id: "e13ed533-7728-5d48-b349-05a9ce419c44", type: "plugin", details: [] }],
      },
    ]);
  });

  it("takes fields Konnect leaves out or sets to null, and names the endpoint when the shape is wrong", async () => {
    let body: unknown = { items: [{ id: "n1", hostname: null, compatibility_status: null }, { id: "n2", compatibility_status: { issues: [{ code: "X", affected_resources: null }] } }], page: { total_count: 2 } };
    const stub = await stubServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)));
    const api = client(stub.origin);
    expect(await api.listNodes("cp")).toEqual([
      { id: "n1", hostname: "", version: "", compatibility: { issues: [] } },
      { id: "n2", hostname: "", version: "", compatibility: { issues: [{ code: "X", severity: "", description: "", resolution: "", affectedResources: [] }] } },
    ]);
    body = { items: [{ id: "n1", last_ping: "yesterday" }] };
    await expect(api.listNodes("cp")).rejects.toThrow(/GET \/v2\/control-planes\/cp\/nodes: unexpected response shape: items\[0\]\.last_ping/);
  });
});
