import { evaluateSchema } from "../lua/evaluate.js";
import { parseLua } from "../lua/parse.js";
import type { LuaValue } from "../lua/values.js";

/**
 * The evaluated schema as plain data, for comparing two versions of a file: key order, locations and
 * where a table came from (a typedef or written inline) do not matter to Kong; later duplicate keys
 * win, as in Lua.
 */
export function schemaShape(text: string): unknown {
  const source = parseLua(text);
  if (source.syntaxError) return { syntaxError: true };
  return shape(evaluateSchema(source).value);
}

function shape(value: LuaValue | undefined): unknown {
  if (!value) return null;
  switch (value.kind) {
    case "table": {
      const fields = new Map<string, unknown>();
      for (const field of value.fields) fields.set(field.key, shape(field.value));
      const keys = [...fields.keys()].sort();
      return { items: value.items.map(shape), fields: keys.map((k) => [k, fields.get(k)]), open: value.hasUnknownEntries };
    }
    case "string":
    case "number":
    case "boolean":
      return { [value.kind]: value.value };
    case "unknown":
      return { unknown: value.reason };
    default:
      return { [value.kind]: true };
  }
}

/** true when both texts evaluate to the same schema table. */
export function sameSchema(before: string, after: string): boolean {
  return JSON.stringify(schemaShape(before)) === JSON.stringify(schemaShape(after));
}
