import { evaluatedSchema } from "./schema-support/evaluation.js";
import { resolveFieldPath, schemaFields, tableGet } from "./schema-support/fields.js";
import { luaToString } from "../schema/lua-semantics.js";
import { closest } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

const ATTRIBUTES = ["input", "needs", "on_write", "on_read"];

export const schemaTransformationsRule: Rule = {
  id: "schema/transformations",
  defaultSeverity: "error",
  title: "transformations have on_write and/or on_read functions, and input/needs name existing fields",
  why: "Kong's metaschema rejects a transformation over a field the schema does not have ('invalid field name: <x>') or without on_write/on_read.",
  source: "kong/db/schema/metaschema.lua (transformations)",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const list = tableGet(schema.table, "transformations")?.value;
    if (list?.kind !== "table") return;
    const file = schema.module.file;
    const names = schemaFields(schema).records.find((record) => record.isSchema)?.fieldNames;
    list.items.forEach((item, index) => {
      const path = `transformations.${index + 1}`;
      if (item.kind === "unknown") return;
      if (item.kind !== "table") {
        report({ message: `${path}: expected a record`, file, location: item.location });
        return;
      }
      for (const entry of item.fields) {
        if (ATTRIBUTES.includes(entry.key)) continue;
        const suggestion = closest(entry.key, ATTRIBUTES);
        report({ message: `${path}.${entry.key}: unknown field`, hint: suggestion ? `did you mean ${suggestion}?` : `allowed: ${ATTRIBUTES.join(", ")}`, file, location: entry.keyLocation });
      }
      for (const key of ["on_write", "on_read"]) {
        const value = tableGet(item, key)?.value;
        if (value && value.kind !== "function" && value.kind !== "unknown" && value.kind !== "nil") {
          report({ message: `${path}.${key}: expected a function`, file, location: value.location });
        }
      }
      if (!item.hasUnknownEntries && !tableGet(item, "on_write") && !tableGet(item, "on_read")) {
        report({ message: `${path}: at least one of these fields must be non-empty: 'on_write', 'on_read'`, hint: "on_write = function(…) … end", file, location: item.location });
      }
      for (const key of ["input", "needs"]) {
        const fields = tableGet(item, key)?.value;
        if (fields?.kind !== "table") continue;
        for (const field of fields.items) {
          if (field.kind === "unknown") continue;
          // a number is no field's name (Kong's lookup compares it with the names as it is)
          if (field.kind === "string" && resolveFieldPath(field.value.split("."), names) !== false) continue;
          const name = field.kind === "string" ? field.value : luaToString(field);
          report({ message: `${path}.${key}: invalid field name: ${name}`, hint: field.kind === "string" ? "name fields with their path from the top, e.g. 'config.my_field'" : "write field names as strings, e.g. 'config.my_field'", file, location: field.location });
        }
      }
    });
  },
};
