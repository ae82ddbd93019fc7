import { describe, expect, it } from "vitest";
import { version } from "../../src/version.js";
import { checkExchangesAgainstSpecAfterAll, schemaLua } from "../emulator/harness.js";
import { calls, cleanUpAfterEach, client, emulator, stubServer, token } from "./helpers.js";

// every response the emulator sent to the client in this file must conform to the official specs
checkExchangesAgainstSpecAfterAll();
cleanUpAfterEach();

const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";
const group = "5bf7a383-e8cd-579a-819c-33c0a3ee407f";

describe("control planes", () => {
  it("pages through 250 control planes with page[size]/page[number] to the end", async () => {
    const t = await emulator({ seed: { generate: { hybrid: 200, dedicatedCloudGateway: 30, kic: 20, namePrefix: "fleet", labels: { env: "load" } } } });
    const api = client(t.emulator.url);
    const all = await api.listControlPlanes();
    expect(all).toHaveLength(250);
    expect(new Set(all.map((cp) => cp.id)).size).toBe(250);
    // the first page tells the total; the two further pages are then asked for at once (in any order)
    const made = calls(t);
    expect(made[0]).toBe("GET /v2/control-planes?page[size]=100&page[number]=1 200");
    expect(made.slice(1).sort()).toEqual(["GET /v2/control-planes?page[size]=100&page[number]=2 200", "GET /v2/control-planes?page[size]=100&page[number]=3 200"]);
    // ...and the result keeps page order: the same as reading the pages one by one
    const oneByOne = [];
    for (const page of [1, 2, 3]) {
      const res = await fetch(`${t.emulator.url}/v2/control-planes?page[size]=100&page[number]=${page}`, { headers: { authorization: `Bearer ${token}` } });
      oneByOne.push(...((await res.json()) as { data: { id: string }[] }).data.map((cp) => cp.id));
    }
    expect(all.map((cp) => cp.id)).toEqual(oneByOne);
    const dcg = all.find((cp) => cp.name === "fleet-dcg-01");
    expect(dcg).toMatchObject({ clusterType: "CLUSTER_TYPE_CONTROL_PLANE", cloudGateway: true, labels: { env: "load" } });
  });

  it("stops on an exactly full last page without asking for an empty one beyond the total", async () => {
    const t = await emulator({ seed: { generate: { hybrid: 20 } } });
    const all = await client(t.emulator.url, { pageSize: { controlPlanes: 10 } }).listControlPlanes();
    expect(all).toHaveLength(20);
    expect(t.emulator.requestLog).toHaveLength(2);
  });

  it("sends the spec's filters: filter[name][eq], filter[cluster_type][eq], labels=k:v,k2:v2", async () => {
    const t = await emulator();
    const api = client(t.emulator.url);
    expect((await api.listControlPlanes({ name: "prod-us" })).map((cp) => cp.id)).toEqual([prodUs]);
    const kic = await api.listControlPlanes({ clusterType: "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER" });
    expect(kic.map((cp) => cp.name)).toEqual(["kic-cluster"]);
    const labelled = await api.listControlPlanes({ labels: { env: "prod", team: "payments" } });
    expect(labelled.map((cp) => cp.name).sort()).toEqual(["prod-eu", "prod-group", "prod-us"]);
    expect(t.emulator.requestLog.map((entry) => decodeURIComponent(entry.path))).toEqual([
      "/v2/control-planes?page[size]=100&page[number]=1&filter[name][eq]=prod-us",
      "/v2/control-planes?page[size]=100&page[number]=1&filter[cluster_type][eq]=CLUSTER_TYPE_K8S_INGRESS_CONTROLLER",
      "/v2/control-planes?page[size]=100&page[number]=1&labels=env:prod,team:payments",
    ]);
  });

  it("gets one control plane, and the members of a group across cursor pages", async () => {
    const t = await emulator();
    const api = client(t.emulator.url, { pageSize: { groupMembers: 1 } });
    expect(await api.getControlPlane(prodUs)).toEqual({
      id: prodUs,
      name: "prod-us",
      description: "Production, US data planes",
      labels: { env: "prod", team: "payments", region: "us" },
      clusterType: "CLUSTER_TYPE_CONTROL_PLANE",
      cloudGateway: false,
    });
    const members = await api.listGroupMembers(group);
    expect(members.map((cp) => cp.name).sort()).toEqual(["prod-eu", "prod-us"]);
    const memberCalls = calls(t).filter((line) => line.includes("group-memberships"));
    // two members at page[size]=1: the second page comes from meta.page.next's page[after]
    expect(memberCalls).toHaveLength(2);
    expect(memberCalls[1]).toMatch(/page\[after\]=/);
  });

  it("identifies itself as kplug/<version>", async () => {
    const t = await emulator();
    await client(t.emulator.url).listControlPlanes();
    expect(t.emulator.requestLog[0]?.userAgent).toBe(`kplug/${version}`);
  });
});

describe("plugin schemas", () => {
  it("pages through 120 schemas with page[size]/page[after] and returns them all", async () => {
    const t = await emulator();
    const names = Array.from({ length: 120 }, (_, i) => `plugin-${String(i).padStart(3, "0")}`);
    for (const name of names) await t.emulator.addPluginSchema("prod-us", schemaLua(name));
    const api = client(t.emulator.url, { pageSize: { pluginSchemas: 7 } });
    const schemas = await api.listPluginSchemas(prodUs);
    expect(schemas.map((s) => s.name)).toEqual(names);
    expect(schemas[0]?.luaSchema).toBe(schemaLua("plugin-000"));
    expect(typeof schemas[0]?.createdAt).toBe("number");
    expect(t.emulator.requestLog).toHaveLength(Math.ceil(120 / 7));
    expect(t.emulator.requestLog.slice(1).every((entry) => entry.path.includes("page[after]="))).toBe(true);
  });

  it("pages on when a list carries only total_count (the spec's shape), with a cursor from the last name", async () => {
    const names = Array.from({ length: 25 }, (_, i) => `s-${String(i).padStart(2, "0")}`);
    const stub = await stubServer((req, res) => {
      const query = new URL(req.url ?? "/", "http://stub").searchParams;
      const size = Number(query.get("page[size]"));
      const after = query.get("page[after]");
      const start = after ? names.indexOf((JSON.parse(Buffer.from(after, "base64url").toString("utf8")) as { id: string }).id) + 1 : 0;
      const items = names.slice(start, start + size).map((name) => ({ name, lua_schema: schemaLua(name) }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ items, page: { total_count: names.length } }));
    });
    const schemas = await client(stub.origin, { pageSize: { pluginSchemas: 10 } }).listPluginSchemas("cp");
    expect(schemas.map((s) => s.name)).toEqual(names);
    expect(stub.requests).toHaveLength(3);
  });

  it("creates (POST), reads, replaces (PUT) and deletes a schema; a missing one reads as undefined", async () => {
    const t = await emulator();
    const api = client(t.emulator.url);
    const created = await api.createPluginSchema(prodUs, schemaLua("my-plugin"));
    expect(created).toMatchObject({ name: "my-plugin", luaSchema: schemaLua("my-plugin") });
    expect((await api.getPluginSchema(prodUs, "my-plugin"))?.luaSchema).toBe(schemaLua("my-plugin"));
    const updated = await api.putPluginSchema(prodUs, "my-plugin", schemaLua("my-plugin", "{ x = { type = \"string\" } }"));
    expect(updated.luaSchema).toContain("x = { type");
    await api.deletePluginSchema(prodUs, "my-plugin");
    expect(await api.getPluginSchema(prodUs, "my-plugin")).toBeUndefined();
    // deleting what is already gone is done, not a failure (a retried DELETE meets exactly that)
    await expect(api.deletePluginSchema(prodUs, "my-plugin")).resolves.toBeUndefined();
    expect(calls(t).map((line) => line.replace(prodUs, "CP"))).toEqual([
      "POST /v2/control-planes/CP/core-entities/plugin-schemas 201",
      "GET /v2/control-planes/CP/core-entities/plugin-schemas/my-plugin 200",
      "PUT /v2/control-planes/CP/core-entities/plugin-schemas/my-plugin 200",
      "DELETE /v2/control-planes/CP/core-entities/plugin-schemas/my-plugin 204",
      "GET /v2/control-planes/CP/core-entities/plugin-schemas/my-plugin 404",
      "DELETE /v2/control-planes/CP/core-entities/plugin-schemas/my-plugin 404",
    ]);
  });
});

describe("custom plugins and plugin instances", () => {
  it("pages custom plugins with size/offset, and gets, upserts and deletes one by name or id", async () => {
    const t = await emulator();
    for (let i = 0; i < 30; i++) await t.emulator.addCustomPlugin("edge-dcg", { name: `cp-${i}`, schema: schemaLua(`cp-${i}`), handler: "return {}", tags: ["t"] });
    const api = client(t.emulator.url, { pageSize: { entities: 4 } });
    const dcg = t.emulator.controlPlane("edge-dcg")!.id;
    const all = await api.listCustomPlugins(dcg);
    expect(all).toHaveLength(30);
    expect(all[0]).toMatchObject({ name: "cp-0", handler: "return {}", tags: ["t"] });
    expect(t.emulator.requestLog).toHaveLength(Math.ceil(30 / 4));

    const created = await api.createCustomPlugin(dcg, { name: "stamp", schema: schemaLua("stamp"), handler: "return { PRIORITY = 1 }" });
    expect(created.id).toMatch(/[0-9a-f-]{36}/);
    expect((await api.getCustomPlugin(dcg, "stamp"))?.id).toBe(created.id);
    expect((await api.getCustomPlugin(dcg, created.id))?.name).toBe("stamp");
    const put = await api.putCustomPlugin(dcg, created.id, { name: "stamp", schema: schemaLua("stamp"), handler: "return { PRIORITY = 2 }", tags: ["v2"] });
    expect(put).toMatchObject({ id: created.id, handler: "return { PRIORITY = 2 }", tags: ["v2"] });
    await api.deleteCustomPlugin(dcg, "stamp");
    expect(await api.getCustomPlugin(dcg, "stamp")).toBeUndefined();
  });

  it("lists the instances of one plugin with filter[name][eq], across offset pages", async () => {
    const t = await emulator();
    for (let i = 0; i < 5; i++) await t.emulator.addPluginInstance("prod-us", { name: "my-plugin", enabled: i % 2 === 0 });
    await t.emulator.addPluginInstance("prod-us", { name: "other-plugin" });
    const api = client(t.emulator.url, { pageSize: { entities: 2 } });
    const instances = await api.listPluginInstances(prodUs, "my-plugin");
    expect(instances).toHaveLength(5);
    expect(instances.every((p) => p.name === "my-plugin" && p.controlPlaneId === prodUs)).toBe(true);
    expect(instances.map((p) => p.enabled)).toEqual([true, false, true, false, true]);
    expect(instances[0]).toMatchObject({ route: null, service: null, consumer: null });
    expect(t.emulator.requestLog.every((entry) => decodeURIComponent(entry.path).includes("filter[name][eq]=my-plugin"))).toBe(true);
    expect(t.emulator.requestLog).toHaveLength(3);
  });
});
