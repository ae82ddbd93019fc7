import { z } from "zod";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/emulator/random.js";
import { KonnectError } from "../../src/konnect/errors.js";
import { shapeCheckOf } from "../../src/konnect/fast-shape.js";
import { kongListSchema, parseResponse, responseSchemas } from "../../src/konnect/schemas.js";

const { controlPlaneSchema, customPluginSchema, listControlPlanesSchema, listGroupMembershipsSchema, listNodesSchema, listPluginSchemasSchema, pluginInstanceSchema, pluginSchemaResponseSchema } =
  responseSchemas();

const controlPlane = { id: "cp-1", name: "prod", description: null, labels: { env: "prod", team: "a" }, config: { cluster_type: "CLUSTER_TYPE_HYBRID", cloud_gateway: false, extra: [1] }, created_at: "x" };
const schemaItem = { name: "header-stamp", lua_schema: "return {}", created_at: 1, updated_at: null };
const customPlugin = { id: "c-1", name: "p", schema: "return {}", handler: "return {}", tags: ["a"], created_at: 1 };
const node = {
  id: "n-1",
  version: "3.9.0.0",
  hostname: "dp-1",
  last_ping: 1700000000,
  config_hash: null,
  compatibility_status: { state: "COMPATIBILITY_STATE_FULLY_COMPATIBLE", issues: [{ code: "X", affected_resources: [{ id: "r", type: "plugin", details: ["d"] }], documentation_url: null }] },
};

/** each hot response schema with a well-formed body */
const cases: Array<[string, z.ZodType, unknown]> = [
  ["control plane", controlPlaneSchema, controlPlane],
  ["control plane page", listControlPlanesSchema, { data: [controlPlane, { ...controlPlane, id: "cp-2", labels: undefined }], meta: { page: { number: 1, size: 100, total: 2 } } }],
  ["group memberships", listGroupMembershipsSchema, { data: [controlPlane], meta: { page: { next: null, size: 100 } } }],
  ["plugin schema page", listPluginSchemasSchema, { items: [schemaItem, { name: "b", lua_schema: "x" }], page: { total_count: 2 } }],
  ["plugin schema", pluginSchemaResponseSchema, { item: schemaItem }],
  ["custom plugin page", kongListSchema(customPluginSchema), { data: [customPlugin], next: null, offset: null }],
  ["plugin instance page", kongListSchema(pluginInstanceSchema), { data: [{ id: "i", name: "p", enabled: true, route: { id: "r" }, service: null }], offset: "o" }],
  ["nodes page", listNodesSchema, { items: [node, { id: "n-2" }], page: { total_count: 2, next: "/x" } }],
];

const replacements: unknown[] = [null, undefined, "s", "", 0, 1.5, Infinity, Number.NaN, true, false, [], [1], ["a"], {}, { id: "x" }, JSON.parse('{"__proto__": "p"}')];

/** every path (as keys) to a value inside `value` */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== "object") return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

/** a copy of `value` with the thing at `path` replaced (or deleted, for `undefined` in an object) */
function mutate(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (replacement === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

describe("plain shape checks of response schemas", () => {
  it("exist for every hot response schema and accept well-formed bodies", () => {
    for (const [name, schema, value] of cases) {
      const check = shapeCheckOf(schema);
      expect(check, name).toBeDefined();
      expect(check?.(value), name).toBe(true);
    }
  });

  it("accept only what zod accepts, and zod's output for what they accept is the body itself", () => {
    // seeded: the same mutations on every run
    const next = mulberry32(14);
    let accepted = 0;
    let refused = 0;
    for (const [name, schema, value] of cases) {
      const check = shapeCheckOf(schema) as (value: unknown) => boolean;
      const all = paths(value);
      for (let round = 0; round < 400; round++) {
        // one to three changes at random places
        let body = value;
        for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
          const spots = paths(body);
          body = mutate(body, spots[Math.floor(next() * spots.length)] ?? [], replacements[Math.floor(next() * replacements.length)]);
        }
        const zod = schema.safeParse(body);
        if (check(body)) {
          accepted++;
          expect(zod.success, `${name}: ${JSON.stringify(body)}`).toBe(true);
          expect(zod.data, name).toEqual(body);
        } else refused++;
      }
      expect(all.length).toBeGreaterThan(1);
    }
    // both sides were exercised
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it("leave the error to zod: a wrong body gives the same message as before", () => {
    const body = { items: [{ name: "a", lua_schema: 5 }] };
    expect(() => parseResponse(listPluginSchemasSchema, body, "GET /v2/x")).toThrow(KonnectError);
    expect(() => parseResponse(listPluginSchemasSchema, body, "GET /v2/x")).toThrow("GET /v2/x: unexpected response shape: items[0].lua_schema: expected string");
    // zod drops an own __proto__ key from its output: such a body is not taken as it is
    const labelled = JSON.parse('{"id": "a", "name": "n", "labels": {"__proto__": "x", "env": "prod"}, "config": {"cluster_type": "t"}}') as unknown;
    expect(shapeCheckOf(controlPlaneSchema)?.(labelled)).toBe(false);
    expect(Object.keys(parseResponse(controlPlaneSchema, labelled, "GET /v2/x").labels ?? {})).toEqual(["env"]);
  });

  it("has none for schemas with checks, unions or stripping objects (zod only)", () => {
    expect(shapeCheckOf(z.string().min(1))).toBeUndefined();
    expect(shapeCheckOf(z.union([z.string(), z.number()]))).toBeUndefined();
    expect(shapeCheckOf(z.object({ a: z.string() }))).toBeUndefined();
    expect(shapeCheckOf(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(shapeCheckOf(z.looseObject({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
  });
});
