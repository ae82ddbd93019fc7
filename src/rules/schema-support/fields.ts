import type { SourceLocation } from "../../lua/parse.js";
import type { LuaTable, LuaTableField } from "../../lua/values.js";
import type { EvaluatedSchema } from "./evaluation.js";

export type FieldRole = "field" | "elements" | "keys" | "values" | "shorthand";

/** A field definition table found in the schema, with where it is written. */
export interface FieldDefinition {
  /** the key of its `fields` entry, or of the shorthand field; for elements/keys/values the owner's name */
  name: string;
  /** dotted path for messages: `config.headers.elements` */
  path: string;
  role: FieldRole;
  /** where the key is written (`name = {`, `elements =`) */
  location: SourceLocation;
  definition: LuaTable;
  /** a field directly in the schema's `fields` (config, protocols, consumer, …) */
  topLevel: boolean;
  /**
   * false for shorthand fields and everything below them: Kong validates those as records of the
   * metaschema only, without its per-field checks (attribute types, required companions, nested tables).
   */
  fieldChecked: boolean;
}

/** A table with `fields`: the schema itself or a record field; entity checks refer to its field names. */
export interface RecordDefinition {
  path: string;
  table: LuaTable;
  /** field name → definition (undefined when it could not be evaluated); undefined when some entries are unknown */
  fieldNames: Map<string, LuaTable | undefined> | undefined;
  isSchema: boolean;
}

/** Shape errors of `fields` arrays (Kong's wording). */
export interface FieldsIssue {
  path: string;
  message: string;
  location: SourceLocation;
}

export interface SchemaFields {
  definitions: FieldDefinition[];
  records: RecordDefinition[];
  issues: FieldsIssue[];
}

const cache = new WeakMap<LuaTable, SchemaFields>();

/** Every field definition of a schema table, depth-first in source order. */
export function schemaFields(schema: EvaluatedSchema): SchemaFields {
  const root = schema.table;
  if (!root) return { definitions: [], records: [], issues: [] };
  const cached = cache.get(root);
  if (cached) return cached;
  const result: SchemaFields = { definitions: [], records: [], issues: [] };
  const visitRecord = (record: LuaTable, path: string, isSchema: boolean, fieldChecked: boolean): void => {
    const fields = tableGet(record, "fields");
    if (fields && fields.value.kind === "table") visitFieldsArray(fields.value, record, path, isSchema, fieldChecked);
    const shorthands = tableGet(record, "shorthand_fields");
    if (shorthands && shorthands.value.kind === "table") {
      for (const item of shorthands.value.items) {
        if (item.kind !== "table") continue;
        const entry = item.fields[0];
        if (entry && entry.value.kind === "table" && item.fields.length === 1) {
          visitDefinition(entry.key, join(path, entry.key), "shorthand", entry.keyLocation, entry.value, false, false);
        }
      }
    }
  };
  const visitFieldsArray = (fields: LuaTable, record: LuaTable, path: string, isSchema: boolean, fieldChecked: boolean): void => {
    let names: Map<string, LuaTable | undefined> | undefined = new Map();
    if (fields.hasUnknownEntries) names = undefined;
    if (fields.fields.length > 0 || fields.numberKeys) {
      result.issues.push({ path: join(path, "fields"), message: `${join(path, "fields")}: expected an array (each entry is { <name> = { type = … } })`, location: fields.fields[0]?.keyLocation ?? fields.numberKeys?.[0]?.keyLocation ?? fields.location });
    }
    fields.items.forEach((item, index) => {
      const itemPath = `${join(path, "fields")}.${index + 1}`;
      if (item.kind === "unknown") {
        names = undefined;
        return;
      }
      if (item.kind !== "table") {
        result.issues.push({ path: itemPath, message: `${itemPath}: each entry in fields must be a sub-table`, location: item.location });
        return;
      }
      if (item.hasUnknownEntries) names = undefined;
      if (item.items.length > 0 || item.nonStringKey) {
        result.issues.push({ path: itemPath, message: `${itemPath}: each key in fields must be a string`, location: item.location });
        return;
      }
      if (item.fields.length === 0) {
        if (!item.hasUnknownEntries) result.issues.push({ path: itemPath, message: `${itemPath}: field entry table is empty`, location: item.location });
        return;
      }
      if (item.fields.length > 1) {
        const second = item.fields[1] as LuaTableField;
        result.issues.push({ path: itemPath, message: `${itemPath}: length must be 1 (put each field in its own { ${second.key} = { … } } entry)`, location: second.keyLocation });
      }
      for (const entry of item.fields) {
        names?.set(entry.key, entry.value.kind === "table" ? entry.value : undefined);
        // field names are the keys of a map of strings: Kong's implicit len_min = 1
        if (entry.key === "") result.issues.push({ path: itemPath, message: `${itemPath}: length must be at least 1 (a field needs a name)`, location: entry.keyLocation });
        if (entry.value.kind === "unknown") continue;
        if (entry.value.kind !== "table") {
          result.issues.push({ path: join(path, entry.key), message: `${join(path, entry.key)}: '${entry.key}' must be a table`, location: entry.keyLocation });
          continue;
        }
        visitDefinition(entry.key, join(path, entry.key), "field", entry.keyLocation, entry.value, isSchema, fieldChecked);
      }
    });
    result.records.push({ path, table: record, fieldNames: names, isSchema });
  };
  const visitDefinition = (name: string, path: string, role: FieldRole, location: SourceLocation, definition: LuaTable, topLevel: boolean, fieldChecked: boolean): void => {
    result.definitions.push({ name, path, role, location, definition, topLevel, fieldChecked });
    for (const nested of ["elements", "keys", "values"] as const) {
      const entry = tableGet(definition, nested);
      if (!entry || entry.value.kind === "unknown" || entry.value.kind === "nil") continue;
      if (entry.value.kind !== "table") {
        result.issues.push({ path, message: fieldChecked ? `${path}: '${nested}' must be a table` : `${path}.${nested}: expected a record`, location: entry.keyLocation });
        continue;
      }
      visitDefinition(name, `${path}.${nested}`, nested, entry.keyLocation, entry.value, false, fieldChecked);
    }
    if (tableGet(definition, "fields") || tableGet(definition, "shorthand_fields")) visitRecord(definition, path, false, fieldChecked);
  };
  visitRecord(root, "", true, true);
  cache.set(root, result);
  return result;
}

/** The last `key = value` entry of a table (as Lua keeps it), with its key location. */
export function tableGet(table: LuaTable, key: string): LuaTableField | undefined {
  for (let i = table.fields.length - 1; i >= 0; i--) {
    const field = table.fields[i];
    if (field && field.key === key) return field;
  }
  return undefined;
}

/** A string attribute's value, when statically known. */
export function stringAttribute(table: LuaTable, key: string): string | undefined {
  const value = tableGet(table, key)?.value;
  return value?.kind === "string" ? value.value : undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** true when the dotted path names a field, false when it certainly does not, undefined when unknown. */
export function resolveFieldPath(parts: string[], names: Map<string, LuaTable | undefined> | undefined): boolean | undefined {
  if (!names) return undefined;
  const [head, ...rest] = parts;
  if (head === undefined) return undefined;
  if (!names.has(head)) return false;
  if (rest.length === 0) return true;
  const definition = names.get(head);
  if (!definition) return undefined;
  if (stringAttribute(definition, "type") === "foreign") return true;
  const fields = tableGet(definition, "fields")?.value;
  if (fields?.kind !== "table" || fields.hasUnknownEntries) return undefined;
  const nested = new Map<string, LuaTable | undefined>();
  for (const item of fields.items) {
    if (item.kind !== "table" || item.hasUnknownEntries) return undefined;
    for (const entry of item.fields) nested.set(entry.key, entry.value.kind === "table" ? entry.value : undefined);
  }
  return resolveFieldPath(rest, nested);
}
