import type { LuaValue } from "../lua/values.js";
import type { ConfigValue } from "./value.js";

/** A schema constant (a default, a one_of option) as a config value; "unknown" when not static. */
export type Constant = ConfigValue | undefined | "unknown" | "function";

export function constantOf(value: LuaValue | undefined): Constant {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case "nil":
      return undefined;
    case "null":
      return { kind: "null" };
    case "string":
      return { kind: "string", value: value.value };
    case "number":
      return { kind: "number", value: value.value };
    case "boolean":
      return { kind: "boolean", value: value.value };
    case "function":
      return "function";
    case "unknown":
      // Kong's typedef catalog marks `eq = ngx.null` this way (the evaluator has no null value)
      return value.reason.startsWith("ngx.null") ? { kind: "null" } : "unknown";
    case "table": {
      if (value.hasUnknownEntries) return "unknown";
      const items: ConfigValue[] = [];
      for (const item of value.items) {
        const converted = constantOf(item);
        if (converted === "unknown" || converted === "function") return converted;
        if (converted === undefined) break; // a nil ends the sequence
        items.push(converted);
      }
      const fields = new Map<string, ConfigValue>();
      for (const field of value.fields) {
        const converted = constantOf(field.value);
        if (converted === "unknown" || converted === "function") return converted;
        if (converted === undefined) fields.delete(field.key);
        else fields.set(field.key, converted);
      }
      return { kind: "table", items, fields };
    }
  }
}
