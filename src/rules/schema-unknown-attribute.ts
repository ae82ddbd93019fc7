import { renameKeyEdit } from "../fix/rename.js";
import type { Fix } from "../fix/types.js";
import type { SourceLocation } from "../lua/parse.js";
import type { LuaTable } from "../lua/values.js";
import { editDistance } from "../text/edit-distance.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
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
    "Any other attribute (nilable, legacy, typos such as requird) is 'unknown field' in Kong's metaschema and the schema fails to load. Kong Enterprise's DAO attributes (indexed, prefix_ws, db_export) are not plugin-schema attributes either.",
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    for (const field of schemaFields(schema).definitions) {
      const allowed = field.role === "shorthand" ? { ...FIELD_ATTRIBUTES, ...SHORTHAND_ATTRIBUTES } : FIELD_ATTRIBUTES;
      // `{ type = "string", "x" }` or `[2] = …`: a number is never an attribute name
      const numbered = [...field.definition.items.map((item, index) => ({ key: index + 1, location: item.location })), ...(field.definition.numberKeys ?? []).map((entry) => ({ key: entry.key, location: entry.keyLocation }))];
      for (const entry of numbered) {
        report({ message: `${field.path}: [${entry.key}]: unknown field`, hint: "every attribute of a field is written name = value", file: schema.module.file, location: entry.location });
      }
      for (const entry of field.definition.fields) {
        if (Object.hasOwn(allowed, entry.key)) continue;
        if (Object.hasOwn(ENTERPRISE_FIELD_ATTRIBUTES, entry.key)) {
          // Kong's plugin metaschema (what Konnect's control plane runs) has no such attribute
          report({
            message: `${field.path}: ${entry.key}: unknown field`,
            hint: `${entry.key} is an attribute of Kong Enterprise's own DAO schemas, not of plugin schemas: remove it`,
            file: schema.module.file,
            location: entry.keyLocation,
          });
          continue;
        }
        const suggestion = closest(entry.key, Object.keys(allowed));
        const fix = KNOWN_MISTAKES[entry.key] === undefined ? renameFix(entry.key, field.definition, Object.keys(allowed), schema.module.file.text, entry.keyLocation) : undefined;
        report({
          message: `${field.path}: ${entry.key}: unknown field`,
          hint: KNOWN_MISTAKES[entry.key] ?? (fix ? `did you mean ${fix.to}?` : suggestion ? `did you mean ${suggestion}?` : "remove it"),
          file: schema.module.file,
          location: entry.keyLocation,
          ...(fix ? { fix: fix.fix } : {}),
        });
      }
    }
  },
};

/** The attributes `key` is a slip of: a small edit distance, or the same words in another order (max_len → len_max). */
function closeAttributes(key: string, attributes: string[]): string[] {
  const words = (s: string): string => s.split("_").sort().join("_");
  const limit = key.length >= 7 ? 2 : 1;
  return attributes.filter((a) => editDistance(key.toLowerCase(), a) <= limit || (key.includes("_") && words(key) === words(a)));
}

/** A certain rename: exactly one close attribute, not already set on the field, and the key written as expected. */
function renameFix(key: string, definition: LuaTable, attributes: string[], text: string, location: SourceLocation): { to: string; fix: Fix } | undefined {
  const candidates = closeAttributes(key, attributes);
  const [to] = candidates;
  if (candidates.length !== 1 || to === undefined || tableGet(definition, to)) return undefined;
  const edit = renameKeyEdit(text, location, key, to);
  return edit ? { to, fix: { description: `rename ${key} to ${to}`, edits: [edit] } } : undefined;
}
