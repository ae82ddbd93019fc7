import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields } from "./schema-support/fields.js";
import { closest, ENTERPRISE_FIELD_ATTRIBUTES, FIELD_ATTRIBUTES, SHORTHAND_ATTRIBUTES } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

/** Attributes people write that Kong does not have, with what to do instead. */
const KNOWN_MISTAKES: Record<string, string> = {
  nilable: "nilable is internal to Kong's metaschema; fields are optional unless required = true",
  legacy: "legacy was removed in Kong 3.0 (#8958): delete it, or use deprecation = { message = …, removal_in_version = … }",
  optional: "fields are optional unless required = true",
  enum: "use one_of = { … }",
  min: "use between = { min, max } (numbers) or len_min (strings, arrays)",
  max: "use between = { min, max } (numbers) or len_max (strings, arrays)",
  regex: "use match = \"<Lua pattern>\" or is_regex = true",
  pattern: "use match = \"<Lua pattern>\"",
  dao_insert_value: "0.x attribute: use auto = true",
  func: "func belongs to shorthand_fields; in a field use custom_validator",
};

export const schemaUnknownAttributeRule: Rule = {
  id: "schema/unknown-attribute",
  defaultSeverity: "error",
  title: "field definitions only use attributes Kong's metaschema knows",
  why:
    "Any other attribute (nilable, legacy, typos such as requird) is 'unknown field' in Kong's metaschema and the schema fails to load. Kong Enterprise's own attributes (indexed, prefix_ws, db_export) are warnings: Konnect accepts them, Kong OSS does not.",
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    for (const field of schemaFields(schema).definitions) {
      const allowed = field.role === "shorthand" ? { ...FIELD_ATTRIBUTES, ...SHORTHAND_ATTRIBUTES } : FIELD_ATTRIBUTES;
      for (const entry of field.definition.fields) {
        if (Object.hasOwn(allowed, entry.key)) continue;
        if (Object.hasOwn(ENTERPRISE_FIELD_ATTRIBUTES, entry.key)) {
          report({
            message: `${field.path}: ${entry.key}: Kong Enterprise attribute, an unknown field for Kong OSS`,
            hint: "fine on Konnect and Kong Enterprise data planes; remove it if the plugin must also load on Kong OSS",
            file: schema.module.file,
            location: entry.keyLocation,
            severity: "warning",
          });
          continue;
        }
        const suggestion = closest(entry.key, Object.keys(allowed));
        report({
          message: `${field.path}: ${entry.key}: unknown field`,
          hint: KNOWN_MISTAKES[entry.key] ?? (suggestion ? `did you mean ${suggestion}?` : "remove it"),
          file: schema.module.file,
          location: entry.keyLocation,
        });
      }
    }
  },
};
