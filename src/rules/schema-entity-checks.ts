import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { argumentProblem } from "./schema-attribute-value.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import type { AttributeArgument } from "./schema-support/metaschema.js";
import { closest, ENTITY_CHECKERS, FIELD_ATTRIBUTES, FIELD_TYPES, isFieldType, VALIDATORS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

type Say = (message: string, location: SourceLocation, hint?: string) => void;

/** Attributes of if_match / then_match / else_match (`conditional_validators`). */
const CONDITIONAL_VALIDATORS = new Set(["required", "elements", "keys", "values", ...Object.keys(VALIDATORS)]);
/**
 * What each checker attribute must hold (metaschema `entity_checkers`). Kong does not check at load
 * time that named fields exist: a check over a missing field fails only when it runs.
 */
const CHECKER_ATTRIBUTES: Record<string, AttributeArgument> = {
  if_field: "string", then_field: "string", then_err: "string", else_then_err: "string", fn: "function",
  then_at_least_one_of: "string-array", else_then_at_least_one_of: "string-array", field_sources: "string-array", set1: "string-array", set2: "string-array",
  run_with_missing_fields: "boolean", run_with_invalid_fields: "boolean",
};
const MATCH_ATTRIBUTES = new Set(["if_match", "then_match", "else_match"]);
const COMPANIONS = new Set(["elements", "keys", "values"]);

export const schemaEntityChecksRule: Rule = {
  id: "schema/entity-checks",
  defaultSeverity: "error",
  title: "each entity_checks entry names exactly one known checker, with known attributes of the right types",
  why:
    "Kong's metaschema requires exactly one checker per entry ('exactly one of these fields must be non-empty') and checks each attribute's type (field lists are arrays of strings, fn a function, if_match a record of validators).",
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
        // Kong's only_one_of counts non-empty values: nil, ngx.null, {} and "" do not count
        const nonEmpty = known.filter((entry) => isNonEmpty(entry.key, entry.value) === true);
        const maybe = known.some((entry) => isNonEmpty(entry.key, entry.value) === undefined) || check.hasUnknownEntries;
        const numbered = check.items.length > 0 ? 1 : check.numberKeys?.[0]?.key;
        if (numbered !== undefined) say(`${path}: [${numbered}]: unknown field`, check.location, "each entry is { <checker> = … }");
        for (const entry of check.fields) {
          if (Object.hasOwn(ENTITY_CHECKERS, entry.key)) continue;
          const suggestion = closest(entry.key, Object.keys(ENTITY_CHECKERS));
          say(`${path}: ${entry.key}: unknown field`, entry.keyLocation, suggestion ? `did you mean ${suggestion}?` : `checkers: ${Object.keys(ENTITY_CHECKERS).join(", ")}`);
        }
        if (nonEmpty.length > 1 || (nonEmpty.length === 0 && !maybe)) {
          say(
            `${path}: @entity: exactly one of these fields must be non-empty: ${Object.keys(ENTITY_CHECKERS).map((k) => `'${k}'`).join(", ")}`,
            nonEmpty[1]?.keyLocation ?? known[0]?.keyLocation ?? check.location,
            "write one checker per entity_checks entry: { { at_least_one_of = {…} }, { conditional = {…} } }",
          );
        }
        for (const entry of known) checkChecker(entry.key, entry.value, `${path}.${entry.key}`, say);
      });
    }
  },
};

/**
 * Kong's is_nonempty on the checker's value once the metaschema has filled it in; undefined when
 * not known statically. A record checker (conditional, custom_entity_check, …) given `{}` gets its
 * absent attributes filled with null, so it is not empty; a list checker given `{}` is.
 */
function isNonEmpty(checker: string, value: LuaValue): boolean | undefined {
  if (value.kind === "table" && ENTITY_CHECKERS[checker]) return true;
  switch (value.kind) {
    case "unknown":
      return undefined;
    case "nil":
    case "null":
      return false;
    case "string":
      return value.value !== "";
    case "table":
      if (value.items.length > 0 || value.fields.some((entry) => entry.value.kind !== "nil")) return true;
      return value.hasUnknownEntries ? undefined : false;
    default:
      return true;
  }
}

function checkChecker(name: string, argument: LuaValue, path: string, say: Say): void {
  if (argument.kind === "unknown") return;
  const attributes = ENTITY_CHECKERS[name];
  if (!attributes) {
    const problem = argumentProblem("string-array", argument);
    if (problem) say(`${path}: ${problem}`, argument.location, `${name} = { "field_a", "field_b" }`);
    return;
  }
  if (argument.kind !== "table") {
    say(`${path}: expected a record`, argument.location);
    return;
  }
  sayNumberKeys(argument, path, say, `${name} = { ${attributes.map((a) => `${a} = …`).join(", ")} }`);
  for (const entry of argument.fields) {
    if (!attributes.includes(entry.key)) {
      const suggestion = closest(entry.key, attributes);
      say(`${path}.${entry.key}: unknown field`, entry.keyLocation, suggestion ? `did you mean ${suggestion}?` : `${name} takes: ${attributes.join(", ")}`);
      continue;
    }
    const value = entry.value;
    if (value.kind === "unknown" || value.kind === "nil") continue;
    const kind = CHECKER_ATTRIBUTES[entry.key];
    const problem = kind ? argumentProblem(kind, value) : undefined;
    if (problem) say(`${path}.${entry.key}: ${problem}`, value.location);
    if (MATCH_ATTRIBUTES.has(entry.key)) checkConditionalValidators(value, `${path}.${entry.key}`, say);
  }
}

/** if_match / then_match / else_match: records of validators (Kong checks each argument's type). */
function checkConditionalValidators(value: LuaValue, path: string, say: Say): void {
  if (value.kind !== "table") {
    say(`${path}: expected a record`, value.location);
    return;
  }
  sayNumberKeys(value, path, say, "if_match / then_match hold validators by name: { eq = …, one_of = … }");
  for (const condition of value.fields) {
    if (!CONDITIONAL_VALIDATORS.has(condition.key)) {
      const suggestion = closest(condition.key, [...CONDITIONAL_VALIDATORS]);
      say(`${path}.${condition.key}: unknown field`, condition.keyLocation, suggestion ? `did you mean ${suggestion}?` : Object.hasOwn(FIELD_ATTRIBUTES, condition.key) ? `${condition.key} is not a validator` : undefined);
      continue;
    }
    // elements / keys / values are field definitions: Kong checks them as records
    if (COMPANIONS.has(condition.key)) {
      if (condition.value.kind !== "table" && condition.value.kind !== "unknown" && condition.value.kind !== "nil") say(`${path}.${condition.key}: expected a record`, condition.value.location);
      else if (condition.value.kind === "table") checkCompanionType(condition.value, `${path}.${condition.key}`, say);
      continue;
    }
    const kind = condition.key === "required" ? "boolean" : VALIDATORS[condition.key];
    const problem = kind && condition.value.kind !== "unknown" && condition.value.kind !== "nil" ? argumentProblem(kind, condition.value) : undefined;
    if (problem) say(`${path}.${condition.key}: ${problem}`, condition.value.location);
  }
}

/** A record argument's positional entries: Kong's record validation says "unknown field" for each number key. */
function sayNumberKeys(value: LuaTable, path: string, say: Say, hint: string): void {
  const first = value.items.length > 0 ? 1 : value.numberKeys?.[0]?.key;
  if (first !== undefined) say(`${path}: [${first}]: unknown field`, value.items[0]?.location ?? value.location, hint);
}

/** A field definition's `type` (required, one of Kong's types) as the metaschema checks it in a conditional's companions. */
function checkCompanionType(definition: LuaTable, path: string, say: Say): void {
  const type = definition.fields.find((entry) => entry.key === "type");
  if (!type) {
    if (!definition.hasUnknownEntries) say(`${path}.type: required field missing`, definition.location, 'give it a type: elements = { type = "string", … }');
    return;
  }
  const value = type.value;
  if (value.kind === "unknown" || value.kind === "nil") return;
  if (value.kind === "null") say(`${path}.type: required field missing`, value.location);
  else if (value.kind !== "string") say(`${path}.type: expected a string`, value.location);
  else if (!isFieldType(value.value)) say(`${path}.type: expected one of: ${FIELD_TYPES.join(", ")}`, value.location);
}
