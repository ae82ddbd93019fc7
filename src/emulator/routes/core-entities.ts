import { z } from "zod";
import { jsonResponse, noContent, type HttpResponse } from "../responses.js";
import type { Route, RouteContext } from "../router.js";
import { StoreError } from "../store.js";
import type { StoredControlPlane, StoredCustomPlugin, StoredPlugin, StoredPluginSchema } from "../types.js";
import { cursorPage, offsetPage } from "./paging.js";

const base = "/control-planes/{controlPlaneId}/core-entities";

function cpId(ctx: RouteContext): string {
  return (ctx.controlPlane as StoredControlPlane).id;
}

/** Maps store errors to statuses; a schema in use is 400 (gRPC FAILED_PRECONDITION), see README. */
function storeFailure(ctx: RouteContext, error: unknown): HttpResponse {
  if (!(error instanceof StoreError)) throw error;
  switch (error.kind) {
    case "not-found":
      return ctx.error(404, error.message);
    case "conflict":
      return ctx.error(409, error.message);
    case "in-use":
      return ctx.error(400, error.message, { grpcCode: 9 });
    default:
      return ctx.error(400, error.message);
  }
}

/** Groups are read-only: "Configuration changes must be made through a member control plane". */
function refuseGroupWrite(ctx: RouteContext): HttpResponse | undefined {
  const cp = ctx.controlPlane as StoredControlPlane;
  if (cp.cluster_type !== "CLUSTER_TYPE_CONTROL_PLANE_GROUP") return undefined;
  return ctx.error(400, `control plane ${cp.name} is a control plane group and is read-only; make configuration changes through a member control plane`, {
    grpcCode: 9,
  });
}

function bodyError(ctx: RouteContext, error: z.ZodError): HttpResponse {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  return ctx.error(400, `schema violation (${where}${first?.message ?? "invalid body"})`);
}

// ---- plugin schemas

const luaSchemaBody = z.object({ lua_schema: z.string({ error: "lua_schema is required and must be a string" }) });

function schemaView(schema: StoredPluginSchema): Record<string, unknown> {
  return { name: schema.name, lua_schema: schema.lua_schema, created_at: schema.created_at, updated_at: schema.updated_at };
}

function listPluginSchemas(ctx: RouteContext): HttpResponse {
  const all = ctx.store.listPluginSchemas(cpId(ctx));
  const page = cursorPage(ctx, all, (schema) => schema.name, { defaultSize: 100, max: 1000, sortedByKey: true });
  if (!page.ok) return page.response;
  return jsonResponse(200, { items: page.items.map(schemaView), page: { total_count: all.length, next: page.next } });
}

function createPluginSchema(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  const body = luaSchemaBody.safeParse(ctx.body);
  if (!body.success) return bodyError(ctx, body.error);
  try {
    return jsonResponse(201, { item: schemaView(ctx.store.createPluginSchema(cpId(ctx), body.data.lua_schema)) });
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

function getPluginSchema(ctx: RouteContext): HttpResponse {
  const schema = ctx.store.getPluginSchema(cpId(ctx), ctx.params.name ?? "");
  if (!schema) return ctx.error(404, `plugin schema "${ctx.params.name}" not found`);
  return jsonResponse(200, { item: schemaView(schema) });
}

function putPluginSchema(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  const body = luaSchemaBody.safeParse(ctx.body);
  if (!body.success) return bodyError(ctx, body.error);
  try {
    const { schema } = ctx.store.putPluginSchema(cpId(ctx), ctx.params.name ?? "", body.data.lua_schema);
    return jsonResponse(200, { item: schemaView(schema) });
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

function deletePluginSchema(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  try {
    ctx.store.deletePluginSchema(cpId(ctx), ctx.params.name ?? "");
    return noContent();
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

// ---- custom plugins (streamed)

const tagsField = z.array(z.string()).nullable().optional();

const customPluginBody = z.strictObject({
  id: z.string().nullable().optional(),
  name: z.string().min(1),
  schema: z.string(),
  handler: z.string(),
  tags: tagsField,
  created_at: z.number().int().nullable().optional(),
  updated_at: z.number().int().nullable().optional(),
});

function customPluginView(plugin: StoredCustomPlugin): Record<string, unknown> {
  return { ...plugin, tags: [...plugin.tags] };
}

/** Kong `tags` filter: `a,b` = all of them, `a/b` = any of them */
function tagFilter(query: URLSearchParams): (tags: string[]) => boolean {
  const raw = query.get("tags");
  if (!raw) return () => true;
  if (raw.includes("/")) {
    const any = raw.split("/");
    return (tags) => any.some((tag) => tags.includes(tag));
  }
  const all = raw.split(",");
  return (tags) => all.every((tag) => tags.includes(tag));
}

function listCustomPlugins(ctx: RouteContext): HttpResponse {
  const matchesTags = tagFilter(ctx.query);
  const page = offsetPage(ctx, ctx.store.listCustomPlugins(cpId(ctx)).filter((plugin) => matchesTags(plugin.tags)));
  if (!page.ok) return page.response;
  return jsonResponse(200, { data: page.items.map(customPluginView), ...(page.next ? { next: page.next, offset: page.offset } : {}) });
}

function createCustomPlugin(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  const body = customPluginBody.safeParse(ctx.body);
  if (!body.success) return bodyError(ctx, body.error);
  try {
    const { id, tags, ...rest } = body.data;
    return jsonResponse(201, customPluginView(ctx.store.createCustomPlugin(cpId(ctx), { ...rest, id: id ?? undefined, tags: tags ?? [] })));
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

function getCustomPlugin(ctx: RouteContext): HttpResponse {
  const plugin = ctx.store.getCustomPlugin(cpId(ctx), ctx.params.CustomPluginId ?? "");
  if (!plugin) return ctx.error(404, "Not found");
  return jsonResponse(200, customPluginView(plugin));
}

function putCustomPlugin(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  const body = customPluginBody.safeParse(ctx.body);
  if (!body.success) return bodyError(ctx, body.error);
  try {
    const { tags, name, schema, handler } = body.data;
    const { plugin } = ctx.store.putCustomPlugin(cpId(ctx), ctx.params.CustomPluginId ?? "", { name, schema, handler, tags: tags ?? [] });
    return jsonResponse(200, customPluginView(plugin));
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

function deleteCustomPlugin(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  // "Successfully deleted CustomPlugin or the resource didn't exist"
  ctx.store.deleteCustomPlugin(cpId(ctx), ctx.params.CustomPluginId ?? "");
  return noContent();
}

// ---- plugin instances

const foreignKey = z.object({ id: z.string() }).nullable().optional();

const pluginBody = z.strictObject({
  id: z.string().min(1).nullable().optional(),
  name: z.string().min(1),
  enabled: z.boolean().nullable().optional(),
  config: z.record(z.string(), z.unknown()).nullable().optional(),
  protocols: z.array(z.string()).nullable().optional(),
  route: foreignKey,
  service: foreignKey,
  consumer: foreignKey,
  consumer_group: foreignKey,
  instance_name: z.string().nullable().optional(),
  condition: z.string().nullable().optional(),
  ordering: z.unknown().optional(),
  partials: z.unknown().optional(),
  tags: tagsField,
  created_at: z.number().int().nullable().optional(),
  updated_at: z.number().int().nullable().optional(),
});

function pluginView(plugin: StoredPlugin): Record<string, unknown> {
  return structuredClone(plugin) as unknown as Record<string, unknown>;
}

function listPlugins(ctx: RouteContext): HttpResponse {
  const nameEq = ctx.query.get("filter[name][eq]");
  const nameContains = ctx.query.get("filter[name][contains]");
  const matchesTags = tagFilter(ctx.query);
  const matching = ctx.store
    .listPlugins(cpId(ctx))
    .filter((plugin) => (nameEq === null || plugin.name === nameEq) && (nameContains === null || plugin.name.includes(nameContains)) && matchesTags(plugin.tags));
  const page = offsetPage(ctx, matching);
  if (!page.ok) return page.response;
  return jsonResponse(200, { data: page.items.map(pluginView), ...(page.next ? { next: page.next, offset: page.offset } : {}) });
}

function createPlugin(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  const body = pluginBody.safeParse(ctx.body);
  if (!body.success) return bodyError(ctx, body.error);
  const input = body.data;
  try {
    const plugin = ctx.store.addPlugin(cpId(ctx), {
      id: input.id ?? undefined,
      name: input.name,
      enabled: input.enabled ?? undefined,
      config: input.config ?? undefined,
      protocols: input.protocols ?? undefined,
      route: input.route ?? null,
      service: input.service ?? null,
      tags: input.tags ?? undefined,
    });
    return jsonResponse(201, pluginView(plugin));
  } catch (error) {
    return storeFailure(ctx, error);
  }
}

function getPlugin(ctx: RouteContext): HttpResponse {
  const plugin = ctx.store.getPlugin(cpId(ctx), ctx.params.PluginId ?? "");
  if (!plugin) return ctx.error(404, "Not found");
  return jsonResponse(200, pluginView(plugin));
}

function deletePlugin(ctx: RouteContext): HttpResponse {
  const refused = refuseGroupWrite(ctx);
  if (refused) return refused;
  ctx.store.deletePlugin(cpId(ctx), ctx.params.PluginId ?? "");
  return noContent();
}

export const coreEntityRoutes: Route[] = [
  // the spec answers the list's 400/401/403 in problem+json, the by-name operations in the legacy shape
  { method: "GET", template: `${base}/plugin-schemas`, style: "problem", handle: listPluginSchemas },
  { method: "POST", template: `${base}/plugin-schemas`, style: "legacy", handle: createPluginSchema },
  { method: "GET", template: `${base}/plugin-schemas/{name}`, style: "legacy", handle: getPluginSchema },
  { method: "PUT", template: `${base}/plugin-schemas/{name}`, style: "legacy", handle: putPluginSchema },
  { method: "DELETE", template: `${base}/plugin-schemas/{name}`, style: "legacy", handle: deletePluginSchema },
  { method: "GET", template: `${base}/custom-plugins`, style: "gateway", handle: listCustomPlugins },
  { method: "POST", template: `${base}/custom-plugins`, style: "gateway", handle: createCustomPlugin },
  { method: "GET", template: `${base}/custom-plugins/{CustomPluginId}`, style: "gateway", handle: getCustomPlugin },
  { method: "PUT", template: `${base}/custom-plugins/{CustomPluginId}`, style: "gateway", handle: putCustomPlugin },
  { method: "DELETE", template: `${base}/custom-plugins/{CustomPluginId}`, style: "gateway", handle: deleteCustomPlugin },
  { method: "GET", template: `${base}/plugins`, style: "gateway", handle: listPlugins },
  { method: "POST", template: `${base}/plugins`, style: "gateway", handle: createPlugin },
  { method: "GET", template: `${base}/plugins/{PluginId}`, style: "gateway", handle: getPlugin },
  { method: "DELETE", template: `${base}/plugins/{PluginId}`, style: "gateway", handle: deletePlugin },
];
