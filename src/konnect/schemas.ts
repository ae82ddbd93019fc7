import { z } from "zod";
import { KonnectError } from "./errors.js";
import { shapeCheckOf, type ShapeCheck } from "./fast-shape.js";

/**
 * Response shapes of the endpoints kplug calls, mirroring ../shared/konnect-api/*.yaml. Objects are
 * loose (Konnect adds fields over time); only what kplug reads is required, and fields the spec marks
 * nullable accept null.
 */

/**
 * The response schemas, built on first use: built at load, they were ~5 ms of zod before a fleet
 * command's first request could leave (KonnectClient builds them while that request is in flight).
 */
export function responseSchemas(): ResponseSchemas {
  return (built ??= buildResponseSchemas());
}
export type ResponseSchemas = ReturnType<typeof buildResponseSchemas>;
let built: ResponseSchemas | undefined;

function buildResponseSchemas() {
  const nullableString = z.string().nullable().optional();

  /** ControlPlane (control-planes-v2) */
  const controlPlaneSchema = z.looseObject({
    id: z.string(),
    name: z.string(),
    description: nullableString,
    labels: z.record(z.string(), z.string()).nullable().optional(),
    config: z.looseObject({
      cluster_type: z.string(),
      cloud_gateway: z.boolean().nullable().optional(),
    }),
  });

  /** ListControlPlanesResponse: page[number] paging with meta.page.total */
  const listControlPlanesSchema = z.looseObject({
    data: z.array(controlPlaneSchema),
    meta: z.looseObject({
      page: z.looseObject({ number: z.number().optional(), size: z.number().optional(), total: z.number().optional() }),
    }),
  });

  /** ListGroupMemberships: cursor paging, meta.page.next is a path or null */
  const listGroupMembershipsSchema = z.looseObject({
    data: z.array(controlPlaneSchema),
    meta: z.looseObject({ page: z.looseObject({ next: z.string().nullable().optional(), size: z.number().optional(), total: z.number().optional() }) }),
  });

  const pluginSchemaItem = z.looseObject({
    name: z.string(),
    lua_schema: z.string(),
    created_at: z.number().nullable().optional(),
    updated_at: z.number().nullable().optional(),
  });

  /** list-plugin-schemas: `{items, page: {total_count}}` (a `next` cursor path is read when present) */
  const listPluginSchemasSchema = z.looseObject({
    items: z.array(pluginSchemaItem),
    page: z.looseObject({ total_count: z.number().optional(), next: z.string().nullable().optional() }).optional(),
  });

  /** plugin-schemas: `{item}` */
  const pluginSchemaResponseSchema = z.looseObject({ item: pluginSchemaItem });

  /** CustomPlugin (control-planes-config-v2) */
  const customPluginSchema = z.looseObject({
    id: z.string(),
    name: z.string(),
    schema: z.string(),
    handler: z.string(),
    tags: z.array(z.string()).nullable().optional(),
    created_at: z.number().nullable().optional(),
    updated_at: z.number().nullable().optional(),
  });

  const foreignKey = z.looseObject({ id: z.string().optional() }).nullable().optional();

  /** Plugin (control-planes-config-v2): the fields kplug reports about instances */
  const pluginInstanceSchema = z.looseObject({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean().nullable().optional(),
    route: foreignKey,
    service: foreignKey,
    consumer: foreignKey,
  });

  const nodeIssueSchema = z.looseObject({
    code: z.string().nullable().optional(),
    severity: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    resolution: z.string().nullable().optional(),
    affected_resources: z
      .array(z.looseObject({ id: z.string().nullable().optional(), type: z.string().nullable().optional(), details: z.array(z.string()).nullable().optional() }))
      .nullable()
      .optional(),
    documentation_url: z.string().nullable().optional(),
  });

  /** list-dataplane-nodes: `{items, page: {total_count, next}}`, cursor paging like plugin-schemas */
  const listNodesSchema = z.looseObject({
    items: z.array(
      z.looseObject({
        id: z.string(),
        version: z.string().nullable().optional(),
        hostname: z.string().nullable().optional(),
        last_ping: z.number().nullable().optional(),
        config_hash: z.string().nullable().optional(),
        compatibility_status: z.looseObject({ state: z.string().nullable().optional(), issues: z.array(nodeIssueSchema).nullable().optional() }).nullable().optional(),
      }),
    ),
    page: z.looseObject({ total_count: z.number().optional(), next: z.string().nullable().optional() }).optional(),
  });
  return { controlPlaneSchema, listControlPlanesSchema, listGroupMembershipsSchema, listPluginSchemasSchema, pluginSchemaResponseSchema, customPluginSchema, pluginInstanceSchema, listNodesSchema };
}

function makeKongListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), next: z.string().nullable().optional(), offset: z.string().nullable().optional() });
}

/** one list schema per item schema: zod compiles each new object schema on its first parse (per control plane, in a fleet run) */
const kongLists = new WeakMap<z.ZodType, ReturnType<typeof makeKongListSchema>>();

/** Kong-style list: `{data, next?, offset?}`, both absent (or null) on the last page */
export function kongListSchema<T extends z.ZodType>(item: T): ReturnType<typeof makeKongListSchema<T>> {
  let schema = kongLists.get(item);
  if (!schema) {
    schema = makeKongListSchema(item);
    kongLists.set(item, schema);
  }
  return schema as ReturnType<typeof makeKongListSchema<T>>;
}

/** each schema's plain check, made on first use; null: the schema has none (zod only) */
const shapeChecks = new WeakMap<z.ZodType, ShapeCheck | null>();

/** `data[0].id` from a zod path */
function pathText(path: ReadonlyArray<PropertyKey>): string {
  let text = "";
  for (const key of path) text += typeof key === "number" ? `[${key}]` : `${text ? "." : ""}${String(key)}`;
  return text || "(body)";
}

/**
 * Parses a response body; a mismatch is a KonnectError naming the endpoint and the first wrong field,
 * e.g. "GET /v2/control-planes: unexpected response shape: data[0].id: expected string".
 */
export function parseResponse<T extends z.ZodType>(schema: T, value: unknown, endpoint: string, requestId?: string): z.output<T> {
  // the common case, a well-formed response, without zod (see fast-shape.ts); zod says what is wrong
  let check = shapeChecks.get(schema);
  if (check === undefined) shapeChecks.set(schema, (check = shapeCheckOf(schema) ?? null));
  if (check?.(value)) return value as z.output<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const message = (issue?.message ?? "invalid").replace(/^Invalid input: /, "").replace(/, received .*$/, "");
  const extra = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : "";
  return unexpectedShape(endpoint, `${pathText(issue?.path ?? [])}: ${message}${extra}`, requestId);
}

export function unexpectedShape(endpoint: string, what: string, requestId?: string): never {
  throw new KonnectError(`${endpoint}: unexpected response shape: ${what}`, {
    endpoint,
    failure: "shape",
    requestId,
    hint: "Konnect answered in a form kplug does not know; check the address, or update kplug",
  });
}
