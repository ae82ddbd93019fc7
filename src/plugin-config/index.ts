/**
 * Checking plugin configurations (decK instances) as Kong checks an insert of a plugin entity.
 * Entry point for tools that work on one schema and JSON entities (the differential harness, the
 * benchmark); `kplug validate --deck` goes through check-deck.ts.
 */
import { parseLua } from "../lua/parse.js";
import { evaluateSchema } from "../lua/evaluate.js";
import type { LuaFunctionRunner } from "./context.js";
import type { ConfigProblem } from "./context.js";
import { checkPluginEntity, pluginSchemaOf } from "./plugin-entity.js";
import { createLuaSandbox } from "./sandbox.js";
import type { CheckEnvironment } from "./context.js";
import type { ConfigValue } from "./value.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { constantOf } from "./from-schema.js";
import { attr, isTrue, recordOf, typeOf } from "./schema-model.js";
import type { RecordModel } from "./schema-model.js";

export { checkDeckFiles } from "./check-deck.js";
export { parseDeck } from "../deck/read.js";
export { findInstances } from "../deck/instances.js";

/** JSON (as cjson decodes it: null is ngx.null) → a config value. */
export function configValueFromJson(json: unknown): ConfigValue {
  if (json === null) return { kind: "null" };
  if (typeof json === "string") return { kind: "string", value: json };
  if (typeof json === "number") return { kind: "number", value: json };
  if (typeof json === "boolean") return { kind: "boolean", value: json };
  if (Array.isArray(json)) return { kind: "table", items: json.map(configValueFromJson), fields: new Map() };
  return { kind: "table", items: [], fields: new Map(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, configValueFromJson(v)])) };
}

/** Kong's error table for the problems (what `errors:schema_violation(...).fields` holds). */
export function errorTree(problems: readonly ConfigProblem[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const problem of problems) {
    if (problem.kind !== "error") continue;
    let node = tree;
    const keys = problem.tree.map(String);
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      if (key === "@entity" && last) {
        const list = (node[key] as string[] | undefined) ?? [];
        list.push(problem.message);
        node[key] = list;
        return;
      }
      if (last) node[key] = problem.message;
      else {
        if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    });
  }
  return tree;
}

export interface EntityChecker {
  /** undefined when the schema could not be read statically */
  unknown?: string;
  check(entity: unknown): { ok: boolean; problems: ConfigProblem[]; fields: Record<string, unknown> };
}

/** A checker for one schema.lua: evaluates it once, starts the Lua sandbox when it has functions. */
export async function entityCheckerFor(name: string, schemaText: string, environment: CheckEnvironment = "konnect"): Promise<EntityChecker> {
  const value = evaluateSchema(parseLua(schemaText), environment).value;
  if (value?.kind !== "table") return { unknown: "schema.lua does not return a table known statically", check: () => ({ ok: true, problems: [], fields: {} }) };
  const schema = pluginSchemaOf(name, value, environment);
  if ("unknown" in schema) return { unknown: schema.unknown, check: () => ({ ok: true, problems: [], fields: {} }) };
  let runner: LuaFunctionRunner | undefined;
  if (schema.usesLuaFunctions) {
    const made = await createLuaSandbox(schemaText, environment);
    if (!("error" in made)) runner = made;
  }
  return {
    check(entity) {
      const input = configValueFromJson(entity);
      if (input.kind !== "table") return { ok: false, problems: [], fields: { "@entity": ["expected an input table"] } };
      if (!input.fields.has("name")) input.fields.set("name", { kind: "string", value: name });
      const ctx = checkPluginEntity(schema, input, runner);
      return { ok: ctx.errorCount() === 0, problems: ctx.problems, fields: errorTree(ctx.problems) };
    },
  };
}

/** A plain description of a config record's fields, for generating test configurations. */
export interface FieldSketch {
  name: string;
  type: string | null;
  required: boolean;
  default?: unknown;
  one_of?: unknown[];
  between?: [number, number];
  len_min?: number;
  len_max?: number;
  starts_with?: string;
  match?: string;
  elements?: FieldSketch;
  keys?: FieldSketch;
  values?: FieldSketch;
  fields?: FieldSketch[];
  /** a record's entity checks whose argument is data: { at_least_one_of: [...] }, { conditional: {...} } */
  entity_checks?: Record<string, unknown>[];
  /** a record's shorthand fields (their type; func is not sketched) */
  shorthand_fields?: FieldSketch[];
  referenceable?: boolean;
}

export function configSketch(schemaText: string, name: string): FieldSketch | undefined {
  const value = evaluateSchema(parseLua(schemaText)).value;
  if (value?.kind !== "table") return undefined;
  const schema = pluginSchemaOf(name, value);
  if ("unknown" in schema || !schema.config) return undefined;
  const config = sketch(schema.config.name, schema.config.def, 0);
  // the plugin schema's own entity checks (fields named "config.x") run on the whole entity
  const own = checksOf(schema.entity);
  if (own.length > 0) config.entity_checks = [...(config.entity_checks ?? []), ...own];
  return config;
}

function checksOf(model: RecordModel): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const check of model.entityChecks) {
    const arg = constantOf(check.arg);
    if (typeof arg === "object") out.push({ [check.name]: toJson(arg) });
  }
  return out;
}

function sketch(fieldName: string, def: LuaTable, depth: number): FieldSketch {
  const json = (v: LuaValue | undefined): unknown => {
    const c = constantOf(v);
    return typeof c === "object" ? toJson(c) : undefined;
  };
  const type = typeOf(def) ?? null;
  const out: FieldSketch = { name: fieldName, type, required: isTrue(def, "required") };
  const dflt = json(attr(def, "default"));
  if (dflt !== undefined) out.default = dflt;
  const oneOf = json(attr(def, "one_of"));
  if (Array.isArray(oneOf)) out.one_of = oneOf;
  const between = json(attr(def, "between"));
  if (Array.isArray(between) && between.length === 2) out.between = between as [number, number];
  for (const key of ["len_min", "len_max"] as const) {
    const n = json(attr(def, key));
    if (typeof n === "number") out[key] = n;
  }
  const sw = json(attr(def, "starts_with"));
  if (typeof sw === "string") out.starts_with = sw;
  const m = json(attr(def, "match"));
  if (typeof m === "string") out.match = m;
  if (isTrue(def, "referenceable")) out.referenceable = true;
  if (depth > 6) return out;
  for (const key of ["elements", "keys", "values"] as const) {
    const sub = attr(def, key);
    if (sub?.kind === "table") out[key] = sketch(fieldName, sub, depth + 1);
  }
  if (type === "record") {
    const model = recordOf(def, []);
    if (!model.unknown) out.fields = model.fields.map((f) => sketch(f.name, f.def, depth + 1));
    const checks = checksOf(model);
    if (checks.length > 0) out.entity_checks = checks;
    if (model.shorthands.length > 0) out.shorthand_fields = model.shorthands.map((f) => sketch(f.name, f.def, depth + 1));
  }
  return out;
}

function toJson(value: ConfigValue): unknown {
  switch (value.kind) {
    case "null":
      return null;
    case "table":
      return value.fields.size > 0 ? Object.fromEntries([...value.fields].map(([k, v]) => [k, toJson(v)])) : value.items.map(toJson);
    default:
      return value.value;
  }
}
