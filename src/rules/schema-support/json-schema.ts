import type { LuaTable, LuaValue } from "../../lua/values.js";
import { tableGet } from "./fields.js";

/**
 * Kong's metaschema for `json_schema` (json_metaschema in kong/db/schema/metaschema.lua) beyond
 * its field types: `namespace` is one of Kong's SCHEMA_NAMESPACES, the record's entity checks, and
 * `parent_subschema_key` naming a string field of the record that holds the json field.
 */
const NAMESPACES = ["proxy-wasm-filters"];
const SET1 = ["inline"];
const SET2 = ["namespace", "parent_subschema_key", "optional"];

/** The first problem Kong reports for a json_schema table whose fields have the right types; undefined when none or not known. */
export function jsonSchemaProblem(value: LuaTable, parentFields: Map<string, LuaTable | undefined> | undefined): string | undefined {
  if (value.hasUnknownEntries || value.fields.some((entry) => entry.value.kind === "unknown")) return undefined;
  const namespace = tableGet(value, "namespace")?.value;
  // field errors keep mutually_required / mutually_exclusive_sets from running (at_least_one_of runs anyway)
  const namespaceError = namespace?.kind === "string" && !NAMESPACES.includes(namespace.value);
  if (namespaceError) return `namespace: expected one of: ${NAMESPACES.join(", ")}`;
  const nonEmpty = (name: string) => isNonEmpty(tableGet(value, name)?.value);
  if (!["inline", "namespace", "parent_subschema_key"].some(nonEmpty)) {
    return "@entity: at least one of these fields must be non-empty: 'inline', 'namespace', 'parent_subschema_key'";
  }
  const required = ["namespace", "parent_subschema_key"].filter(nonEmpty);
  if (required.length === 1) return "@entity: all or none of these fields must be set: 'namespace', 'parent_subschema_key'";
  const in1 = SET1.filter(nonEmpty);
  const in2 = SET2.filter(nonEmpty);
  if (in1.length > 0 && in2.length > 0) return `@entity: these sets are mutually exclusive: (${in1.map((n) => `'${n}'`).join(", ")}), (${in2.map((n) => `'${n}'`).join(", ")})`;
  const key = tableGet(value, "parent_subschema_key")?.value;
  if (key?.kind === "string" && parentFields) {
    if (!parentFields.has(key.value)) return "parent_subschema_key: value must be a field name of the parent schema";
    const parent = parentFields.get(key.value);
    const type = parent ? tableGet(parent, "type")?.value : undefined;
    if (type?.kind === "string" && type.value !== "string") return "parent_subschema_key: value must be a string field of the parent schema";
  }
  return undefined;
}

/** Kong's is_nonempty: nil, ngx.null, {} and "" are empty. */
function isNonEmpty(value: LuaValue | undefined): boolean {
  if (value === undefined || value.kind === "nil" || value.kind === "null") return false;
  if (value.kind === "string") return value.value !== "";
  if (value.kind === "table") return value.items.length > 0 || value.fields.length > 0 || value.hasUnknownEntries || value.numberKeys !== undefined;
  return true;
}
