import type { LuaTable, LuaValue } from "../lua/values.js";
import { tableGet, tableGetIndexed } from "../lua/values.js";
import { KONG_MESSAGES } from "./kong-messages.js";
import { luaNumberToString } from "../lua/number-text.js";
import { isSequence, luaEquals, LuaRaise, luaToString, luaType, NotStatic, staticTable } from "./lua-semantics.js";
import { VALIDATOR_ORDER, VALIDATORS } from "./validators.js";

/**
 * Kong's `Schema:validate_field(field, value)` (kong/db/schema/init.lua) over statically evaluated
 * Lua values: the single place where kplug models Kong's value semantics. The metaschema rules use
 * it for defaults (Kong validates `default` against the field itself); checking plugin
 * configurations uses it for config values (`luaValueFromJson` turns JSON into Lua values).
 */

/** Kong's error value: a message, or a table of them keyed by field name / array index. */
export type KongErrorTree = string | { [key: string]: KongErrorTree };

export type FieldVerdict =
  | { outcome: "valid" }
  | { outcome: "invalid"; error: KongErrorTree }
  /** a validator raised a Lua error inside Kong (e.g. `between` on a string); Kong's default check reports SCHEMA_CANNOT_VALIDATE */
  | { outcome: "raises"; reason: string }
  /** depends on what kplug cannot know statically (a custom_validator, an entity check function, an unknown value) */
  | { outcome: "unknown"; reason: string };

/**
 * What Kong's validate_field answers for `value` (undefined or nil: a missing value) against `field`.
 * `shallow`: the value's own type check and validators only, not its elements, map pairs or record
 * fields — for callers that walk those themselves (checking plugin configurations does, to place
 * each error at its line and run entity checks and the Lua sandbox).
 */
export function validateField(field: LuaTable, value: LuaValue | undefined, options: { shallow?: boolean } = {}): FieldVerdict {
  const context: Context = options.shallow ? { shallow: true } : {};
  try {
    const error = checkField(field, value, false, context);
    if (error !== undefined) return { outcome: "invalid", error };
    return context.unknown === undefined ? { outcome: "valid" } : { outcome: "unknown", reason: context.unknown };
  } catch (error) {
    if (error instanceof LuaRaise) return { outcome: "raises", reason: error.message };
    if (error instanceof NotStatic) return { outcome: "unknown", reason: error.message };
    throw error;
  }
}

/** Kong's error tree as lines `path: message` (`config.limit: value should be between 1 and 10`). */
export function flattenKongError(error: KongErrorTree, path = ""): string[] {
  if (typeof error === "string") return [path ? `${path}: ${error}` : error];
  return Object.entries(error).flatMap(([key, inner]) => flattenKongError(inner, /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key));
}

/**
 * Parts kplug could not decide. Kong's verdicts only add errors, so one certain error decides
 * "invalid" even when another part (an element, a sub-field, a custom validator) is unknown.
 */
interface Context {
  unknown?: string;
  /** the outermost value's children are checked by the caller */
  shallow?: boolean;
}

/** Runs one part of a check; an unknown part is noted and counts as no error. */
function partial<T>(context: Context, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof NotStatic)) throw error;
    context.unknown ??= error.message;
    return undefined;
  }
}

/** An attribute of a field definition; NotStatic when it cannot be known. nil counts as absent. */
function attribute(field: LuaTable, key: string): LuaValue | undefined {
  const value = tableGetIndexed(field, key);
  if (value?.kind === "unknown") throw new NotStatic(`${key}: ${value.reason}`);
  if (!value && field.hasUnknownEntries) throw new NotStatic(`${key} may be set by an entry not known statically`);
  return value?.kind === "nil" ? undefined : value;
}

function truthy(value: LuaValue | undefined): boolean {
  return value !== undefined && value.kind !== "nil" && !(value.kind === "boolean" && !value.value);
}

/** `field.err or message` */
function withCustomError(field: LuaTable, message: KongErrorTree): KongErrorTree {
  const err = attribute(field, "err");
  return truthy(err) ? luaToString(err as LuaValue) : message;
}

/** validate_field; `impliedRequired` is Kong setting `required = true` on elements, keys and values before checking them. */
function checkField(field: LuaTable, value: LuaValue | undefined, impliedRequired: boolean, context: Context): KongErrorTree | undefined {
  // shallow: the caller walks the children and asks again for each
  const descend = !context.shallow;
  const required = impliedRequired || truthy(attribute(field, "required"));
  if (value === undefined || value.kind === "nil") return required ? KONG_MESSAGES.REQUIRED : undefined;
  if (value.kind === "unknown" && !value.luaType) throw new NotStatic(value.reason);
  const eq = attribute(field, "eq");
  if (value.kind === "null") {
    if (attribute(field, "ne")?.kind === "null") return withCustomError(field, format(KONG_MESSAGES.NE, "null"));
    if (eq && eq.kind !== "null") return format(KONG_MESSAGES.EQ, luaToString(eq));
    return required ? KONG_MESSAGES.REQUIRED : undefined;
  }
  if (eq?.kind === "null") return withCustomError(field, format(KONG_MESSAGES.EQ, "null"));
  if (truthy(attribute(field, "abstract"))) return KONG_MESSAGES.SUBSCHEMA_ABSTRACT_FIELD;
  const deprecation = attribute(field, "deprecation");
  // Kong reads deprecation.old_default before deciding whether to warn
  if (deprecation && deprecation.kind !== "table" && deprecation.kind !== "string") throw new LuaRaise(`attempt to index a ${luaType(deprecation)} value`);

  const typeValue = attribute(field, "type");
  const type = typeValue?.kind === "string" ? typeValue.value : undefined;
  // a value of a known Lua type that passes the type check: its content decides the rest
  if (value.kind === "unknown" && passesTypeCheck(type, value.luaType)) throw new NotStatic(value.reason);
  let implicitLenMin = false;
  switch (type) {
    case "array":
    case "set": {
      if (!isSequence(value)) return type === "array" ? KONG_MESSAGES.ARRAY : KONG_MESSAGES.SET;
      if (!descend) break;
      const elements = companion(field, "elements");
      const errors: Record<string, KongErrorTree> = {};
      (value as LuaTable).items.forEach((item, index) => {
        const error = partial(context, () => checkField(elements, item, true, context));
        if (error !== undefined) errors[String(index + 1)] = error;
      });
      if (Object.keys(errors).length > 0) return errors;
      break;
    }
    case "map": {
      if (value.kind !== "table") return KONG_MESSAGES.MAP;
      if (!descend) break;
      const keys = companion(field, "keys");
      // a boolean key (`{ [true] = 1 }`) fails a string or number key type whatever the other entries are
      const keyMessage = value.booleanKey ? BOOLEAN_KEY_MESSAGES[attributeType(keys) ?? ""] : undefined;
      if (keyMessage) return keyMessage;
      if (!value.numberKeys) staticTable(value);
      const values = companion(field, "values");
      const pairs: [LuaValue, LuaValue][] = [
        ...value.items.map((item, index): [LuaValue, LuaValue] => [{ kind: "number", value: index + 1, location: item.location }, item]),
        ...(value.numberKeys ?? []).map((entry): [LuaValue, LuaValue] => [{ kind: "number", value: entry.key, location: entry.keyLocation }, entry.value]),
        ...value.fields.map((entry): [LuaValue, LuaValue] => [{ kind: "string", value: entry.key, location: entry.keyLocation }, entry.value]),
      ];
      for (const [key, item] of pairs) {
        const error = partial(context, () => checkField(keys, key, true, context) ?? checkField(values, item, true, context));
        if (error !== undefined) return error;
      }
      break;
    }
    case "record": {
      if (value.kind !== "table") return KONG_MESSAGES.RECORD;
      if (!descend) break;
      const error = checkRecord(field, value, context);
      if (error !== undefined) return error;
      break;
    }
    case "foreign":
      // the foreign entity's schema is not resolved where kplug (and Kong's metaschema) checks
      break;
    case "integer":
      if (value.kind !== "number" || !Number.isInteger(value.value)) return KONG_MESSAGES.INTEGER;
      break;
    case "string":
      if (value.kind !== "string") return KONG_MESSAGES.STRING;
      // Kong writes len_min = 1 into the field: empty strings are refused unless len_min says otherwise
      implicitLenMin = attribute(field, "len_min") === undefined;
      if (truthy(attribute(field, "referenceable")) && isVaultReference(value.value)) return undefined;
      break;
    case "function":
      if (value.kind !== "function") return KONG_MESSAGES.FUNCTION;
      break;
    case "number":
    case "boolean":
      if (luaType(value) !== type) return type === "number" ? KONG_MESSAGES.NUMBER : KONG_MESSAGES.BOOLEAN;
      break;
    case "json":
      // Kong has no "expected a json" message: validate_field returns nil, nil, which callers take as no error
      return undefined;
    default:
      return format(KONG_MESSAGES.SCHEMA_TYPE, type ?? (typeValue ? luaToString(typeValue) : "nil"));
  }

  for (const name of VALIDATOR_ORDER) {
    const argument: LuaValue | undefined =
      name === "len_min" && implicitLenMin ? { kind: "number", value: 1, location: field.location } : attribute(field, name);
    if (argument === undefined) continue;
    const result = partial(context, () => VALIDATORS[name](value, argument, field));
    if (result === undefined) continue;
    const fallback = (KONG_MESSAGES as Record<string, string>)[name.toUpperCase()] ?? KONG_MESSAGES.VALIDATION;
    return withCustomError(field, result ?? format(fallback, luaToString(value)));
  }
  return undefined;
}

/** Kong's message for a boolean map key against each key type that refuses it */
const BOOLEAN_KEY_MESSAGES: Record<string, string> = { string: KONG_MESSAGES.STRING, integer: KONG_MESSAGES.INTEGER, number: KONG_MESSAGES.NUMBER };

function passesTypeCheck(type: string | undefined, luaType: string | undefined): boolean {
  if (type === "foreign" || type === "json") return true;
  if (luaType === "table" && (type === "array" || type === "set" || type === "map" || type === "record")) return true;
  return (type === "string" && luaType === "string") || ((type === "number" || type === "integer") && luaType === "number");
}

/** elements / keys / values: Kong sets `.required = true` on it first, which raises when it is not a table. */
function companion(field: LuaTable, key: string): LuaTable {
  const value = attribute(field, key);
  if (value?.kind !== "table") throw new LuaRaise(`attempt to index field '${key}' (a ${value ? luaType(value) : "nil"} value)`);
  return value;
}

/** A record value: Kong builds a schema from the field, fills defaults (process_auto_fields) and validates the copy. */
function checkRecord(field: LuaTable, value: LuaTable, context: Context): KongErrorTree | undefined {
  // a number key is never a field name: Kong's validate_fields says "unknown field" for it
  if (value.numberKeys) return Object.fromEntries(value.numberKeys.map((entry) => [luaNumberToString(entry.key), KONG_MESSAGES.UNKNOWN]));
  staticTable(value);
  const { definitions, complete } = recordFields(field);
  const shorthands = attribute(field, "shorthand_fields");
  if (shorthands?.kind === "table" && staticTable(shorthands).items.some((item) => item.kind === "table" && item.fields.some((entry) => tableGet(value, entry.key)))) {
    throw new NotStatic("a shorthand field's func is Lua code kplug does not run");
  }
  const errors: Record<string, KongErrorTree> = {};
  const keys = [...value.items.map((_item, index) => String(index + 1)), ...value.fields.map((entry) => entry.key)];
  for (const key of keys) {
    // Kong never validates `updated_at` (unvalidated_fields)
    if (definitions.has(key) || key === "updated_at") continue;
    if (complete) errors[key] = KONG_MESSAGES.UNKNOWN;
    else context.unknown ??= `${key} may be a field kplug could not evaluate`;
  }
  for (const [name, definition] of definitions) {
    if (name === "updated_at") continue;
    const error = partial(context, () => {
      if (!definition) throw new NotStatic(`the definition of ${name} is not known statically`);
      const given = tableGet(value, name);
      const filled = autoFilled(definition, given?.kind === "nil" ? undefined : given);
      if (attributeType(definition) === "json" && filled !== undefined && filled.kind !== "null") throw new NotStatic("JSON-schema fields are not modelled");
      const required = truthy(attribute(definition, "required"));
      if (required && (filled === undefined || filled.kind === "null")) return KONG_MESSAGES.REQUIRED;
      return filled === undefined ? undefined : checkField(definition, filled, false, context);
    });
    if (error !== undefined) errors[name] = error;
  }
  // entity checks and check functions only add errors: without a field error, the record is unknown.
  // On a default, Kong's own verdict is a coin toss: the metaschema fills each entity_checks entry
  // with null for the other checkers, and run_checks takes `next(check)` as the checker's name
  // (measured: a failing at_least_one_of or custom_entity_check rejects 2–4 runs of 12)
  partial(context, () => {
    const checks = attribute(field, "entity_checks");
    if (checks?.kind === "table" && (checks.items.length > 0 || checks.hasUnknownEntries)) throw new NotStatic("entity checks of a record are not modelled");
    if (attribute(field, "check") !== undefined) throw new NotStatic("a record's check function is Lua code kplug does not run");
  });
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** The record's field definitions by name (Kong's Schema.new); incomplete when some entries are not known statically. */
function recordFields(field: LuaTable): { definitions: Map<string, LuaTable | undefined>; complete: boolean } {
  const fields = attribute(field, "fields");
  if (fields?.kind !== "table") throw new LuaRaise("the record has no fields table");
  const definitions = new Map<string, LuaTable | undefined>();
  let complete = !fields.hasUnknownEntries;
  for (const item of fields.items) {
    if (item.kind !== "table" || item.hasUnknownEntries || item.fields.length !== 1) {
      complete = false;
      continue;
    }
    const entry = item.fields[0] as { key: string; value: LuaValue };
    definitions.set(entry.key, entry.value.kind === "table" ? entry.value : undefined);
  }
  return { definitions, complete };
}

/** process_auto_fields for one field on insert: defaults, null for optional fields, sets without duplicates. */
function autoFilled(definition: LuaTable, value: LuaValue | undefined): LuaValue | undefined {
  if (truthy(attribute(definition, "abstract"))) return value;
  if (truthy(attribute(definition, "auto")) && value === undefined) throw new NotStatic("an auto field gets a generated value");
  const type = attributeType(definition);
  if (type === "set" && value?.kind === "table" && isSequence(value)) return withoutDuplicates(value);
  if (value !== undefined) return value;
  const fallback = attribute(definition, "default");
  if (fallback !== undefined) return fallback;
  const required = attribute(definition, "required");
  if (!(required?.kind === "boolean" && required.value)) return { kind: "null", location: definition.location };
  if (type === "record") return { kind: "table", items: [], fields: [], hasUnknownEntries: false, location: definition.location };
  return undefined;
}

function attributeType(definition: LuaTable): string | undefined {
  const type = attribute(definition, "type");
  return type?.kind === "string" ? type.value : undefined;
}

function withoutDuplicates(set: LuaTable): LuaTable {
  const items: LuaValue[] = [];
  for (const item of set.items) if (!items.some((kept) => luaEquals(kept, item))) items.push(item);
  return { ...set, items };
}

/** `{vault://…}`, as Kong's vault module recognizes a reference. */
function isVaultReference(value: string): boolean {
  return value.startsWith("{vault://") && value.endsWith("}");
}

function format(message: string, argument: string): string {
  return message.replace(/%[sd]/, argument);
}
