import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import { closest, FIELD_TYPES, isFieldType, REQUIRED_COMPANIONS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

export const schemaFieldDefinitionRule: Rule = {
  id: "schema/field-definition",
  defaultSeverity: "error",
  title: "every field is a { name = { type = … } } entry with a valid type and the companions it requires",
  why:
    "Kong's metaschema rejects a field without a type, an unknown type, or an array/set without elements, a map without keys/values, a record without fields, a json field without json_schema.",
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    const fields = schemaFields(schema);
    for (const issue of fields.issues) {
      report({ message: issue.message, hint: "fields = { { name = { type = … } }, … }", file, location: issue.location });
    }
    for (const field of fields.definitions) {
      const { definition, path } = field;
      const typeEntry = tableGet(definition, "type");
      if (!typeEntry) {
        if (!definition.hasUnknownEntries) {
          report({ message: `${path}: missing type declaration`, hint: `add type = "string" (or one of ${FIELD_TYPES.join(", ")})`, file, location: field.location });
        }
        continue;
      }
      const type = typeEntry.value;
      // a value of unknown content but known Lua type (a library table) is no type name either
      if (type.kind === "unknown" && (type.luaType === undefined || type.luaType === "string")) continue;
      if (type.kind !== "string" || !isFieldType(type.value)) {
        const suggestion = type.kind === "string" ? closest(type.value, FIELD_TYPES) : undefined;
        report({
          message: `${path}: type: expected one of: ${FIELD_TYPES.join(", ")}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : undefined,
          file,
          location: type.location,
        });
        continue;
      }
      const abstract = tableGet(definition, "abstract")?.value;
      const abstractRecord = type.value === "record" && (abstract?.kind === "unknown" || (abstract?.kind === "boolean" && abstract.value));
      for (const companion of REQUIRED_COMPANIONS[type.value] ?? []) {
        if (abstractRecord || definition.hasUnknownEntries || !field.fieldChecked) continue;
        const entry = tableGet(definition, companion);
        if (!entry || entry.value.kind === "nil" || (entry.value.kind === "boolean" && !entry.value.value)) {
          report({
            message: `${path}: field of type '${type.value}' must declare '${companion}'`,
            hint: companionHint(companion),
            file,
            location: field.location,
          });
        }
      }
    }
  },
};

function companionHint(companion: string): string {
  switch (companion) {
    case "elements":
      return 'add elements = { type = "string" }';
    case "keys":
      return 'add keys = { type = "string" }';
    case "values":
      return 'add values = { type = "string" }';
    case "fields":
      return "add fields = { { name = { type = … } }, … }";
    default:
      return "add json_schema = { inline = { … } }";
  }
}
