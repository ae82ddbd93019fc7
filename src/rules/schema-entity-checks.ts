import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { RecordDefinition } from "./schema-support/fields.js";
import { resolveFieldPath, schemaFields, tableGet } from "./schema-support/fields.js";
import { closest, ENTITY_CHECKERS, FIELD_ATTRIBUTES, PLUGIN_ENTITY_FIELDS, VALIDATORS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

type Say = (message: string, location: SourceLocation, hint?: string) => void;

/** Attributes of if_match / then_match / else_match (`conditional_validators`). */
const CONDITIONAL_VALIDATORS = new Set(["required", "elements", "keys", "values", ...Object.keys(VALIDATORS)]);
/** Checker attributes that hold field names. */
const FIELD_NAME_ATTRIBUTES = new Set(["if_field", "then_field", "then_at_least_one_of", "else_then_at_least_one_of", "field_sources", "set1", "set2"]);
const MATCH_ATTRIBUTES = new Set(["if_match", "then_match", "else_match"]);

export const schemaEntityChecksRule: Rule = {
  id: "schema/entity-checks",
  defaultSeverity: "error",
  title: "each entity_checks entry names exactly one known checker, with known attributes, over existing fields",
  why:
    "Kong's metaschema requires exactly one checker per entry ('exactly one of these fields must be non-empty'); a check over a field that does not exist never does what it says.",
  source: "kong/db/schema/metaschema.lua (entity_checkers)",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    const records = schemaFields(schema).records;
    const say: Say = (message, location, hint) => report({ message, hint, file, location });
    for (const record of records) {
      const checks = tableGet(record.table, "entity_checks");
      if (!checks || checks.value.kind !== "table") continue;
      const prefix = record.path ? `${record.path}.entity_checks` : "entity_checks";
      checks.value.items.forEach((check, index) => {
        const path = `${prefix}.${index + 1}`;
        if (check.kind === "unknown") return;
        if (check.kind !== "table") {
          say(`${path}: expected a record`, check.location);
          return;
        }
        const known = check.fields.filter((entry) => Object.hasOwn(ENTITY_CHECKERS, entry.key));
        for (const entry of check.fields) {
          if (Object.hasOwn(ENTITY_CHECKERS, entry.key)) continue;
          const suggestion = closest(entry.key, Object.keys(ENTITY_CHECKERS));
          say(`${path}: ${entry.key}: unknown field`, entry.keyLocation, suggestion ? `did you mean ${suggestion}?` : `checkers: ${Object.keys(ENTITY_CHECKERS).join(", ")}`);
        }
        if (known.length > 1 || (known.length === 0 && !check.hasUnknownEntries)) {
          say(
            `${path}: @entity: exactly one of these fields must be non-empty: ${Object.keys(ENTITY_CHECKERS).map((k) => `'${k}'`).join(", ")}`,
            known[1]?.keyLocation ?? check.location,
            "write one checker per entity_checks entry: { { at_least_one_of = {…} }, { conditional = {…} } }",
          );
        }
        for (const entry of known) checkChecker(entry.key, entry.value, `${path}.${entry.key}`, record, say);
      });
    }
  },
};

function checkChecker(name: string, argument: LuaValue, path: string, record: RecordDefinition, say: Say): void {
  if (argument.kind === "unknown") return;
  const attributes = ENTITY_CHECKERS[name];
  if (!attributes) {
    if (argument.kind !== "table" || (argument.fields.length > 0 && !argument.hasUnknownEntries)) {
      say(`${path}: expected an array`, argument.location, `${name} = { "field_a", "field_b" }`);
      return;
    }
    checkFieldNames(argument, path, record, say);
    return;
  }
  if (argument.kind !== "table") {
    say(`${path}: expected a record`, argument.location);
    return;
  }
  for (const entry of argument.fields) {
    if (!attributes.includes(entry.key)) {
      const suggestion = closest(entry.key, attributes);
      say(`${path}.${entry.key}: unknown field`, entry.keyLocation, suggestion ? `did you mean ${suggestion}?` : `${name} takes: ${attributes.join(", ")}`);
      continue;
    }
    const value = entry.value;
    if (value.kind === "unknown") continue;
    if (entry.key === "fn" && value.kind !== "function") say(`${path}.fn: expected a function`, value.location);
    if (FIELD_NAME_ATTRIBUTES.has(entry.key)) {
      if (value.kind === "string") checkFieldName(value.value, value.location, `${path}.${entry.key}`, record, say);
      else if (value.kind === "table") checkFieldNames(value, `${path}.${entry.key}`, record, say);
    }
    if (MATCH_ATTRIBUTES.has(entry.key) && value.kind === "table") {
      for (const condition of value.fields) {
        if (CONDITIONAL_VALIDATORS.has(condition.key)) continue;
        const suggestion = closest(condition.key, [...CONDITIONAL_VALIDATORS]);
        say(`${path}.${entry.key}.${condition.key}: unknown field`, condition.keyLocation, suggestion ? `did you mean ${suggestion}?` : Object.hasOwn(FIELD_ATTRIBUTES, condition.key) ? `${condition.key} is not a validator` : undefined);
      }
    }
  }
}

function checkFieldNames(list: LuaTable, path: string, record: RecordDefinition, say: Say): void {
  for (const item of list.items) {
    if (item.kind === "string") checkFieldName(item.value, item.location, path, record, say);
    else if (item.kind !== "unknown") say(`${path}: expected a string`, item.location);
  }
}

function checkFieldName(name: string, location: SourceLocation, path: string, record: RecordDefinition, say: Say): void {
  const parts = name.split(".");
  const resolved = resolveFieldPath(parts, record.fieldNames);
  if (resolved !== false) return;
  if (record.isSchema && isPluginEntityField(parts, record)) return;
  const names = record.fieldNames ? [...record.fieldNames.keys()] : [];
  const suggestion = closest(name, names);
  say(
    `${path}: '${name}' is not a field of ${record.isSchema ? "the schema" : record.path}`,
    location,
    suggestion ? `did you mean '${suggestion}'?` : record.isSchema ? "top-level entity checks name fields with their path, e.g. 'config.my_field'" : undefined,
  );
}

/**
 * Top-level checks run on the whole plugin entity, whose fields are the schema's merged over Kong's
 * `plugins` entity: `protocols`, `route`, `enabled`, … exist even when the schema does not redeclare them.
 */
function isPluginEntityField(parts: string[], record: RecordDefinition): boolean {
  const [head, ...rest] = parts;
  if (head === undefined || !Object.hasOwn(PLUGIN_ENTITY_FIELDS, head) || record.fieldNames?.has(head)) return false;
  // a path into a foreign key (`route.id`) is trusted, as Kong's metaschema does; config is abstract there
  return rest.length === 0 || PLUGIN_ENTITY_FIELDS[head] === "foreign";
}
