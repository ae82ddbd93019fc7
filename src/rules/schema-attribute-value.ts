import type { LuaTable, LuaValue } from "../lua/values.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { FieldDefinition, RecordDefinition } from "./schema-support/fields.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import { jsonSchemaProblem } from "./schema-support/json-schema.js";
import type { AttributeArgument } from "./schema-support/metaschema.js";
import { ENTERPRISE_FIELD_ATTRIBUTES, FIELD_ATTRIBUTES, SHORTHAND_ATTRIBUTES } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

/** Arguments checked by other rules (or validated against the field itself). */
const CHECKED_ELSEWHERE = new Set<AttributeArgument>(["field", "self", "any"]);
const STRING_CHECKED_ELSEWHERE = new Set(["type", "description"]);
/** The attributes a field (or a shorthand field) may have, merged once rather than per field. */
const ATTRIBUTES = { ...FIELD_ATTRIBUTES, ...ENTERPRISE_FIELD_ATTRIBUTES };
const SHORTHAND_FIELD_ATTRIBUTES = { ...ATTRIBUTES, ...SHORTHAND_ATTRIBUTES };

export const schemaAttributeValueRule: Rule = {
  id: "schema/attribute-value",
  defaultSeverity: "error",
  title: "attribute values have the type Kong's metaschema expects (between = two numbers, required = boolean, one_of = array, custom_validator = function, …)",
  why: "Kong validates every attribute's value: e.g. between = { 1 } fails with 'between: length must be 2', custom_validator = \"x\" with 'expected a function'.",
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const { definitions, records } = schemaFields(schema);
    for (const field of definitions) {
      const attributes: Partial<Record<string, AttributeArgument>> = field.role === "shorthand" ? SHORTHAND_FIELD_ATTRIBUTES : ATTRIBUTES;
      for (const entry of field.definition.fields) {
        const kind = attributes[entry.key];
        if (!kind || CHECKED_ELSEWHERE.has(kind) || notKnown(entry.value) || entry.value.kind === "nil") continue;
        // a string type or description is judged by schema/field-definition and schema/description-length
        if (STRING_CHECKED_ELSEWHERE.has(entry.key) && entry.value.kind === "string") continue;
        const problem = argumentProblem(kind, entry.value) ?? (kind === "json-schema" && entry.value.kind === "table" ? jsonSchemaProblem(entry.value, parentFieldsOf(records, field)) : undefined);
        if (!problem) continue;
        report({
          message: `${field.path}: ${entry.key}: ${problem}`,
          hint: hintFor(kind),
          file: schema.module.file,
          location: entry.value.location,
        });
      }
      const uniqueAcrossWs = tableGet(field.definition, "unique_across_ws")?.value;
      const unique = tableGet(field.definition, "unique")?.value;
      // an entity check of the metaschema's records for `fields` entries and shorthand fields, not for elements/keys/values
      const hasUniqueCheck = field.role === "field" || field.role === "shorthand";
      if (hasUniqueCheck && uniqueAcrossWs?.kind === "boolean" && uniqueAcrossWs.value && unique?.kind !== "unknown" && !(unique?.kind === "boolean" && unique.value)) {
        report({ message: `${field.path}: unique: required field missing`, hint: "unique_across_ws = true needs unique = true", file: schema.module.file, location: uniqueAcrossWs.location });
      }
    }
  },
};

/** The fields of the record holding a `fields` entry (Kong's parent schema in check_field); undefined when not known. */
function parentFieldsOf(records: RecordDefinition[], field: FieldDefinition): Map<string, LuaTable | undefined> | undefined {
  if (field.role !== "field") return undefined;
  return records.find((record) => record.fieldNames?.get(field.name) === field.definition)?.fieldNames;
}

/** Kong's message for a wrong argument, or undefined when it is fine (or not known). */
export function argumentProblem(kind: AttributeArgument, value: LuaValue): string | undefined {
  // Kong's validate_field accepts ngx.null for an attribute the metaschema does not require
  if (value.kind === "null") return undefined;
  // a value of a known Lua type (1LL, string.format(…)) is judged by Kong's type check alone
  if (value.kind === "unknown") return value.luaType ? typeProblem(kind, value.luaType) : undefined;
  switch (kind) {
    case "string":
      if (value.kind !== "string") return "expected a string";
      // a metaschema string without len_min gets Kong's implicit len_min = 1
      return value.value === "" ? "length must be at least 1" : undefined;
    case "boolean":
    case "function":
      return value.kind === kind ? undefined : `expected a ${kind}`;
    case "number":
      return value.kind === "number" ? undefined : "expected a number";
    case "integer":
      return value.kind === "number" && Number.isInteger(value.value) ? undefined : "expected an integer";
    case "array":
      return arrayProblem(value) ?? elementsProblem(value as LuaTable, () => undefined);
    case "string-array":
      return arrayProblem(value) ?? elementsProblem(value as LuaTable, (item) => argumentProblem("string", item));
    case "between": {
      const problem = arrayProblem(value);
      if (problem) return problem;
      const table = value as LuaTable;
      if (table.hasUnknownEntries) return undefined;
      if (table.items.length !== 2) return "length must be 2";
      return elementsProblem(table, (item) => (item.kind === "number" ? undefined : "expected a number"));
    }
    case "array-of-string-arrays":
      return arrayProblem(value) ?? elementsProblem(value as LuaTable, (item) => argumentProblem("string-array", item));
    case "match-list":
      return arrayProblem(value) ?? elementsProblem(value as LuaTable, (item) => recordProblem(item, { pattern: "string", err: "string" }, ["pattern"]));
    case "match-any": {
      const problem = recordProblem(value, { patterns: "string-array", err: "string" }, ["patterns"]);
      return problem;
    }
    case "fields":
      // a table's shape is checked with the field definitions (schema/field-definition)
      return value.kind === "table" ? undefined : "expected an array";
    case "entity-checks":
    case "shorthand-fields":
      // their entries are checked by schema/entity-checks and schema/shorthand-fields
      return arrayProblem(value);
    case "on-delete":
      return value.kind === "string" && ["restrict", "cascade", "null"].includes(value.value) ? undefined : "expected one of: restrict, cascade, null";
    case "json-schema":
      return recordProblem(value, { namespace: "string", parent_subschema_key: "string", optional: "boolean", inline: "any", default: "any" }, []);
    case "deprecation":
      return recordProblem(value, { message: "string", removal_in_version: "string", old_default: "any", replaced_with: "replaced-with" }, ["message", "removal_in_version"]);
    case "replaced-with":
      return arrayProblem(value) ?? elementsProblem(value as LuaTable, (item) => recordProblem(item, { path: "path", reverse_mapping_function: "function" }, ["path"]));
    case "path": {
      const problem = argumentProblem("string-array", value);
      if (problem) return problem;
      const table = value as LuaTable;
      return !table.hasUnknownEntries && table.items.length === 0 ? "length must be at least 1" : undefined;
    }
    default:
      return undefined;
  }
}

/** unknown, and of no known Lua type */
function notKnown(value: LuaValue): boolean {
  return value.kind === "unknown" && !value.luaType;
}

/** What Kong's type check says about an argument of this Lua type; undefined when the type fits (its value decides). */
function typeProblem(kind: AttributeArgument, luaType: "string" | "number" | "cdata" | "table"): string | undefined {
  if (luaType === "string" && (kind === "string" || kind === "on-delete" || kind === "any")) return undefined;
  if (luaType === "number" && (kind === "number" || kind === "integer" || kind === "any")) return undefined;
  return TYPE_PROBLEMS[kind];
}

/** What Kong's type check of each kind of argument says about a value of another Lua type. */
const TYPE_PROBLEMS: Partial<Record<AttributeArgument, string>> = {
  boolean: "expected a boolean", string: "expected a string", function: "expected a function", number: "expected a number", integer: "expected an integer",
  array: "expected an array", "string-array": "expected an array", between: "expected an array", "array-of-string-arrays": "expected an array", "match-list": "expected an array",
  "replaced-with": "expected an array", path: "expected an array", fields: "expected an array", "entity-checks": "expected an array", "shorthand-fields": "expected an array",
  "match-any": "expected a record", "json-schema": "expected a record", deprecation: "expected a record", "on-delete": "expected a string",
};

function arrayProblem(value: LuaValue): string | undefined {
  if (value.kind === "unknown") return undefined;
  if (value.kind !== "table" || value.numberKeys || (value.fields.length > 0 && !value.hasUnknownEntries)) return "expected an array";
  return undefined;
}

function elementsProblem(table: LuaTable, check: (item: LuaValue) => string | undefined): string | undefined {
  for (const [index, item] of table.items.entries()) {
    if (notKnown(item)) continue;
    // Kong validates array elements as required: ngx.null in one_of = { ngx.null } is a missing element
    const problem = item.kind === "null" ? "required field missing" : check(item);
    if (problem) return `[${index + 1}]: ${problem}`;
  }
  return undefined;
}

function recordProblem(value: LuaValue, fields: Record<string, AttributeArgument>, required: string[]): string | undefined {
  if (value.kind === "unknown") return undefined;
  if (value.kind !== "table") return "expected a record";
  const numbered = value.items.length > 0 ? 1 : value.numberKeys?.[0]?.key;
  if (numbered !== undefined) return `[${numbered}]: unknown field`;
  for (const entry of value.fields) {
    const kind = fields[entry.key];
    if (!kind) return `${entry.key}: unknown field`;
    if (entry.value.kind === "null" && required.includes(entry.key)) return `${entry.key}: required field missing`;
    if (notKnown(entry.value) || kind === "any") continue;
    const problem = argumentProblem(kind, entry.value);
    if (problem) return `${entry.key}: ${problem}`;
  }
  if (!value.hasUnknownEntries) {
    for (const name of required) if (!tableGet(value, name)) return `${name}: required field missing`;
  }
  return undefined;
}

function hintFor(kind: AttributeArgument): string | undefined {
  switch (kind) {
    case "between":
      return "between = { min, max }";
    case "match-list":
      return 'match_all = { { pattern = "<Lua pattern>", err = "<message>" } }';
    case "match-any":
      return 'match_any = { patterns = { "<Lua pattern>", … }, err = "<message>" }';
    case "deprecation":
      return 'deprecation = { message = "…", removal_in_version = "x.y" }';
    case "function":
      return "pass a function value: custom_validator = function(value) … end";
    default:
      return undefined;
  }
}
