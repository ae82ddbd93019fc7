import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../errors.js";
import type { EmulatorSeed, EmulatorStateSnapshot, FaultConfig } from "./types.js";

const clusterType = z.enum([
  "CLUSTER_TYPE_CONTROL_PLANE",
  "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER",
  "CLUSTER_TYPE_CONTROL_PLANE_GROUP",
  "CLUSTER_TYPE_SERVERLESS",
  "CLUSTER_TYPE_KAFKA_NATIVE_EVENT_PROXY",
  "CLUSTER_TYPE_SERVERLESS_V1",
]);
const authType = z.enum(["pinned_client_certs", "pki_client_certs"]);
// the spec's Labels: values match this pattern; keys are 1-63 characters and avoid reserved prefixes
const labelValue = z.string().regex(/^[a-z0-9A-Z]([a-z0-9A-Z\-._]*[a-z0-9A-Z]+)?$/, "label values are letters, digits, - . _ (1-63, alphanumeric at both ends)").max(63);
const labelKey = z
  .string()
  .min(1)
  .max(63)
  .refine((key) => !/^(kong|konnect|mesh|kic|_)/.test(key), "label keys cannot start with kong, konnect, mesh, kic or _");
const labels = z.record(labelKey, labelValue);
const foreignKey = z.object({ id: z.string() }).nullable();

const seedControlPlane = z.strictObject({
  id: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  labels: labels.optional(),
  cluster_type: clusterType.optional(),
  cloud_gateway: z.boolean().optional(),
  auth_type: authType.optional(),
  members: z.array(z.string()).optional(),
  created_at: z.string().optional(),
});

const nodeIssue = z.strictObject({
  code: z.string(),
  severity: z.string(),
  description: z.string(),
  resolution: z.string(),
  affected_resources: z.array(
    z.strictObject({ id: z.string(), type: z.string(), parent_code: z.string().optional(), details: z.array(z.string()).optional() }),
  ),
  documentation_url: z.string().optional(),
});

const seedNode = z.strictObject({
  id: z.string().optional(),
  hostname: z.string().min(1),
  version: z.string().min(1),
  type: z.string().optional(),
  last_ping: z.number().int().min(0).optional(),
  config_hash: z.string().optional(),
  issues: z.array(nodeIssue).optional(),
  missing_plugins: z.array(z.string()).optional(),
});

const storedNode = z.object({
  id: z.string(),
  hostname: z.string(),
  version: z.string(),
  type: z.string(),
  last_ping: z.number().nullable(),
  config_hash: z.string().nullable(),
  issues: z.array(nodeIssue),
  missing_plugins: z.array(z.string()),
  created_at: z.number(),
  updated_at: z.number(),
});

const seedSchema = z.strictObject({
  controlPlanes: z.array(seedControlPlane).optional(),
  generate: z
    .strictObject({
      hybrid: z.number().int().min(0).optional(),
      dedicatedCloudGateway: z.number().int().min(0).optional(),
      kic: z.number().int().min(0).optional(),
      serverless: z.number().int().min(0).optional(),
      namePrefix: z.string().min(1).optional(),
      labels: labels.optional(),
    })
    .optional(),
  pluginSchemas: z.record(z.string(), z.array(z.string())).optional(),
  customPlugins: z
    .record(z.string(), z.array(z.strictObject({ id: z.string().optional(), name: z.string().min(1), schema: z.string(), handler: z.string(), tags: z.array(z.string()).optional() })))
    .optional(),
  plugins: z
    .record(
      z.string(),
      z.array(
        z.strictObject({
          id: z.string().optional(),
          name: z.string().min(1),
          enabled: z.boolean().optional(),
          config: z.record(z.string(), z.unknown()).optional(),
          protocols: z.array(z.string()).optional(),
          route: foreignKey.optional(),
          service: foreignKey.optional(),
          tags: z.array(z.string()).optional(),
        }),
      ),
    )
    .optional(),
  nodes: z.record(z.string(), z.array(seedNode)).optional(),
  tokens: z.record(z.string(), z.strictObject({ controlPlanes: z.union([z.literal("*"), z.array(z.string())]) })).optional(),
});

const ruleMatch = {
  method: z.string().optional(),
  path: z.string().optional(),
  pathRegex: z.string().optional(),
  controlPlane: z.string().optional(),
  probability: z.number().min(0).max(1).optional(),
  times: z.number().int().min(0).optional(),
  perControlPlane: z.boolean().optional(),
};

const faultRule = z.discriminatedUnion("fault", [
  z.strictObject({ fault: z.literal("latency"), ms: z.number().min(0), ...ruleMatch }),
  z.strictObject({
    fault: z.literal("status"),
    status: z.union([400, 401, 403, 404, 409, 429, 500, 502, 503, 504].map((code) => z.literal(code)) as [z.ZodLiteral<400>, ...z.ZodLiteral<number>[]]),
    retryAfter: z.number().min(0).optional(),
    ...ruleMatch,
  }),
  z.strictObject({ fault: z.literal("reset"), ...ruleMatch }),
  z.strictObject({ fault: z.literal("slow-body"), chunkBytes: z.number().int().min(1).optional(), intervalMs: z.number().min(0).optional(), ...ruleMatch }),
]);

const faultSchema = z.strictObject({
  seed: z.number().int().optional(),
  latencyMs: z.number().min(0).optional(),
  rateLimit: z.strictObject({ perSecond: z.number().positive(), burst: z.number().int().min(1).optional() }).optional(),
  rules: z.array(faultRule).optional(),
});

const storedControlPlane = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  labels,
  cluster_type: clusterType,
  cloud_gateway: z.boolean(),
  auth_type: authType,
  created_at: z.string(),
  updated_at: z.string(),
  members: z.array(z.string()).optional(),
});

const stateSchema = z.object({
  version: z.literal(1),
  controlPlanes: z.array(storedControlPlane),
  pluginSchemas: z.record(z.string(), z.array(z.object({ name: z.string(), lua_schema: z.string(), created_at: z.number(), updated_at: z.number() }))),
  customPlugins: z.record(
    z.string(),
    z.array(z.object({ id: z.string(), name: z.string(), schema: z.string(), handler: z.string(), tags: z.array(z.string()), created_at: z.number(), updated_at: z.number() })),
  ),
  plugins: z.record(
    z.string(),
    z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        enabled: z.boolean(),
        config: z.record(z.string(), z.unknown()),
        protocols: z.array(z.string()),
        route: foreignKey,
        service: foreignKey,
        consumer: foreignKey,
        instance_name: z.string().nullable(),
        tags: z.array(z.string()),
        created_at: z.number(),
        updated_at: z.number(),
      }),
    ),
  ),
  nodes: z.record(z.string(), z.array(storedNode)).optional(),
});

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  // record keys report "Invalid key in record" with the reason one level down
  const nested = issue && "issues" in issue && Array.isArray(issue.issues) ? (issue.issues as Array<{ message?: string }>)[0]?.message : undefined;
  return `${where}: ${nested ?? issue?.message ?? "invalid"}`;
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, code === "ENOENT" ? `${what} not found` : `cannot read ${what} (${code ?? "error"})`, "check the path");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(path, `${what} is not valid JSON: ${(error as Error).message}`, "fix the JSON syntax");
  }
}

export function parseSeed(value: unknown, origin: string): EmulatorSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) throw new InputError(origin, `invalid emulator seed at ${describeIssue(result.error)}`, "see README, section Emulator, for the seed format");
  return result.data as EmulatorSeed;
}

export function parseFaults(value: unknown, origin: string): FaultConfig {
  const result = faultSchema.safeParse(value);
  if (!result.success) throw new InputError(origin, `invalid fault configuration at ${describeIssue(result.error)}`, "see README, section Emulator, for the faults format");
  for (const rule of result.data.rules ?? []) {
    if (rule.pathRegex === undefined) continue;
    try {
      new RegExp(rule.pathRegex);
    } catch {
      throw new InputError(origin, `invalid fault configuration: pathRegex ${JSON.stringify(rule.pathRegex)} is not a regular expression`, "fix the pattern");
    }
  }
  return result.data as FaultConfig;
}

export function parseState(value: unknown, origin: string): EmulatorStateSnapshot {
  const result = stateSchema.safeParse(value);
  if (!result.success) throw new InputError(origin, `not an emulator state file (${describeIssue(result.error)})`, "delete it or pass another --state file");
  return result.data as EmulatorStateSnapshot;
}

export async function loadSeed(seed: EmulatorSeed | string): Promise<EmulatorSeed> {
  return typeof seed === "string" ? parseSeed(await readJson(seed, "seed file"), seed) : parseSeed(seed, "seed option");
}

export async function loadFaults(faults: FaultConfig | string): Promise<FaultConfig> {
  return typeof faults === "string" ? parseFaults(await readJson(faults, "faults file"), faults) : parseFaults(faults, "faults option");
}
