import { evaluatedSchema } from "./schema-support/evaluation.js";
import { customValidators } from "./schema-support/validators.js";
import { STREAMED_SOURCE } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

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
    const byPosition = customValidators({ ...schema, table: schema.table }).sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
    for (const validation of byPosition) {
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
