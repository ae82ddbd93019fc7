import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { Rule } from "./types.js";

export const schemaReturnValueRule: Rule = {
  id: "schema/return-value",
  defaultSeverity: "error",
  title: "schema.lua must return the schema table",
  why: "Kong and Konnect take the schema from the value the chunk returns; without one Konnect answers 'invalid plugin schema: cannot be empty'.",
  source: "kong/db/schema/plugin_loader.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    const value = schema.evaluation.value;
    const file = schema.module.file;
    const raises = schema.evaluation.raises;
    if (raises) {
      report({
        message: `schema.lua raises an error when it loads (${raises.message}): it returns no schema`,
        hint: "remove the error() / assert() call that always fails, or make its condition true",
        file,
        location: raises.location,
      });
    } else if (value === undefined) {
      const lastLine = schema.module.source.text.split(/\r?\n/).length;
      report({
        message: "schema.lua returns nothing: invalid plugin schema: cannot be empty",
        hint: "end the file with `return { name = …, fields = { … } }`",
        file,
        location: { line: lastLine, column: 1, endLine: lastLine, endColumn: 1 },
      });
    } else if (value.kind !== "table" && value.kind !== "unknown") {
      report({
        message: `schema.lua returns a ${value.kind}, expected a table`,
        hint: "return the schema table: `return { name = …, fields = { … } }`",
        file,
        location: value.location,
      });
    }
  },
};
