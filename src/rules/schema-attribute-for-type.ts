import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, stringAttribute } from "./schema-support/fields.js";
import { ATTRIBUTE_TYPES, isFieldType } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

export const schemaAttributeForTypeRule: Rule = {
  id: "schema/attribute-for-type",
  defaultSeverity: "error",
  title: "validators and attributes are only used on the types that allow them (between on numbers, one_of on strings/numbers, match on strings, …)",
  why: "Kong's metaschema rejects e.g. between on a string or one_of on an array: 'field of type 'string' cannot have attribute 'between''.",
  source: "kong/db/schema/metaschema.lua (attribute_types)",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    for (const field of schemaFields(schema).definitions) {
      if (!field.fieldChecked) continue;
      const type = stringAttribute(field.definition, "type");
      if (!type || !isFieldType(type)) continue;
      for (const entry of field.definition.fields) {
        const allowed = ATTRIBUTE_TYPES[entry.key];
        if (!allowed || allowed.includes(type)) continue;
        report({
          message: `${field.path}: field of type '${type}' cannot have attribute '${entry.key}'`,
          hint: hintFor(entry.key, type, allowed),
          file: schema.module.file,
          location: entry.keyLocation,
        });
      }
    }
  },
};

function hintFor(attribute: string, type: string, allowed: readonly string[]): string {
  if (attribute === "one_of" && (type === "array" || type === "set")) return "put one_of in elements: elements = { type = \"string\", one_of = { … } }";
  if (attribute === "between" && type === "string") return "use len_min / len_max for string lengths";
  if (attribute === "match" && (type === "array" || type === "set")) return "put match in elements";
  return `${attribute} is allowed on: ${allowed.join(", ")}`;
}
