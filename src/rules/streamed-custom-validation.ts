import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable } from "../lua/values.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import { STREAMED_SOURCE } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

/** A function of schema.lua that validates configuration. */
interface CustomValidation {
  what: string;
  location: SourceLocation;
}

/**
 * Functions written in schema.lua that validate: `custom_validator`, `custom_entity_check.fn`,
 * shorthand `func`, the top-level `check`. Validators typedefs bring along are Kong's own code
 * (function values without a node here) and are not reported.
 */
function customValidations(root: LuaTable, definitions: { path: string; table: LuaTable; shorthand: boolean }[]): CustomValidation[] {
  const found: CustomValidation[] = [];
  const seen = new Set<string>();
  const add = (table: LuaTable, key: string, what: string, valueKey = key): void => {
    const entry = tableGet(table, key);
    const fn = valueKey === key ? entry?.value : entry?.value.kind === "table" ? tableGet(entry.value, valueKey)?.value : undefined;
    if (!entry || fn?.kind !== "function" || !fn.node) return;
    const id = `${entry.keyLocation.line}:${entry.keyLocation.column}`;
    if (seen.has(id)) return; // one local definition shared by several fields
    seen.add(id);
    found.push({ what, location: entry.keyLocation });
  };
  const addEntityChecks = (table: LuaTable, path: string): void => {
    const checks = tableGet(table, "entity_checks")?.value;
    if (checks?.kind !== "table") return;
    for (const check of checks.items) {
      if (check.kind === "table") add(check, "custom_entity_check", `custom_entity_check${path ? ` of ${path}` : ""}`, "fn");
    }
  };
  add(root, "check", "the schema's check function");
  addEntityChecks(root, "");
  for (const definition of definitions) {
    add(definition.table, "custom_validator", `custom_validator of ${definition.path}`);
    if (definition.shorthand) add(definition.table, "func", `shorthand field ${definition.path} func`);
    addEntityChecks(definition.table, definition.path);
  }
  return found.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
}

export const streamedCustomValidationRule: Rule = {
  id: "streamed/custom-validation",
  defaultSeverity: "warning",
  title: "a streamed plugin should validate in handler.lua, not with functions in schema.lua",
  why:
    "Konnect's streamed plugin docs say custom validation must be implemented in handler.lua, not schema.lua: the schema is run in a restricted sandbox where custom validators may not run. A warning (an error under --strict), as the schema still loads.",
  source: STREAMED_SOURCE,
  targets: ["streamed"],
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const definitions = schemaFields(schema).definitions.map((d) => ({ path: d.path, table: d.definition, shorthand: d.role === "shorthand" }));
    for (const validation of customValidations(schema.table, definitions)) {
      report({
        message: `${validation.what} is custom validation in schema.lua: streamed custom plugins must validate in handler.lua`,
        hint: "use declarative validators (one_of, between, match, entity_checks…) in the schema, and check the rest in handler.lua",
        file: schema.module.file,
        location: validation.location,
        ...(plugin.strict ? { severity: "error" as const } : {}),
      });
    }
  },
};
