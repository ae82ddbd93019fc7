import type { LuaTable, LuaValue } from "../lua/values.js";
import { CheckContext } from "./context.js";
import type { Place } from "./context.js";
import { constantOf } from "./from-schema.js";
import { exactKey } from "./kong-value.js";
import { isTrue, recordOf, typeOf } from "./schema-model.js";
import type { FieldRef, RecordModel } from "./schema-model.js";
import { isVaultReference, validateField } from "./validate-field.js";
import type { ConfigTable, ConfigValue } from "./value.js";
import { isNonEmpty, luaEquals, luaToString } from "./value.js";

/*
 * Kong's entity checkers (kong/db/schema/init.lua `Schema.entity_checkers`, run by
 * `run_entity_check`): which fields each check reads, when it is skipped (missing or invalid
 * fields), and the message Kong files under "@entity".
 */

interface Checker {
  runWithMissing: boolean;
  runWithInvalid: boolean;
  /** keys of the argument that name fields; absent: the argument is the list of fields */
  sources?: string[];
  /** sources whose fields must be present */
  required?: string[];
  /** the message format (%s = what fn returned), absent: fn's message as is */
  format?: string;
}

const CHECKERS: Record<string, Checker> = {
  at_least_one_of: { runWithMissing: true, runWithInvalid: true, format: "at least one of these fields must be non-empty: %s" },
  conditional_at_least_one_of: {
    runWithMissing: true, runWithInvalid: true, sources: ["if_field", "then_at_least_one_of", "else_then_at_least_one_of"], required: ["if_field"],
    format: "at least one of these fields must be non-empty: %s",
  },
  only_one_of: { runWithMissing: false, runWithInvalid: true, format: "exactly one of these fields must be non-empty: %s" },
  distinct: { runWithMissing: false, runWithInvalid: true, format: "values of these fields must be distinct: %s" },
  conditional: { runWithMissing: false, runWithInvalid: true, sources: ["if_field", "then_field"], required: ["if_field"], format: "failed conditional validation given value of field '%s'" },
  custom_entity_check: { runWithMissing: false, runWithInvalid: false, sources: ["field_sources"], required: ["field_sources"] },
  mutually_required: { runWithMissing: true, runWithInvalid: false, format: "all or none of these fields must be set: %s" },
  mutually_exclusive: { runWithMissing: true, runWithInvalid: false, format: "only one or none of these fields must be set: %s" },
  mutually_exclusive_sets: { runWithMissing: true, runWithInvalid: false, sources: ["set1", "set2"], required: ["set1", "set2"], format: "these sets are mutually exclusive: %s" },
};

/** `get_field(t, "a.b")` */
function getField(input: ConfigValue | undefined, name: string): ConfigValue | undefined {
  let value = input;
  for (const part of name.split(".")) {
    if (value?.kind !== "table") return undefined;
    value = value.fields.get(part);
  }
  return value;
}

/** The field definition a dotted name points at (`get_schema_field`). */
/**
 * The field a dotted name reaches, or when there is none, `unread`: why the field may exist without
 * kplug knowing it (the record that would hold it has entries kplug could not read).
 */
function lookupField(model: RecordModel, name: string): { field?: FieldRef; unread?: string } {
  const [head = "", ...rest] = name.split(".");
  const field = model.byName.get(head);
  if (!field) return model.unknown === undefined ? {} : { unread: model.unknown };
  if (rest.length === 0) return { field };
  if (typeOf(field.def) !== "record") return {};
  return lookupField(recordOf(field.def, field.path), rest.join("."));
}

function schemaField(model: RecordModel, name: string): FieldRef | undefined {
  return lookupField(model, name).field;
}

const quotedList = (names: ConfigValue[]): string => names.map((n) => (n.kind === "table" ? `(${quotedList(n.items)})` : `'${luaToString(n)}'`)).join(", ");

function names(value: ConfigValue | undefined): string[] {
  if (value?.kind === "string") return [value.value];
  if (value?.kind === "table") return value.items.filter((i) => i.kind === "string").map((i) => (i as { value: string }).value);
  return [];
}

export function runEntityChecks(ctx: CheckContext, model: RecordModel, input: ConfigTable, place: Place): void {
  // a check identical to one that just passed, with no finding since, passes again: its inputs (the
  // value, the findings so far) are the same; a schema may repeat one check thousands of times
  const passed = new Map<string, number>();
  for (const check of model.entityChecks) {
    const checker = CHECKERS[check.name];
    if (!checker) {
      ctx.notCheckable(place, `entity check ${check.name} is not one kplug knows`);
      continue;
    }
    // custom_entity_check's argument holds a function (fn): only its field_sources are data
    // read once per check (the argument is data; the checks below only read it)
    check.constant ??= check.name === "custom_entity_check" ? customCheckArg(check.arg) : constantOf(check.arg);
    const arg = check.constant;
    if (arg === "unknown" || (arg === "function" && check.name !== "custom_entity_check")) {
      ctx.notCheckable(place, `the argument of entity check ${check.name} is not known statically`);
      continue;
    }
    if (arg === undefined || (typeof arg === "object" && arg.kind === "null")) continue;
    if (typeof arg !== "object") continue;
    const key = check.name === "custom_entity_check" ? undefined : (check.key ??= `${check.name}\u0000${canonical(arg)}`);
    if (key !== undefined && passed.get(key) === ctx.problems.length) continue;
    const before = ctx.problems.length;
    runOne(ctx, model, input, place, check.name, checker, arg, check.arg, check.path);
    if (key !== undefined && ctx.problems.length === before) passed.set(key, before);
  }
}

/** A constant argument as text: equal texts, equal arguments. */
function canonical(value: ConfigValue): string {
  if (value.kind !== "table") return JSON.stringify(exactKey(value));
  return `{${value.items.map(canonical).join(",")}|${[...value.fields].map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

function customCheckArg(raw: LuaValue): ReturnType<typeof constantOf> {
  if (raw.kind !== "table") return "unknown";
  const sources = constantOf(raw.fields.filter((f) => f.key === "field_sources").pop()?.value);
  if (typeof sources !== "object") return "unknown";
  return { kind: "table", items: [], fields: new Map([["field_sources", sources]]) };
}

function runOne(ctx: CheckContext, model: RecordModel, input: ConfigTable, place: Place, name: string, checker: Checker, arg: ConfigValue, rawArg: LuaValue, path: (string | number)[]): void {
  const fieldsToCheck: string[] = [];
  const required = new Set<string>();
  if (checker.sources) {
    for (const source of checker.sources) {
      const listed = names(arg.kind === "table" ? arg.fields.get(source) : undefined);
      fieldsToCheck.push(...listed);
      if (checker.required?.includes(source)) for (const n of listed) required.add(n);
    }
  } else {
    fieldsToCheck.push(...names(arg));
    for (const n of fieldsToCheck) required.add(n);
  }
  const argFlag = (key: string): boolean => arg.kind === "table" && arg.fields.get(key)?.kind === "boolean" && (arg.fields.get(key) as { value: boolean }).value;
  const missing: string[] = [];
  let allNil = true;
  let allOk = true;
  for (const fname of fieldsToCheck) {
    const value = getField(input, fname);
    if (value === undefined) {
      const unread = lookupField(model, fname).unread;
      if (unread !== undefined) {
        ctx.notCheckable(place, `entity check ${name} reads ${fname}, in a part of the schema kplug could not read (${unread})`);
        return;
      }
      if (!checker.runWithMissing && !argFlag("run_with_missing_fields") && required.has(fname) && !(schemaField(model, fname)?.def.fields.some((f) => f.key === "nilable") ?? false)) missing.push(fname);
    } else {
      allNil = false;
      if (value.kind === "string" && value.placeholder !== undefined) {
        ctx.notCheckable(place, `entity check ${name} reads ${fname}, which decK sets from the environment`);
        return;
      }
      const field = schemaField(model, fname);
      if (field && typeOf(field.def) === "string" && isTrue(field.def, "referenceable") && isVaultReference(value)) return;
    }
    // Kong looks at errors[fname]: any error under a plain field name; a dotted name never matches
    if (!fname.includes(".") && ctx.problems.some((p) => p.kind === "error" && p.tree.length > place.tree.length && p.tree[place.tree.length] === fname && place.tree.every((k, i) => p.tree[i] === k))) allOk = false;
  }
  if (!allOk && !checker.runWithInvalid && !argFlag("run_with_invalid_fields")) return;
  if (allNil && !checker.runWithMissing) return;
  if (missing.length > 0) {
    for (const fname of missing) ctx.error({ tree: [...place.tree, ...fname.split(".")], display: `${place.display}.${fname}`, at: place.keyAt ?? input.at }, "field required for entity check", `set ${fname}: entity check ${name} needs it`);
    return;
  }
  const at = fieldsToCheck.map((f) => getField(input, f)?.at).find((a) => a !== undefined) ?? input.at;
  const list = arg.kind === "table" ? arg.items : [];
  const failWith = (detail: string, custom?: string): void => {
    const message = custom ?? (checker.format ? checker.format.replace("%s", detail) : detail);
    ctx.entityError(place, message, at, hintFor(name, fieldsToCheck));
  };
  switch (name) {
    case "at_least_one_of":
      if (!list.some((n) => isNonEmpty(getField(input, luaToString(n))))) failWith(quotedList(list));
      return;
    case "only_one_of": {
      const count = list.filter((n) => isNonEmpty(getField(input, luaToString(n)))).length;
      if (count !== 1) failWith(quotedList(list));
      return;
    }
    case "distinct": {
      const seen: ConfigValue[] = [];
      for (const n of list) {
        const value = getField(input, luaToString(n));
        if (!isNonEmpty(value) || value === undefined) continue;
        if (seen.some((s) => luaEquals(s, value))) return failWith(quotedList(list));
        seen.push(value);
      }
      return;
    }
    case "mutually_required": {
      const count = list.filter((n) => isNonEmpty(getField(input, luaToString(n)))).length;
      if (count !== 0 && count !== list.length) failWith(quotedList(list));
      return;
    }
    case "mutually_exclusive": {
      const count = list.filter((n) => isNonEmpty(getField(input, luaToString(n)))).length;
      if (count > 1) failWith(quotedList(list));
      return;
    }
    case "mutually_exclusive_sets": {
      const set = (key: string): ConfigValue[] => (arg.kind === "table" ? (arg.fields.get(key) as ConfigTable | undefined)?.items ?? [] : []).filter((n) => isNonEmpty(getField(input, luaToString(n))));
      const one = set("set1");
      const two = set("set2");
      if (one.length > 0 && two.length > 0) failWith(`(${quotedList(one)}), (${quotedList(two)})`);
      return;
    }
    case "conditional":
      return conditional(ctx, model, input, place, arg, rawArg, failWith);
    case "conditional_at_least_one_of":
      return conditionalAtLeastOneOf(ctx, model, input, arg, rawArg, failWith);
    case "custom_entity_check":
      return customEntityCheck(ctx, input, place, fieldsToCheck, path, failWith);
  }
}

/** The `if_match` / `then_match` table laid over the named field's definition (Kong sets it as __index). */
function overlay(model: RecordModel, fname: string, rawArg: LuaValue, key: string): FieldRef | undefined {
  if (rawArg.kind !== "table") return undefined;
  // made once per check: the same field ref keeps its plan and the verdicts asked of it
  let made = overlays.get(rawArg);
  if (!made) {
    made = new Map();
    overlays.set(rawArg, made);
  }
  const name = `${key}\u0000${fname}`;
  if (!made.has(name)) made.set(name, makeOverlay(model, fname, rawArg, key));
  return made.get(name);
}

/** the overlays of each entity check's argument (its model is always the same one) */
const overlays = new WeakMap<LuaTable, Map<string, FieldRef | undefined>>();

function makeOverlay(model: RecordModel, fname: string, rawArg: LuaTable, key: string): FieldRef | undefined {
  const match = rawArg.fields.filter((f) => f.key === key).pop()?.value;
  if (match?.kind !== "table") return undefined;
  const base = schemaField(model, fname);
  const def: LuaTable = { ...match, fields: [...(base?.def.fields ?? []), ...match.fields] };
  return { name: fname, def, path: base?.path ?? [] };
}

/** Whether a value passes a match table, without reporting anything. */
function passes(ctx: CheckContext, field: FieldRef, value: ConfigValue | undefined): boolean {
  if (value === undefined) return validateMissing(field);
  const scratch = new CheckContext(ctx.runner);
  return validateField(scratch, field, value, { tree: [], display: "" }) && scratch.errorCount() === 0;
}

/** validate_field(field, nil): a nil value fails the type check unless the match has no type. */
function validateMissing(field: FieldRef): boolean {
  return !field.def.fields.some((f) => f.key === "type");
}

function conditional(ctx: CheckContext, model: RecordModel, input: ConfigTable, place: Place, arg: ConfigValue, rawArg: LuaValue, failWith: (detail: string, custom?: string) => void): void {
  if (arg.kind !== "table") return;
  const ifField = luaToString(arg.fields.get("if_field"));
  const thenField = luaToString(arg.fields.get("then_field"));
  const ifMatch = overlay(model, ifField, rawArg, "if_match");
  const thenMatch = overlay(model, thenField, rawArg, "then_match");
  if (!ifMatch || !thenMatch) return ctx.notCheckable(place, "a conditional entity check is not known statically");
  if (!passes(ctx, ifMatch, getField(input, ifField))) return;
  const thenValue = getField(input, thenField) ?? { kind: "null" };
  const thenErr = arg.fields.get("then_err");
  const custom = thenErr?.kind === "string" ? thenErr.value.replace("%s", ifField) : undefined;
  const thenPlace = { tree: [...place.tree, ...thenField.split(".")], display: `${place.display}.${thenField}`, at: thenValue.at ?? place.keyAt ?? input.at };
  const thenRequired = (arg.fields.get("then_match") as ConfigTable | undefined)?.fields.get("required");
  if (thenRequired?.kind === "boolean" && thenRequired.value && thenValue.kind === "null") {
    ctx.error(thenPlace, "required field missing", `set ${thenField}: it is required when ${ifField} is ${luaToString(getField(input, ifField))}`);
    failWith(ifField);
    return;
  }
  const before = ctx.errorCount();
  validateField(ctx, thenMatch, thenValue, thenPlace);
  if (ctx.errorCount() > before) failWith(ifField, custom);
}

function conditionalAtLeastOneOf(ctx: CheckContext, model: RecordModel, input: ConfigTable, arg: ConfigValue, rawArg: LuaValue, failWith: (detail: string, custom?: string) => void): void {
  if (arg.kind !== "table") return;
  const ifField = luaToString(arg.fields.get("if_field"));
  const ifValue = getField(input, ifField);
  if (ifValue === undefined) return;
  const anyOf = (key: string): ConfigValue[] => (arg.fields.get(key) as ConfigTable | undefined)?.items ?? [];
  const errText = (key: string, list: string): string | undefined => {
    const err = arg.fields.get(key);
    return err?.kind === "string" ? err.value.replace("%s", list) : undefined;
  };
  const ifMatch = overlay(model, ifField, rawArg, "if_match");
  if (!ifMatch) return;
  if (!passes(ctx, ifMatch, ifValue)) {
    const elseMatch = overlay(model, ifField, rawArg, "else_match");
    if (!elseMatch || !passes(ctx, elseMatch, ifValue)) return;
    const names = anyOf("else_then_at_least_one_of");
    if (names.some((n) => isNonEmpty(getField(input, luaToString(n))))) return;
    const list = quotedList(names);
    return failWith(list, errText("else_then_err", list));
  }
  const names = anyOf("then_at_least_one_of");
  if (names.some((n) => isNonEmpty(getField(input, luaToString(n))))) return;
  const list = quotedList(names);
  failWith(list, errText("then_err", list));
}

function customEntityCheck(ctx: CheckContext, input: ConfigTable, place: Place, fields: string[], path: (string | number)[], failWith: (detail: string, custom?: string) => void): void {
  if (!ctx.runner) return ctx.notCheckable(place, "custom_entity_check needs the Lua sandbox, which could not start");
  // Kong's set_field: "config.storage" becomes { config = { storage = … } }
  const projection: ConfigTable = { kind: "table", items: [], fields: new Map() };
  for (const fname of fields) {
    const value = getField(input, fname);
    if (value === undefined) continue;
    const parts = fname.split(".");
    let target = projection;
    for (const part of parts.slice(0, -1)) {
      let next = target.fields.get(part);
      if (next?.kind !== "table") {
        next = { kind: "table", items: [], fields: new Map() };
        target.fields.set(part, next);
      }
      target = next;
    }
    target.fields.set(parts[parts.length - 1] as string, value);
  }
  const result = ctx.runner.call([...path, "fn"], [projection]);
  if (!result.ok && result.unreachable) return ctx.notCheckable(place, "custom_entity_check is built from Kong modules the sandbox does not have");
  if (!result.ok) {
    ctx.entityError(place, `custom_entity_check raised a Lua error: ${result.error}`, input.at, "Kong answers such a config with an error");
    return;
  }
  const [ok, err] = result.results;
  if (ok !== undefined && !(ok.kind === "boolean" && !ok.value)) return;
  failWith(err?.kind === "string" ? err.value : "failed entity check: custom_entity_check");
}

function hintFor(name: string, fields: string[]): string {
  const list = fields.join(", ");
  switch (name) {
    case "at_least_one_of":
      return `set at least one of ${list}`;
    case "only_one_of":
      return `set exactly one of ${list}`;
    case "mutually_exclusive":
      return `set at most one of ${list}`;
    case "mutually_required":
      return `set all of ${list}, or none`;
    case "distinct":
      return `give ${list} different values`;
    default:
      return `see the entity check on ${list} in the plugin's schema.lua`;
  }
}
