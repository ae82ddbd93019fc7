import type { LuaTable, LuaValue } from "../lua/values.js";
import { tableGet, tableGetIndexed } from "../lua/values.js";
import { constantOf } from "./from-schema.js";
import type { Constant } from "./from-schema.js";

/*
 * A plugin schema as the config check walks it: field definitions stay the Lua tables the static
 * evaluator produced (the value validator reads their attributes), plus where each sits in the
 * schema table so the sandboxed VM can reach the same function (custom_validator, shorthand func).
 */

/** Keys from the schema's returned table down to a value: ["fields", 2, "config", "fields", 1, "limit"]. */
export type SchemaPath = (string | number)[];

export interface FieldRef {
  name: string;
  def: LuaTable;
  path: SchemaPath;
  /** the definition's attributes, read once (planOf) */
  plan?: FieldPlan;
}

/**
 * What the config check reads of a field definition, read once per definition instead of once per
 * value (a decK file with 1,000 instances asks each definition thousands of times).
 */
export interface FieldPlan {
  type: string | undefined;
  required: boolean;
  abstract: boolean;
  nilable: boolean;
  referenceable: boolean;
  hasCustomValidator: boolean;
  eq: Constant;
  ne: Constant;
  /** the field's `err` text, when a string */
  err: string | undefined;
  deprecation: LuaValue | undefined;
  default: Constant;
  elements: FieldRef | undefined;
  keys: FieldRef | undefined;
  values: FieldRef | undefined;
  /** Kong's verdicts on values already asked about (kong-value.ts) */
  verdicts?: Map<string, unknown>;
  /** set when the verdict depends on the value's class only (kong-value.ts) */
  verdictByClass?: boolean;
  record?: RecordModel;
}

export function planOf(field: FieldRef): FieldPlan {
  if (field.plan) return field.plan;
  const def = field.def;
  const err = attr(def, "err");
  const plan: FieldPlan = {
    type: typeOf(def),
    required: isTrue(def, "required"),
    abstract: isTrue(def, "abstract"),
    nilable: isTrue(def, "nilable"),
    referenceable: isTrue(def, "referenceable"),
    hasCustomValidator: has(def, "custom_validator"),
    eq: constantOf(attr(def, "eq")),
    ne: constantOf(attr(def, "ne")),
    err: err?.kind === "string" ? err.value : undefined,
    deprecation: attr(def, "deprecation"),
    default: constantOf(attr(def, "default")),
    elements: subField(field, "elements"),
    keys: subField(field, "keys"),
    values: subField(field, "values"),
  };
  field.plan = plan;
  return plan;
}

/** The record model of a record field, read once. */
export function recordPlanOf(field: FieldRef): RecordModel {
  const plan = planOf(field);
  plan.record ??= recordOf(field.def, field.path);
  return plan.record;
}

export interface EntityCheckRef {
  /** at_least_one_of, conditional, … */
  name: string;
  arg: LuaValue;
  path: SchemaPath;
  /** the argument as a config value, once read (entity-checks.ts) */
  constant?: Constant;
  /** name and argument as text, once made: identical checks share it (entity-checks.ts) */
  key?: string;
}

export interface RecordModel {
  fields: FieldRef[];
  /** the fields whose definition says required = true, once read (requiredFieldsOf) */
  requiredFields?: FieldRef[];
  byName: Map<string, FieldRef>;
  entityChecks: EntityCheckRef[];
  shorthands: FieldRef[];
  /** set when some part of the record could not be read statically (reason) */
  unknown?: string;
}

const records = new WeakMap<LuaTable, RecordModel>();

/** The fields of a record definition (a `type = "record"` field, or a whole schema table). */
export function recordOf(def: LuaTable, path: SchemaPath): RecordModel {
  const cached = records.get(def);
  if (cached) return cached;
  const model: RecordModel = { fields: [], byName: new Map(), entityChecks: [], shorthands: [] };
  const fields = tableGet(def, "fields");
  if (fields?.kind === "table") {
    model.fields = namedEntries(fields, [...path, "fields"], model);
    if (fields.hasUnknownEntries) model.unknown = "its fields are built at run time";
  } else if (fields !== undefined) {
    model.unknown = fields.kind === "unknown" ? fields.reason : "fields is not a table";
  }
  for (const field of model.fields) model.byName.set(field.name, field);
  const checks = tableGet(def, "entity_checks");
  if (checks?.kind === "table") {
    checks.items.forEach((check, i) => {
      if (check.kind !== "table" || check.fields.length === 0) {
        model.unknown ??= "an entity check could not be read";
        return;
      }
      const entry = check.fields[check.fields.length - 1];
      if (entry) model.entityChecks.push({ name: entry.key, arg: entry.value, path: [...path, "entity_checks", i + 1, entry.key] });
    });
    if (checks.hasUnknownEntries) model.unknown ??= "its entity_checks are built at run time";
  }
  const shorthands = tableGet(def, "shorthand_fields");
  if (shorthands?.kind === "table") model.shorthands = namedEntries(shorthands, [...path, "shorthand_fields"], model);
  records.set(def, model);
  return model;
}

/** `{ { a = {...} }, { b = {...} } }` → [a, b] */
function namedEntries(list: LuaTable, path: SchemaPath, model: RecordModel): FieldRef[] {
  const out: FieldRef[] = [];
  list.items.forEach((item, i) => {
    const entry = item.kind === "table" ? item.fields[item.fields.length - 1] : undefined;
    if (!entry || entry.value.kind !== "table") {
      model.unknown ??= "a field definition could not be read";
      return;
    }
    out.push({ name: entry.key, def: entry.value, path: [...path, i + 1, entry.key] });
  });
  return out;
}

/** A sub-definition: `elements`, `keys`, `values`. */
export function subField(field: FieldRef, key: "elements" | "keys" | "values"): FieldRef | undefined {
  const def = tableGet(field.def, key);
  return def?.kind === "table" ? { name: field.name, def, path: [...field.path, key] } : undefined;
}

export function attr(def: LuaTable, key: string): LuaValue | undefined {
  return tableGetIndexed(def, key);
}

export function typeOf(def: LuaTable): string | undefined {
  const type = tableGetIndexed(def, "type");
  return type?.kind === "string" ? type.value : undefined;
}

export function isTrue(def: LuaTable, key: string): boolean {
  const value = tableGetIndexed(def, key);
  return value?.kind === "boolean" && value.value;
}

/** Has the attribute, with any value but nil. */
export function has(def: LuaTable, key: string): boolean {
  const value = tableGetIndexed(def, key);
  return value !== undefined && value.kind !== "nil";
}

/** The record's required fields (Kong reports those missing after validating the given keys). */
export function requiredFieldsOf(model: RecordModel): FieldRef[] {
  model.requiredFields ??= model.fields.filter((field) => planOf(field).required);
  return model.requiredFields;
}
