import { evaluatedSchema } from "./schema-support/evaluation.js";
import { tableGet } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

/** Rules that read field definitions: they have nothing to look at in a config kplug could not evaluate. */
export const FIELD_RULES = [
  "schema/field-definition",
  "schema/unknown-attribute",
  "schema/attribute-for-type",
  "schema/attribute-value",
  "schema/default-value",
  "schema/description-length",
  "schema/entity-checks",
  "schema/shorthand-fields",
];

export const schemaNotEvaluatedRule: Rule = {
  id: "schema/not-evaluated",
  defaultSeverity: "info",
  title: "says when the schema, its fields or its config could not be evaluated statically, and which rules were skipped",
  why:
    "kplug reads schema.lua without running it: a config built by a function call (deep_copy(require(…).x), a builder) is unknown, so the field rules had nothing to check. Saying so keeps a clean report from meaning more than it does.",
  source: "https://www.lua.org/manual/5.1/manual.html#2.5",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    const file = schema.module.file;
    const skipped = `rules skipped for it: ${FIELD_RULES.join(", ")}`;
    const returned = schema.evaluation.value;
    if (returned?.kind === "unknown") {
      report({ message: `the schema could not be evaluated statically (${returned.reason}); ${skipped}`, hint: "return a table constructor: return { name = …, fields = { … } }", file, location: returned.location });
      return;
    }
    const fields = schema.table ? tableGet(schema.table, "fields") : undefined;
    if (fields?.value.kind === "unknown") {
      report({ message: `fields could not be evaluated statically (${fields.value.reason}); ${skipped}`, file, location: fields.value.location });
      return;
    }
    if (fields?.value.kind !== "table") return;
    for (const item of fields.value.items) {
      const config = item.kind === "table" ? tableGet(item, "config") : undefined;
      if (config?.value.kind !== "unknown") continue;
      report({
        message: `config could not be evaluated statically (${config.value.reason}); ${skipped}`,
        hint: "write config as a table constructor in schema.lua to have it checked",
        file,
        location: config.keyLocation,
      });
    }
  },
};
