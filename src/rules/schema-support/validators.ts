import type { SourceLocation } from "../../lua/parse.js";
import type { LuaFunction, LuaTable } from "../../lua/values.js";
import type { EvaluatedSchema } from "./evaluation.js";
import { schemaFields, tableGet } from "./fields.js";

/** A function written in schema.lua that validates configuration, and where it is attached. */
export interface CustomValidator {
  fn: LuaFunction;
  /** for messages: "custom_validator of config.limit" */
  what: string;
  /** the key that attaches it (`custom_validator = …`) */
  location: SourceLocation;
}

/**
 * Every `custom_validator`, `custom_entity_check.fn`, shorthand `func` and top-level `check` of a
 * schema, in the order the schema is walked. Validators that typedefs bring along are Kong's own code (function values
 * without a node here) and are left out. One attachment is listed once even when a shared local
 * definition puts it under several fields.
 */
export function customValidators(schema: EvaluatedSchema & { table: LuaTable }): CustomValidator[] {
  const found: CustomValidator[] = [];
  const seen = new Set<string>();
  const add = (table: LuaTable, key: string, what: string, innerKey?: string): void => {
    const entry = tableGet(table, key);
    const fn = innerKey === undefined ? entry?.value : entry?.value.kind === "table" ? tableGet(entry.value, innerKey)?.value : undefined;
    if (!entry || fn?.kind !== "function" || !fn.node) return;
    const id = `${entry.keyLocation.line}:${entry.keyLocation.column}`;
    if (seen.has(id)) return;
    seen.add(id);
    found.push({ fn, what, location: entry.keyLocation });
  };
  const addEntityChecks = (table: LuaTable, path: string): void => {
    const checks = tableGet(table, "entity_checks")?.value;
    if (checks?.kind !== "table") return;
    for (const check of checks.items) {
      if (check.kind === "table") add(check, "custom_entity_check", `custom_entity_check fn${path ? ` of ${path}` : ""}`, "fn");
    }
  };
  add(schema.table, "check", "the schema's check function");
  addEntityChecks(schema.table, "");
  for (const definition of schemaFields(schema).definitions) {
    add(definition.definition, "custom_validator", `custom_validator of ${definition.path}`);
    if (definition.role === "shorthand") add(definition.definition, "func", `shorthand field ${definition.path} func`);
    addEntityChecks(definition.definition, definition.path);
  }
  return found;
}
