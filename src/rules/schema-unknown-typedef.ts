import { typedefNames } from "../lua/typedefs.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { closest } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

export const schemaUnknownTypedefRule: Rule = {
  id: "schema/unknown-typedef",
  defaultSeverity: "error",
  title: "typedefs.X must name one of Kong's typedefs",
  why: "Kong's typedefs table raises an error for any other name, so the schema fails to load.",
  source: "kong/db/schema/typedefs.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    for (const typedef of schema.evaluation.typedefs) {
      if (typedef.known) continue;
      const suggestion = closest(typedef.name, typedefNames());
      report({
        message: `schema typedef error: definition ${typedef.name} does not exist`,
        hint: suggestion ? `did you mean typedefs.${suggestion}?` : "use one of Kong's typedefs or an inline field definition",
        file: schema.module.file,
        location: typedef.location,
      });
    }
  },
};
