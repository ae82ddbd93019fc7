import { nearestWithin } from "../text/edit-distance.js";
import { child } from "./context.js";
import type { CheckContext, Place } from "./context.js";
import { runEntityChecks } from "./entity-checks.js";
import { planOf, recordPlanOf, requiredFieldsOf } from "./schema-model.js";
import type { FieldRef, RecordModel } from "./schema-model.js";
import { expandShorthands } from "./shorthands.js";
import { validateField } from "./validate-field.js";
import type { ConfigTable, ConfigValue } from "./value.js";
import { luaEquals } from "./value.js";

/*
 * Kong's `Schema:process_auto_fields(data, "insert")` and `Schema:validate(input)` for a record
 * (kong/db/schema/init.lua): shorthand fields expanded, defaults filled, then every given key
 * validated, required fields checked and entity checks run.
 */

/** A copy of the record with shorthands expanded and defaults filled; undefined when a shorthand failed. */
export function processRecord(ctx: CheckContext, model: RecordModel, input: ConfigTable, place: Place): ConfigTable | undefined {
  const data: ConfigTable = { kind: "table", items: [...input.items], fields: new Map(input.fields), at: input.at };
  if (input.keyAt) data.keyAt = input.keyAt;
  if (model.shorthands.length > 0 && !expandShorthands(ctx, model, data, place)) return undefined;
  for (const field of model.fields) {
    const given = data.fields.get(field.name);
    const value = adjustForInsert(ctx, field, given, place, field.name);
    if (value === given) continue;
    if (value === undefined) data.fields.delete(field.name);
    else data.fields.set(field.name, value);
  }
  return data;
}

/**
 * Kong's `adjust_field_for_context` for an insert, of the value at `key` under `parent` (its place
 * is made only when a nested record or list needs it).
 */
export function adjustForInsert(ctx: CheckContext, field: FieldRef, value: ConfigValue | undefined, parent: Place, key: string | number): ConfigValue | undefined {
  const plan = planOf(field);
  if (plan.abstract) return value;
  const type = plan.type;
  if (type === "record") {
    if (value?.kind !== "null" && (value !== undefined || plan.required)) {
      const place = child(parent, key, value?.at);
      const filled = value ?? missingValue(field);
      if (filled?.kind === "table") {
        const model = recordPlanOf(field);
        if (model.unknown) return filled;
        const processed = processRecord(value === undefined ? QUIET : ctx, model, filled, place);
        return processed ?? filled;
      }
    }
  } else if (value?.kind === "table") {
    let adjusted: ConfigTable = value;
    let sub: FieldRef | undefined;
    if (type === "array") sub = plan.elements;
    else if (type === "set") {
      adjusted = value.fields.size === 0 ? dedupe(value) : value;
      sub = plan.elements;
    } else if (type === "map") sub = plan.values;
    // only nested records, lists and maps change (scalars are kept as given)
    const subType = sub ? planOf(sub).type : undefined;
    if (sub && (subType === "record" || subType === "array" || subType === "set" || subType === "map")) {
      const inner = sub;
      const place = child(parent, key, value.at);
      adjusted = {
        ...adjusted,
        items: adjusted.items.map((item, i) => adjustForInsert(ctx, inner, item, place, i + 1) ?? item),
        fields: new Map([...adjusted.fields].map(([name, item]) => [name, adjustForInsert(ctx, inner, item, place, name) ?? item])),
      };
    }
    value = adjusted;
  }
  if (value === undefined) return missingValue(field);
  return value;
}

/** Kong's `make_set`: a set keeps the first of equal values. */
function dedupe(value: ConfigTable): ConfigTable {
  const items: ConfigValue[] = [];
  for (const item of value.items) if (!items.some((kept) => luaEquals(kept, item))) items.push(item);
  return { ...value, items };
}

/** Kong's `handle_missing_field` for an insert. */
function missingValue(field: FieldRef): ConfigValue | undefined {
  const plan = planOf(field);
  const fallback = plan.default;
  // a table default is copied (tables compare by identity); a scalar is shared, nothing changes one
  if (typeof fallback === "object") return fallback.kind === "table" ? structuredCloneValue(fallback) : fallback;
  if (fallback === "unknown" || fallback === "function") return undefined;
  if (plan.nilable) return undefined;
  if (!plan.required) return { kind: "null" };
  if (plan.abstract) return undefined;
  if (plan.type === "record") {
    const model = recordPlanOf(field);
    // Kong expands it; when its fields are not known statically, an empty record stands in (validate_field then says it cannot check it)
    const empty: ConfigTable = { kind: "table", items: [], fields: new Map() };
    return model.unknown ? empty : processRecord(QUIET, model, empty, { tree: [], display: "" });
  }
  return undefined;
}

function structuredCloneValue(value: ConfigValue): ConfigValue {
  if (value.kind !== "table") return { ...value };
  return { kind: "table", items: value.items.map(structuredCloneValue), fields: new Map([...value.fields].map(([k, v]) => [k, structuredCloneValue(v)])) };
}

/** Kong's `Schema:validate(input, true)`: every key given, then required fields, then entity checks. */
export function validateRecord(ctx: CheckContext, model: RecordModel, input: ConfigTable, place: Place): boolean {
  const before = ctx.errorCount();
  input.items.forEach((item, i) => ctx.error(child(place, i + 1, item.at), "unknown field", "remove it: this record has named fields only"));
  for (const [key, value] of input.fields) {
    if (key === "updated_at") continue;
    const field = model.byName.get(key);
    const keyAt = input.keyAt?.get(key);
    if (!field) {
      ctx.error(child(place, key, keyAt), "unknown field", unknownFieldHint(model, key));
      continue;
    }
    validateField(ctx, field, value, child(place, key, value.at ?? keyAt, keyAt));
  }
  for (const field of requiredFieldsOf(model)) {
    const value = input.fields.get(field.name);
    if (value !== undefined && value.kind !== "null") continue;
    // a missing field is reported where its record is named (`config:`), or at the plugin entry
    const fieldPlace = child(place, field.name, value?.at ?? place.keyAt ?? input.at);
    if (value === undefined && typeof planOf(field).default === "string") {
      // Kong fills a default kplug could not evaluate (e.g. read from the plugin's handler module)
      ctx.notCheckable(fieldPlace, "its default is not known statically");
      continue;
    }
    // Kong's errors table holds one entry per field: "required" replaces what validate_field said
    const tree = JSON.stringify(fieldPlace.tree);
    for (let i = ctx.problems.length - 1; i >= 0; i--) {
      const problem = ctx.problems[i];
      if (problem?.kind === "error" && JSON.stringify(problem.tree) === tree) ctx.problems.splice(i, 1);
    }
    ctx.error(fieldPlace, "required field missing", `set ${fieldPlace.display}: the schema requires it and gives no default`);
  }
  runEntityChecks(ctx, model, input, place);
  return ctx.errorCount() === before;
}

/** Field names listed in a hint at most: a schema with thousands of fields would print them for every unknown key. */
const LISTED_FIELDS = 30;
/** Keys longer than this get no did-you-mean: field names are short, and the distance costs length × length. */
const MAX_SUGGESTED_KEY = 128;

function unknownFieldHint(model: RecordModel, key: string): string {
  const names = model.fields.map((f) => f.name);
  const close = key.length <= MAX_SUGGESTED_KEY ? nearestWithin(key.toLowerCase(), names, Math.max(1, Math.floor(key.length / 4)), (name) => name.toLowerCase()) : undefined;
  if (close) return `did you mean ${close}?`;
  if (names.length === 0) return "remove it";
  const listed = names.length > LISTED_FIELDS ? `${names.slice(0, LISTED_FIELDS).join(", ")} and ${names.length - LISTED_FIELDS} more` : names.join(", ");
  return `remove it; this record's fields are: ${listed}`;
}

/** A context whose findings are thrown away (processing nested defaults never reports). */
const QUIET = {
  problems: [],
  runner: undefined,
  error() {},
  entityError() {},
  deprecation() {},
  notCheckable() {},
  errorCount: () => 0,
} as unknown as CheckContext;
