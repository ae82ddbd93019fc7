import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { validateField as kongValidateField } from "../schema/index.js";
import { VALIDATOR_ORDER } from "../schema/validators.js";
import { planOf } from "./schema-model.js";
import type { FieldRef } from "./schema-model.js";
import type { ConfigTable, ConfigValue } from "./value.js";

/*
 * The bridge to kplug's single model of Kong's value semantics (src/schema: `validate_field`'s type
 * check and every validator, with Lua's coercions and raises). The config check walks structure
 * itself (to point at each value's line:column, fill defaults, run entity checks and the sandbox)
 * and asks src/schema for the verdict on each value.
 */

const NOWHERE: SourceLocation = { line: 0, column: 0, endLine: 0, endColumn: 0 };

/** Tables converted once: a table's verdict may be asked for again (an entity check's overlay). */
const convertedTables = new WeakMap<ConfigTable, LuaValue>();

export function toLuaValue(value: ConfigValue): LuaValue {
  const location = value.at ?? NOWHERE;
  switch (value.kind) {
    case "null":
      return { kind: "null", location };
    case "table": {
      let lua = convertedTables.get(value);
      if (!lua) {
        lua = {
          kind: "table",
          items: value.items.map(toLuaValue),
          fields: [...value.fields].map(([key, item]) => ({ key, keyLocation: value.keyAt?.get(key) ?? location, value: toLuaValue(item) })),
          hasUnknownEntries: false,
          location,
        };
        convertedTables.set(value, lua);
      }
      return lua;
    }
    default:
      return { kind: value.kind, value: value.value, location } as LuaValue;
  }
}

const withoutValidator = new WeakMap<LuaTable, LuaTable>();

/** The definition without custom_validator: that one runs in the Lua sandbox, after the others (Kong's order). */
function stripCustomValidator(def: LuaTable): LuaTable {
  let stripped = withoutValidator.get(def);
  if (!stripped) {
    stripped = def.fields.some((f) => f.key === "custom_validator") ? { ...def, fields: def.fields.filter((f) => f.key !== "custom_validator") } : def;
    withoutValidator.set(def, stripped);
  }
  return stripped;
}

export type ValueVerdict = { ok: true } | { ok: false; message: string } | { raises: string } | { unknown: string };

/** Attributes that make a verdict depend on the value itself (Kong's validators, and err). */
const VALUE_DEPENDENT = new Set<string>([...VALIDATOR_ORDER.filter((name) => name !== "custom_validator"), "err"]);
/** Verdicts remembered per definition for scalar values (a bound on memory for files with many distinct values). */
const MAX_REMEMBERED = 2048;

/**
 * Kong's verdict on a value's type and validators (custom_validator left out); its elements, pairs
 * or fields are not looked at — the config check walks those itself. The verdict is a pure function
 * of the definition and the value, so it is asked of src/schema once per definition and distinct
 * scalar value; for a definition with no validator (nor err, eq, ne, nor anything not known
 * statically) it depends on the value's class only — its Lua type, whether a string is empty, a
 * number an integer, a table a sequence — and is asked once per class.
 */
export function kongVerdict(field: FieldRef, value: ConfigValue): ValueVerdict {
  const plan = planOf(field);
  plan.verdictByClass ??= !field.def.hasUnknownEntries && field.def.fields.every((entry) => entry.value.kind !== "unknown" && !VALUE_DEPENDENT.has(entry.key));
  const key = plan.verdictByClass ? valueClass(value) : value.kind === "table" ? undefined : exactKey(value);
  if (key === undefined) return verdictOf(field.def, value);
  plan.verdicts ??= new Map();
  let verdict = plan.verdicts.get(key) as ValueVerdict | undefined;
  if (!verdict) {
    verdict = verdictOf(field.def, value);
    if (plan.verdicts.size < MAX_REMEMBERED) plan.verdicts.set(key, verdict);
  }
  return verdict;
}

/** What a verdict on a definition without validators can depend on (src/schema's validate_field: the type check, a string's implicit len_min = 1). */
function valueClass(value: ConfigValue): string {
  switch (value.kind) {
    case "string":
      return value.value === "" ? "empty string" : "string";
    case "number":
      return Number.isInteger(value.value) ? "integer" : "number";
    case "table":
      return value.fields.size === 0 ? "sequence" : "table";
    default:
      return value.kind;
  }
}

/** A scalar as text: equal texts, equal values (-0 apart, as Lua prints it apart). */
export function exactKey(value: Exclude<ConfigValue, ConfigTable>): string {
  switch (value.kind) {
    case "string":
      return `s${value.value}`;
    case "number":
      return Object.is(value.value, -0) ? "n-0" : `n${value.value}`;
    case "boolean":
      return `b${value.value}`;
    default:
      return value.kind;
  }
}

function verdictOf(def: LuaTable, value: ConfigValue): ValueVerdict {
  const verdict = kongValidateField(stripCustomValidator(def), toLuaValue(value), { shallow: true });
  switch (verdict.outcome) {
    case "valid":
      return { ok: true };
    case "invalid":
      return { ok: false, message: typeof verdict.error === "string" ? verdict.error : JSON.stringify(verdict.error) };
    case "raises":
      return { raises: verdict.reason };
    default:
      return { unknown: verdict.reason };
  }
}
