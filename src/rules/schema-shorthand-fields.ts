import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, stringAttribute, tableGet } from "./schema-support/fields.js";
import { FIELD_TYPES } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

const NOT_SHORTHAND = new Set(["record", "foreign", "function"]);

export const schemaShorthandFieldsRule: Rule = {
  id: "schema/shorthand-fields",
  defaultSeverity: "error",
  title: "shorthand_fields are single-key entries of a non-record type with a func",
  why: "Kong's metaschema requires each shorthand field to have a type other than record/foreign/function and a func that maps it to real fields.",
  source: "kong/db/schema/metaschema.lua (shorthand_fields)",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    const fields = schemaFields(schema);
    for (const record of [schema.table, ...fields.definitions.map((d) => d.definition)]) {
      const list = tableGet(record, "shorthand_fields")?.value;
      if (list?.kind !== "table") continue;
      list.items.forEach((item, index) => {
        if (item.kind === "unknown") return;
        if (item.kind !== "table") {
          report({ message: `shorthand_fields.${index + 1}: expected a map`, hint: "one { name = { type = …, func = … } } per entry", file, location: item.location });
          return;
        }
        if (item.hasUnknownEntries) return;
        if (item.fields.length !== 1 || item.items.length > 0) {
          report({ message: `shorthand_fields.${index + 1}: length must be 1`, hint: "one { name = { type = …, func = … } } per entry", file, location: item.location });
        }
        for (const entry of item.fields) {
          if (entry.value.kind === "table" || entry.value.kind === "unknown") continue;
          report({ message: `shorthand_fields.${index + 1}.${entry.key}: expected a record`, hint: "{ name = { type = …, func = … } }", file, location: entry.value.location });
        }
      });
    }
    for (const field of fields.definitions) {
      if (field.role !== "shorthand") continue;
      const type = stringAttribute(field.definition, "type");
      if (type && NOT_SHORTHAND.has(type)) {
        report({
          message: `${field.path}: type: expected one of: ${FIELD_TYPES.filter((t) => !NOT_SHORTHAND.has(t)).join(", ")}`,
          hint: "a shorthand field cannot be a record, foreign or function",
          file,
          location: tableGet(field.definition, "type")?.value.location ?? field.location,
        });
      }
      const func = tableGet(field.definition, "func");
      if (!func && !field.definition.hasUnknownEntries) {
        report({ message: `${field.path}: func: required field missing`, hint: "func = function(value) return { real_field = value } end", file, location: field.location });
      } else if (func && func.value.kind !== "function" && func.value.kind !== "unknown") {
        report({ message: `${field.path}: func: expected a function`, hint: "func = function(value) return { real_field = value } end", file, location: func.value.location });
      }
    }
  },
};
