import type { LuaTable } from "../lua/values.js";
import { child } from "./context.js";
import type { CheckContext, Place } from "./context.js";
import { attr } from "./schema-model.js";
import type { RecordModel } from "./schema-model.js";
import { validateField } from "./validate-field.js";
import type { ConfigTable, ConfigValue } from "./value.js";
import { deepEquals, luaToString } from "./value.js";

/*
 * Kong's shorthand fields (kong/db/schema/init.lua `Schema:process_auto_fields`): a given shorthand
 * is validated as a field (its `deprecation` warns), checked against the field that replaces it,
 * removed, and its `func` result merged into the record. `func` is Lua: it runs in the sandbox.
 */
export function expandShorthands(ctx: CheckContext, model: RecordModel, data: ConfigTable, place: Place): boolean {
  let ok = true;
  for (const shorthand of model.shorthands) {
    const value = data.fields.get(shorthand.name);
    if (value === undefined) continue;
    const spot = child(place, shorthand.name, value.at ?? data.keyAt?.get(shorthand.name));
    if (!validateField(ctx, shorthand, value, spot)) {
      ok = false;
      continue;
    }
    const mismatch = replacedMismatch(shorthand.def, data, shorthand.name, value);
    if (mismatch) {
      ctx.error(spot, mismatch, `set only one of ${shorthand.name} and the field that replaces it, or give both the same value`);
      ok = false;
      continue;
    }
    data.fields.delete(shorthand.name);
    const func = attr(shorthand.def, "func");
    if (func?.kind !== "function" || !func.node) {
      ctx.notCheckable(spot, `shorthand field ${shorthand.name} is expanded by a function kplug cannot run`);
      continue;
    }
    if (!ctx.runner) {
      ctx.notCheckable(spot, `shorthand field ${shorthand.name} needs the Lua sandbox, which could not start`);
      continue;
    }
    const result = ctx.runner.call([...shorthand.path, "func"], [value]);
    if (!result.ok && result.unreachable) {
      ctx.notCheckable(spot, `shorthand field ${shorthand.name} is built from Kong modules the sandbox does not have`);
      continue;
    }
    if (!result.ok) {
      ctx.error(spot, `shorthand field ${shorthand.name} raised a Lua error: ${result.error}`, "Kong answers such a config with an error");
      ok = false;
      continue;
    }
    const produced = result.results[0];
    if (produced?.kind !== "table") continue;
    const deprecated = attr(shorthand.def, "deprecation") !== undefined;
    for (const [key, newValue] of produced.fields) {
      const placed = withPlace(newValue, value.at);
      const current = data.fields.get(key);
      if (placed.kind === "table") {
        const source = current && current.kind !== "null" && current.kind === "table" ? current : undefined;
        data.fields.set(key, deprecated ? mergeKeepingNonNull(placed, source) : merge(source, placed));
      } else if (!deprecated || current === undefined || current.kind === "null") {
        data.fields.set(key, placed);
      }
    }
  }
  return ok;
}

/** Values made by the shorthand point at the shorthand's own value in the file. */
function withPlace(value: ConfigValue, at: ConfigValue["at"]): ConfigValue {
  if (value.kind !== "table") return { ...value, at: value.at ?? at };
  return { ...value, at: value.at ?? at, items: value.items.map((v) => withPlace(v, at)), fields: new Map([...value.fields].map(([k, v]) => [k, withPlace(v, at)])) };
}

/** Kong's `table_merge(t1, t2)`: t2's keys win. */
function merge(t1: ConfigTable | undefined, t2: ConfigTable): ConfigTable {
  return { kind: "table", items: t2.items.length > 0 ? t2.items : (t1?.items ?? []), fields: new Map([...(t1?.fields ?? []), ...t2.fields]), at: t2.at };
}

/** Kong's `null_aware_table_merge(t1, t2)`: t2's keys win unless they are null over a set value. */
function mergeKeepingNonNull(t1: ConfigTable, t2: ConfigTable | undefined): ConfigTable {
  const fields = new Map(t1.fields);
  for (const [key, value] of t2?.fields ?? []) if (!fields.has(key) || value.kind !== "null") fields.set(key, value);
  return { kind: "table", items: t2 && t2.items.length > 0 ? t2.items : t1.items, fields, at: t1.at };
}

/** Kong's `validate_deprecation_exclusiveness`: the deprecated and the new field must agree. */
function replacedMismatch(def: LuaTable, data: ConfigTable, name: string, value: ConfigValue): string | undefined {
  if (value.kind === "null") return undefined;
  const deprecation = attr(def, "deprecation");
  if (deprecation?.kind !== "table") return undefined;
  const replaced = deprecation.fields.filter((f) => f.key === "replaced_with").pop()?.value;
  if (replaced?.kind !== "table") return undefined;
  for (const entry of replaced.items) {
    if (entry.kind !== "table") continue;
    if (entry.fields.some((f) => f.key === "reverse_mapping_function")) continue;
    const path = entry.fields.filter((f) => f.key === "path").pop()?.value;
    if (path?.kind !== "table") continue;
    const keys = path.items.map((item) => (item.kind === "string" ? item.value : ""));
    let current: ConfigValue | undefined = data;
    for (const key of keys) current = current?.kind === "table" ? current.fields.get(key) : undefined;
    if (current !== undefined && current.kind !== "null" && !deepEquals(current, value)) {
      return `both deprecated and new field are used but their values mismatch: ${name} = ${luaToString(value)} vs ${keys.join(".")} = ${luaToString(current)}`;
    }
  }
  return undefined;
}
