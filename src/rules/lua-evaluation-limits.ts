import { MAX_STRING_LENGTH, MAX_TABLE_DEPTH, MAX_VALUES } from "../lua/limits.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { Rule } from "./types.js";

export const luaEvaluationLimitsRule: Rule = {
  id: "lua/evaluation-limits",
  defaultSeverity: "warning",
  title: `schema.lua must stay within what kplug evaluates statically: strings up to ${MAX_STRING_LENGTH} characters, tables nested up to ${MAX_TABLE_DEPTH} levels, ${MAX_VALUES} values, no table inside itself`,
  why: "A schema that builds huge strings, a table that contains itself or exponentially shared tables cannot be checked (and Kong cannot validate a table that contains itself: its schema validation recurses into it); kplug checks the rest and marks the part past the budget as not checked instead of running out of memory.",
  source: "kong/db/schema/init.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    for (const limit of schema.evaluation.limits) {
      report({
        message: limit.message,
        hint: "build the value literally in schema.lua, or split it; kplug did not check the part past this point",
        file: schema.module.file,
        location: limit.location,
      });
    }
  },
};
