import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entityPath, schemaLua, checkExchangesAgainstSpecAfterAll, startTestEmulator, type TestEmulator } from "./harness.js";

checkExchangesAgainstSpecAfterAll();

let t: TestEmulator;
let cpId: string;

beforeAll(async () => {
  t = await startTestEmulator({
    seed: {
      controlPlanes: [{ name: "shared", labels: { env: "prod", team: "a" } }],
      generate: { hybrid: 250, dedicatedCloudGateway: 3, kic: 2, labels: { env: "bench" } },
    },
  });
  cpId = t.emulator.controlPlane("shared")!.id;
  for (let i = 0; i < 53; i++) await t.emulator.addPluginSchema("shared", schemaLua(`schema-${String(i).padStart(2, "0")}`));
  for (let i = 0; i < 23; i++) await t.emulator.addCustomPlugin("shared", { name: `custom-${i}`, schema: schemaLua(`custom-${i}`), handler: "return {}" });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe("control plane pagination and filters", () => {
  it("pages through 256 control planes with page[number] and reports the total on every page", async () => {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const { json } = await t.call("GET", `/v2/control-planes?page[size]=7&page[number]=${page}`);
      const body = json as { data: Array<{ name: string }>; meta: { page: { number: number; size: number; total: number } } };
      expect(body.meta.page).toEqual({ number: page, size: 7, total: 256 });
      if (body.data.length === 0) break;
      names.push(...body.data.map((cp) => cp.name));
    }
    expect(names).toHaveLength(256);
    expect(new Set(names).size).toBe(256);
    expect(names.slice(0, 3)).toEqual(["shared", "cp-hybrid-001", "cp-hybrid-002"]);
  });

  it("uses 10 as the default page size and caps it at 100", async () => {
    const body = (await t.call("GET", "/v2/control-planes")).json as { data: unknown[]; meta: { page: { size: number } } };
    expect(body.data).toHaveLength(10);
    expect((await t.call("GET", "/v2/control-planes?page[size]=101")).status).toBe(400);
  });

  it("filters by name, cluster type, cloud gateway and labels", async () => {
    const names = async (query: string): Promise<string[]> =>
      ((await t.call("GET", `/v2/control-planes?page[size]=100&${query}`)).json as { data: Array<{ name: string }> }).data.map((cp) => cp.name);
    expect(await names("filter[name][eq]=shared")).toEqual(["shared"]);
    expect(await names("filter[name]=cp-kic-1")).toEqual(["cp-kic-1"]);
    expect(await names("filter[name][contains]=dcg")).toEqual(["cp-dcg-1", "cp-dcg-2", "cp-dcg-3"]);
    expect(await names("filter[cluster_type][eq]=CLUSTER_TYPE_K8S_INGRESS_CONTROLLER")).toEqual(["cp-kic-1", "cp-kic-2"]);
    expect(await names("filter[cloud_gateway]=true")).toEqual(["cp-dcg-1", "cp-dcg-2", "cp-dcg-3"]);
    expect(await names("labels=env:prod")).toEqual(["shared"]);
    expect(await names("labels=team")).toEqual(["shared"]);
    expect(await names("labels=env:prod,team:b")).toEqual([]);
    const body = (await t.call("GET", "/v2/control-planes?page[size]=100&labels=env:bench")).json as { meta: { page: { total: number } } };
    expect(body.meta.page.total).toBe(255);
  });

  it("names the bad parameter in a 400", async () => {
    const response = await t.call("GET", "/v2/control-planes?filter[name][like]=x");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({ status: 400, invalid_parameters: [{ field: "filter[name][like]" }] });
  });
});

describe("plugin schema cursor pagination", () => {
  it("follows page.next through every schema in name order", async () => {
    const names: string[] = [];
    let path: string | null = `${entityPath(cpId, "plugin-schemas")}?page[size]=5`;
    let pages = 0;
    while (path) {
      const body = (await t.call("GET", path)).json as { items: Array<{ name: string }>; page: { total_count: number; next: string | null } };
      expect(body.page.total_count).toBe(53);
      names.push(...body.items.map((item) => item.name));
      path = body.page.next === null ? null : `/v2${body.page.next}`;
      pages += 1;
    }
    expect(pages).toBe(11);
    expect(names).toEqual(Array.from({ length: 53 }, (_, i) => `schema-${String(i).padStart(2, "0")}`));
  });

  it("accepts the last name as a bare page[after] cursor", async () => {
    const body = (await t.call("GET", `${entityPath(cpId, "plugin-schemas")}?page[size]=2&page[after]=schema-50`)).json as { items: Array<{ name: string }> };
    expect(body.items.map((item) => item.name)).toEqual(["schema-51", "schema-52"]);
  });
});

describe("custom plugin offset pagination", () => {
  it("follows next/offset to the end, where both disappear", async () => {
    const names: string[] = [];
    let offset: string | undefined;
    for (;;) {
      const query = `size=4${offset ? `&offset=${offset}` : ""}`;
      const body = (await t.call("GET", `${entityPath(cpId, "custom-plugins")}?${query}`)).json as { data: Array<{ name: string }>; next?: string; offset?: string };
      names.push(...body.data.map((plugin) => plugin.name));
      if (!body.offset) {
        expect(body.next).toBeUndefined();
        break;
      }
      expect(body.next).toContain(`offset=${body.offset}`);
      offset = body.offset;
    }
    expect(names).toEqual(Array.from({ length: 23 }, (_, i) => `custom-${i}`));
    expect((await t.call("GET", `${entityPath(cpId, "custom-plugins")}?offset=garbage`)).status).toBe(400);
    expect((await t.call("GET", `${entityPath(cpId, "custom-plugins")}?size=1001`)).status).toBe(400);
  });
});

describe("authentication", () => {
  it("answers 401 without a token, with a malformed header, and with a token that is not kpat_/spat_", async () => {
    for (const token of [null, "", "abc", "Bearer"]) {
      const response = await t.call("GET", "/v2/control-planes", { token });
      expect(response.status, String(token)).toBe(401);
    }
    const raw = await fetch(`${t.emulator.url}/v2/control-planes`, { headers: { authorization: "Basic a2V5OnNlY3JldA==" } });
    expect(raw.status).toBe(401);
    expect((await t.call("GET", "/v2/control-planes", { token: "spat_system" })).status).toBe(200);
  });

  it("with a token table, lists only visible control planes, forbids the others with 403 and rejects unknown tokens", async () => {
    t.emulator.setTokens({
      kpat_limited: { controlPlanes: ["shared", "cp-hybrid-001"] },
      kpat_admin: { controlPlanes: "*" },
    });
    try {
      const limited = (await t.call("GET", "/v2/control-planes?page[size]=100", { token: "kpat_limited" })).json as { data: Array<{ name: string }>; meta: { page: { total: number } } };
      expect(limited.data.map((cp) => cp.name)).toEqual(["shared", "cp-hybrid-001"]);
      expect(limited.meta.page.total).toBe(2);
      const other = t.emulator.controlPlane("cp-hybrid-002")!.id;
      const forbidden = await t.call("GET", `/v2/control-planes/${other}`, { token: "kpat_limited" });
      expect(forbidden.status).toBe(403);
      expect(forbidden.json).toMatchObject({ status: 403, title: "Forbidden" });
      const legacy = await t.call("GET", entityPath(other, "plugin-schemas", "/schema-00"), { token: "kpat_limited" });
      expect(legacy.status).toBe(403);
      expect(legacy.json).toMatchObject({ message: expect.stringContaining(other) });
      expect((await t.call("GET", entityPath(cpId, "plugin-schemas"), { token: "kpat_limited" })).status).toBe(200);
      expect((await t.call("GET", `/v2/control-planes/${other}`, { token: "kpat_admin" })).status).toBe(200);
      expect((await t.call("GET", "/v2/control-planes", { token: "kpat_unlisted" })).status).toBe(401);
    } finally {
      t.emulator.setTokens(undefined);
    }
  });
});
