import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { validateField as kongValidateField } from "../schema/index.js";
import type { ConfigValue } from "./value.js";

/*
 * The bridge to kplug's single model of Kong's value semantics (src/schema: `validate_field`'s type
 * check and every validator, with Lua's coercions and raises). The config check walks structure
 * itself (to point at each value's line:column, fill defaults, run entity checks and the sandbox)
 * and asks src/schema for the verdict on each value.
 */

const NOWHERE: SourceLocation = { line: 0, column: 0, endLine: 0, endColumn: 0 };

/** Each config value converted once: the walk asks about a table, then about each of its items. */
const converted = new WeakMap<ConfigValue, LuaValue>();

export function toLuaValue(value: ConfigValue): LuaValue {
  let lua = converted.get(value);
  if (!lua) {
    lua = convert(value);
    converted.set(value, lua);
  }
  return lua;
}

function convert(value: ConfigValue): LuaValue {
  const location = value.at ?? NOWHERE;
  switch (value.kind) {
    case "null":
      return { kind: "null", location };
    case "table":
      return {
        kind: "table",
        items: value.items.map(toLuaValue),
        fields: [...value.fields].map(([key, item]) => ({ key, keyLocation: value.keyAt?.get(key) ?? location, value: toLuaValue(item) })),
        hasUnknownEntries: false,
        location,
      };
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

/**
 * Kong's verdict on a value's type and validators (custom_validator left out); its elements, pairs
 * or fields are not looked at — the config check walks those itself.
 */
export function kongVerdict(def: LuaTable, value: ConfigValue): ValueVerdict {
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
