import type { z } from "zod";
import { KonnectError } from "./errors.js";
import { HttpClient, type HttpOptions, type HttpResult } from "./http.js";
import type { RateLimiter } from "./limiter.js";
import { PageGuard } from "./paging.js";
import { backoffDelay, RETRYABLE_STATUSES, sleep } from "./retry.js";
import { kongListSchema, parseResponse, responseSchemas, unexpectedShape, type ResponseSchemas } from "./schemas.js";
import type { ControlPlane, ControlPlaneFilter, CustomPlugin, DataPlaneNode, KonnectApi, PluginInstance, PluginSchema } from "./types.js";

export interface PageSizes {
  /** GET /control-planes page[size] (max 100) */
  controlPlanes?: number;
  /** group-memberships page[size] (max 100) */
  groupMembers?: number;
  /** plugin-schemas page[size] (max 1000) */
  pluginSchemas?: number;
  /** custom-plugins and plugins `size` (max 1000) */
  entities?: number;
  /** nodes page[size] */
  nodes?: number;
}

export interface KonnectClientOptions extends Omit<HttpOptions, "controlPlaneName"> {
  /** page sizes; the defaults are the largest each endpoint allows, tests use small ones */
  pageSize?: PageSizes;
}

export interface KonnectClient extends KonnectApi {
  /** API base ending in /v2 */
  readonly baseUrl: string;
  /** the client's rate limiter (pass it to another client to share the budget) */
  readonly limiter: RateLimiter;
  /** releases the keep-alive connections; the client is unusable afterwards */
  close(): Promise<void>;
  /** like close, but requests in flight are cut off instead of awaited */
  destroy(): Promise<void>;
}

type CustomPluginBody = { name: string; schema: string; handler: string; tags?: string[] };

const seg = encodeURIComponent;
/** control-plane pages asked for at once once the total is known (the limiter and pool still apply) */
const PAGE_WAVE = 16;

function toControlPlane(raw: z.output<ResponseSchemas["controlPlaneSchema"]>): ControlPlane {
  return {
    id: raw.id,
    name: raw.name,
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    labels: { ...(raw.labels ?? {}) },
    clusterType: raw.config.cluster_type,
    cloudGateway: raw.config.cloud_gateway === true,
  };
}

function toPluginSchema(raw: { name: string; lua_schema: string; created_at?: number | null; updated_at?: number | null }): PluginSchema {
  return {
    name: raw.name,
    luaSchema: raw.lua_schema,
    ...(typeof raw.created_at === "number" ? { createdAt: raw.created_at } : {}),
    ...(typeof raw.updated_at === "number" ? { updatedAt: raw.updated_at } : {}),
  };
}

function toCustomPlugin(raw: z.output<ResponseSchemas["customPluginSchema"]>): CustomPlugin {
  return {
    id: raw.id,
    name: raw.name,
    schema: raw.schema,
    handler: raw.handler,
    tags: [...(raw.tags ?? [])],
    ...(typeof raw.created_at === "number" ? { createdAt: raw.created_at } : {}),
    ...(typeof raw.updated_at === "number" ? { updatedAt: raw.updated_at } : {}),
  };
}

function toPluginInstance(raw: z.output<ResponseSchemas["pluginInstanceSchema"]>, controlPlaneId: string): PluginInstance {
  return {
    id: raw.id,
    name: raw.name,
    enabled: raw.enabled ?? true,
    controlPlaneId,
    route: raw.route?.id ?? null,
    service: raw.service?.id ?? null,
    consumer: raw.consumer?.id ?? null,
  };
}

function toNode(raw: z.output<ResponseSchemas["listNodesSchema"]>["items"][number]): DataPlaneNode {
  const status = raw.compatibility_status;
  return {
    id: raw.id,
    hostname: raw.hostname ?? "",
    version: raw.version ?? "",
    ...(typeof raw.last_ping === "number" ? { lastPing: raw.last_ping } : {}),
    ...(typeof raw.config_hash === "string" ? { configHash: raw.config_hash } : {}),
    compatibility: {
      ...(typeof status?.state === "string" ? { state: status.state } : {}),
      issues: (status?.issues ?? []).map((issue) => ({
        code: issue.code ?? "",
        severity: issue.severity ?? "",
        description: issue.description ?? "",
        resolution: issue.resolution ?? "",
        affectedResources: (issue.affected_resources ?? []).map((r) => ({ id: r.id ?? "", type: r.type ?? "", details: [...(r.details ?? [])] })),
        ...(typeof issue.documentation_url === "string" ? { documentationUrl: issue.documentation_url } : {}),
      })),
    },
  };
}

/** the `page[after]` cursor inside a `next` path (relative to the API base, as the spec shows it) */
function cursorFrom(next: string, endpoint: string): string {
  const after = new URL(next, "http://next.invalid").searchParams.get("page[after]");
  if (!after) unexpectedShape(endpoint, `meta.page.next has no page[after] cursor`);
  return after;
}

/** Konnect's cursor form (base64url of `{"id": key}`, as in the spec's example) */
function cursorFor(key: string): string {
  return Buffer.from(JSON.stringify({ id: key }), "utf8").toString("base64url");
}

/** a best guess at the name Konnect derives from a schema (`name = "x"`), for the post-failure check */
function guessSchemaName(luaSchema: string): string | undefined {
  return /\bname\s*=\s*(["'])([^"'\n]+)\1/.exec(luaSchema)?.[2];
}

/** a Kong entity's identity for paging checks: its id (every listed entity has one) */
function keyOf(item: unknown): string {
  const id = (item as { id?: unknown }).id;
  return typeof id === "string" ? id : JSON.stringify(item);
}

function labelsMatch(labels: Record<string, string>, wanted: Record<string, string> | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) => labels[key] === value);
}

class Client implements KonnectClient {
  private readonly http: HttpClient;
  private readonly names = new Map<string, string>();
  private readonly sizes: Required<PageSizes>;

  constructor(private readonly options: KonnectClientOptions) {
    // the response schemas are built while the first request is in flight, not before it leaves
    let schemasDue = true;
    const onSending = (): void => {
      if (schemasDue) {
        schemasDue = false;
        setImmediate(responseSchemas);
      }
      options.onSending?.();
    };
    this.http = new HttpClient({ ...options, onSending, controlPlaneName: (id) => this.names.get(id) });
    this.sizes = {
      controlPlanes: options.pageSize?.controlPlanes ?? 100,
      groupMembers: options.pageSize?.groupMembers ?? 100,
      pluginSchemas: options.pageSize?.pluginSchemas ?? 1000,
      entities: options.pageSize?.entities ?? 1000,
      nodes: options.pageSize?.nodes ?? 100,
    };
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  get limiter(): RateLimiter {
    return this.http.limiter;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  destroy(): Promise<void> {
    return this.http.destroy();
  }

  private parse<T extends z.ZodType>(schema: T, result: HttpResult): z.output<T> {
    return parseResponse(schema, result.json, result.endpoint, result.requestId);
  }

  private remember(cp: ControlPlane): ControlPlane {
    this.names.set(cp.id, cp.name);
    return cp;
  }

  /** a listing's guard against paging without progress; its memory budget is a few responses' worth */
  private pageGuard(path: string): PageGuard {
    return new PageGuard(this.http.endpointOf("GET", path), 4 * this.http.maxResponseBytes);
  }

  // ---- control planes

  async listControlPlanes(filter: ControlPlaneFilter = {}, onPage?: (controlPlanes: ControlPlane[]) => void): Promise<ControlPlane[]> {
    const size = this.sizes.controlPlanes;
    const labels = Object.entries(filter.labels ?? {});
    const guard = this.pageGuard("/control-planes");
    // the server filters; checking again costs nothing and guards the selection against a lax one
    const matching = (controlPlanes: ControlPlane[]): ControlPlane[] =>
      controlPlanes.filter(
        (cp) => (filter.name === undefined || cp.name === filter.name) && (filter.clusterType === undefined || cp.clusterType === filter.clusterType) && labelsMatch(cp.labels, filter.labels),
      );
    const fetchPage = async (page: number) => {
      const result = await this.http.send({
        method: "GET",
        path: "/control-planes",
        query: [
          ["page[size]", size],
          ["page[number]", page],
          ["filter[name][eq]", filter.name],
          ["filter[cluster_type][eq]", filter.clusterType],
          ["labels", labels.length > 0 ? labels.map(([key, value]) => `${key}:${value}`).join(",") : undefined],
        ],
      });
      return { bytes: result.bytes, body: this.parse(responseSchemas().listControlPlanesSchema, result) };
    };
    const all: ControlPlane[] = [];
    /** pages the last total announced */
    let announced = 1;
    for (let page = 1, done = false; !done; ) {
      // the first page tells the total: the pages it implies are then asked for PAGE_WAVE at once, taken in page order
      const wave = Math.max(1, Math.min(PAGE_WAVE, announced - page + 1));
      const fetched = await Promise.all(Array.from({ length: wave }, (_, i) => fetchPage(page + i)));
      for (const { bytes, body } of fetched) {
        if (page > 1) guard.next();
        guard.page(bytes, body.data.map((cp) => cp.id));
        const controlPlanes = body.data.map(toControlPlane);
        all.push(...controlPlanes);
        // callers may start on a page's control planes while the next pages are on their way
        if (onPage) onPage(matching(controlPlanes).map((cp) => this.remember(cp)));
        page++;
        const total = body.meta.page.total;
        if (total !== undefined) announced = Math.ceil(total / size);
        done = body.data.length === 0 || body.data.length < size || (total !== undefined && all.length >= total);
        if (done) break;
      }
    }
    return matching(all).map((cp) => this.remember(cp));
  }

  async getControlPlane(id: string): Promise<ControlPlane> {
    const result = await this.http.send({ method: "GET", path: `/control-planes/${seg(id)}` });
    return this.remember(toControlPlane(this.parse(responseSchemas().controlPlaneSchema, result)));
  }

  async listGroupMembers(groupId: string): Promise<ControlPlane[]> {
    const path = `/control-planes/${seg(groupId)}/group-memberships`;
    const members: ControlPlane[] = [];
    const guard = this.pageGuard(path);
    let after: string | undefined;
    for (;;) {
      const result = await this.http.send({ method: "GET", path, query: [["page[size]", this.sizes.groupMembers], ["page[after]", after]] });
      const body = this.parse(responseSchemas().listGroupMembershipsSchema, result);
      guard.page(result.bytes, body.data.map((cp) => cp.id));
      members.push(...body.data.map((raw) => this.remember(toControlPlane(raw))));
      const next = body.meta.page.next;
      if (!next || body.data.length === 0) break;
      after = cursorFrom(next, result.endpoint);
      guard.next(after);
    }
    return members;
  }

  // ---- plugin schemas

  async listPluginSchemas(cpId: string): Promise<PluginSchema[]> {
    const path = `/control-planes/${seg(cpId)}/core-entities/plugin-schemas`;
    const size = this.sizes.pluginSchemas;
    const schemas: PluginSchema[] = [];
    const guard = this.pageGuard(path);
    let after: string | undefined;
    for (;;) {
      const result = await this.http.send({ method: "GET", path, query: [["page[size]", size], ["page[after]", after]] });
      const body = this.parse(responseSchemas().listPluginSchemasSchema, result);
      guard.page(result.bytes, body.items.map((item) => item.name));
      schemas.push(...body.items.map(toPluginSchema));
      const next = body.page?.next;
      const total = body.page?.total_count;
      const last = body.items.at(-1);
      if (body.items.length === 0 || last === undefined) break;
      if (next) after = cursorFrom(next, result.endpoint);
      // the spec's list has only total_count: a full page short of the total continues after the last name
      else if (body.items.length >= size && total !== undefined && schemas.length < total) after = cursorFor(last.name);
      else break;
      guard.next(after);
    }
    return schemas;
  }

  private schemaPath(cpId: string, name?: string): string {
    return `/control-planes/${seg(cpId)}/core-entities/plugin-schemas${name === undefined ? "" : `/${seg(name)}`}`;
  }

  async getPluginSchema(cpId: string, name: string): Promise<PluginSchema | undefined> {
    const result = await this.http.send({ method: "GET", path: this.schemaPath(cpId, name), accept: [404] });
    if (result.status === 404) return undefined;
    return toPluginSchema(this.parse(responseSchemas().pluginSchemaResponseSchema, result).item);
  }

  async createPluginSchema(cpId: string, luaSchema: string): Promise<PluginSchema> {
    return this.createChecked(
      async () => {
        const result = await this.http.send({ method: "POST", path: this.schemaPath(cpId), body: { lua_schema: luaSchema } });
        return toPluginSchema(this.parse(responseSchemas().pluginSchemaResponseSchema, result).item);
      },
      async () => {
        // same text as sent: it landed; the name is only a guess, so fall back to the full list
        const guess = guessSchemaName(luaSchema);
        const byName = guess === undefined ? undefined : await this.getPluginSchema(cpId, guess);
        if (byName?.luaSchema === luaSchema) return byName;
        return (await this.listPluginSchemas(cpId)).find((schema) => schema.luaSchema === luaSchema);
      },
    );
  }

  async putPluginSchema(cpId: string, name: string, luaSchema: string): Promise<PluginSchema> {
    return this.updateChecked(
      async () => {
        const result = await this.http.send({ method: "PUT", path: this.schemaPath(cpId, name), body: { lua_schema: luaSchema } });
        return toPluginSchema(this.parse(responseSchemas().pluginSchemaResponseSchema, result).item);
      },
      async () => {
        const found = await this.getPluginSchema(cpId, name);
        return found?.luaSchema === luaSchema ? found : undefined;
      },
    );
  }

  /** a 404 counts as done: the schema is gone either way (and a retried DELETE may find it gone) */
  async deletePluginSchema(cpId: string, name: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: this.schemaPath(cpId, name), accept: [404] });
  }

  // ---- custom plugins (streamed)

  /** Kong-style `size`/`offset` paging to the end */
  private async kongList<T extends z.ZodType>(path: string, item: T, query: ReadonlyArray<readonly [string, string | undefined]> = []): Promise<Array<z.output<T>>> {
    const schema = kongListSchema(item);
    const items: Array<z.output<T>> = [];
    const guard = this.pageGuard(path);
    let offset: string | undefined;
    for (;;) {
      const result = await this.http.send({ method: "GET", path, query: [...query, ["size", this.sizes.entities], ["offset", offset]] });
      const body = this.parse(schema, result);
      const page = body.data as Array<z.output<T>>;
      guard.page(result.bytes, page.map((item) => keyOf(item)));
      items.push(...page);
      if (!body.offset || body.data.length === 0) break;
      offset = body.offset;
      guard.next(offset);
    }
    return items;
  }

  private customPath(cpId: string, idOrName?: string): string {
    return `/control-planes/${seg(cpId)}/core-entities/custom-plugins${idOrName === undefined ? "" : `/${seg(idOrName)}`}`;
  }

  async listCustomPlugins(cpId: string): Promise<CustomPlugin[]> {
    return (await this.kongList(this.customPath(cpId), responseSchemas().customPluginSchema)).map(toCustomPlugin);
  }

  async getCustomPlugin(cpId: string, idOrName: string): Promise<CustomPlugin | undefined> {
    const result = await this.http.send({ method: "GET", path: this.customPath(cpId, idOrName), accept: [404] });
    if (result.status === 404) return undefined;
    return toCustomPlugin(this.parse(responseSchemas().customPluginSchema, result));
  }

  async createCustomPlugin(cpId: string, body: CustomPluginBody): Promise<CustomPlugin> {
    const payload = { name: body.name, schema: body.schema, handler: body.handler, tags: body.tags ?? [] };
    return this.createChecked(
      async () => toCustomPlugin(this.parse(responseSchemas().customPluginSchema, await this.http.send({ method: "POST", path: this.customPath(cpId), body: payload }))),
      async () => {
        const found = await this.getCustomPlugin(cpId, body.name);
        return found && found.schema === body.schema && found.handler === body.handler ? found : undefined;
      },
    );
  }

  async putCustomPlugin(cpId: string, idOrName: string, body: CustomPluginBody): Promise<CustomPlugin> {
    const payload = { name: body.name, schema: body.schema, handler: body.handler, tags: body.tags ?? [] };
    return this.updateChecked(
      async () => toCustomPlugin(this.parse(responseSchemas().customPluginSchema, await this.http.send({ method: "PUT", path: this.customPath(cpId, idOrName), body: payload }))),
      async () => {
        const found = await this.getCustomPlugin(cpId, idOrName);
        return found && found.schema === body.schema && found.handler === body.handler ? found : undefined;
      },
    );
  }

  async deleteCustomPlugin(cpId: string, idOrName: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: this.customPath(cpId, idOrName), accept: [404] });
  }

  // ---- plugin instances

  async listPluginInstances(cpId: string, name?: string): Promise<PluginInstance[]> {
    const raw = await this.kongList(`/control-planes/${seg(cpId)}/core-entities/plugins`, responseSchemas().pluginInstanceSchema, [["filter[name][eq]", name]]);
    return raw.filter((plugin) => name === undefined || plugin.name === name).map((plugin) => toPluginInstance(plugin, cpId));
  }

  async deletePluginInstance(cpId: string, id: string): Promise<void> {
    await this.http.send({ method: "DELETE", path: `/control-planes/${seg(cpId)}/core-entities/plugins/${seg(id)}`, accept: [404] });
  }

  // ---- data plane nodes

  async listNodes(cpId: string): Promise<DataPlaneNode[]> {
    const path = `/control-planes/${seg(cpId)}/nodes`;
    const nodes: DataPlaneNode[] = [];
    const guard = this.pageGuard(path);
    let after: string | undefined;
    for (;;) {
      const result = await this.http.send({ method: "GET", path, query: [["page[size]", this.sizes.nodes], ["page[after]", after]] });
      const body = this.parse(responseSchemas().listNodesSchema, result);
      guard.page(result.bytes, body.items.map((item) => item.id));
      nodes.push(...body.items.map(toNode));
      const next = body.page?.next;
      if (!next || body.items.length === 0) break;
      after = cursorFrom(next, result.endpoint);
      guard.next(after);
    }
    return nodes;
  }

  // ---- writes that must not be repeated blindly

  /**
   * A PUT that failed after it may have reached Konnect (reset, timeout, 5xx, an answer cut off) may
   * have been applied even though no answer came back. Before reporting, the copy is read again: the
   * content sent is there → done; otherwise the error says so and how to check.
   */
  private async updateChecked<T>(put: () => Promise<T>, applied: () => Promise<T | undefined>): Promise<T> {
    try {
      return await put();
    } catch (error) {
      if (!(error instanceof KonnectError) || !error.ambiguous) throw error;
      const found = await this.lookAfter(error, applied, "it may have been applied; run `kplug diff` to check");
      if (found !== undefined) return found;
      throw error.withNote("read again afterwards: the control plane does not have the new content, but it may still be applied; run `kplug diff` to check");
    }
  }

  /** after a write that may have landed: what `landed` finds; when it cannot look, `error` with `unreadable` */
  private async lookAfter<T>(error: KonnectError, landed: () => Promise<T | undefined>, unreadable: string): Promise<T | undefined> {
    let found: T | undefined;
    try {
      found = await landed();
    } catch {
      throw error.withNote(unreadable);
    }
    if (found !== undefined) this.options.log?.(`  ${error.endpoint}: failed (${error.status ?? error.networkCode ?? error.failure}) but the resource is there: done`);
    return found;
  }

  /**
   * A create (POST) is not idempotent: after a failure that may have reached Konnect (reset, timeout,
   * 5xx), `landed` looks for the resource; if it is there, that is the result. Only when it is not
   * there, and the failure was a passing one (502/503/504, reset, timeout), is the POST sent again.
   */
  private async createChecked<T>(post: () => Promise<T>, landed: () => Promise<T | undefined>): Promise<T> {
    const { maxAttempts } = this.http.retry;
    for (let attempt = 1; ; attempt++) {
      try {
        return await post();
      } catch (error) {
        if (!(error instanceof KonnectError) || !error.ambiguous) throw error;
        const found = await this.lookAfter(error, landed, "it may or may not have been created: check the control plane before retrying");
        if (found !== undefined) return found;
        const passing = error.status === undefined || RETRYABLE_STATUSES.has(error.status);
        if (!passing || attempt >= maxAttempts) throw error.withAttempts(attempt).withNote("checked: it was not created");
        const delay = Math.round(backoffDelay(attempt, this.http.retry, error.retryAfterMs));
        this.options.log?.(`  ${error.endpoint}: not created; retrying in ${delay} ms`);
        if (!(await sleep(delay, this.http.abortSignal))) throw this.http.stopped(error.endpoint);
      }
    }
  }
}

/** A KonnectApi over HTTP: typed, paged to the end, rate limited, retried where safe. Call close() when done. */
export function createKonnectClient(options: KonnectClientOptions): KonnectClient {
  return new Client(options);
}
