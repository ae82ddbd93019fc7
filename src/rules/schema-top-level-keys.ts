import { evaluatedSchema } from "./schema-support/evaluation.js";
import { tableGet } from "./schema-support/fields.js";
import { closest, ENTITY_ONLY_KEYS, LEGACY_TOP_LEVEL_KEYS, TOP_LEVEL_KEYS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

const ARRAY_KEYS = ["entity_checks", "shorthand_fields", "transformations"];

export const schemaTopLevelKeysRule: Rule = {
  id: "schema/top-level-keys",
  defaultSeverity: "error",
  title: "the schema table has only name, fields, entity_checks, shorthand_fields, transformations and check, with name and fields required",
  why: "Kong validates plugin schemas with its MetaSubSchema: any other key is 'unknown field' and the plugin fails to load.",
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    const table = schema?.table;
    if (!schema || !table) return;
    const file = schema.module.file;
    for (const entry of table.fields) {
      if ((TOP_LEVEL_KEYS as readonly string[]).includes(entry.key)) continue;
      let hint: string;
      if (LEGACY_TOP_LEVEL_KEYS.includes(entry.key)) {
        hint = entry.key === "self_check" ? "0.x key: use entity_checks with custom_entity_check" : `0.x key: use the field { ${entry.key.replace("no_", "")} = typedefs.${entry.key} }`;
      } else if (ENTITY_ONLY_KEYS.includes(entry.key)) {
        hint = `${entry.key} belongs to DAO entity schemas (daos.lua), not to plugin schemas`;
      } else {
        const suggestion = closest(entry.key, TOP_LEVEL_KEYS);
        hint = suggestion ? `did you mean ${suggestion}?` : `allowed keys: ${TOP_LEVEL_KEYS.join(", ")}`;
      }
      report({ message: `${entry.key}: unknown field`, hint, file, location: entry.keyLocation });
    }
    const unknownEntries = table.hasUnknownEntries;
    const name = tableGet(table, "name");
    if (!name && !unknownEntries) {
      report({ message: "name: field required for entity check", hint: `add name = "${plugin.name}"`, file, location: table.location });
    } else if (name && name.value.kind !== "string" && name.value.kind !== "unknown") {
      report({ message: "name: expected a string", hint: `name = "${plugin.name}"`, file, location: name.keyLocation });
    } else if (name?.value.kind === "string" && name.value.value === "") {
      // a string field without len_min gets Kong's implicit len_min = 1
      report({ message: "name: length must be at least 1", hint: `name = "${plugin.name}"`, file, location: name.keyLocation });
    }
    const fields = tableGet(table, "fields");
    if (!fields && !unknownEntries) {
      report({ message: "fields: field required for entity check", hint: "add fields = { { config = { type = \"record\", fields = { … } } } }", file, location: table.location });
    } else if (fields && fields.value.kind !== "table" && fields.value.kind !== "unknown") {
      report({ message: "fields: expected an array", hint: "fields = { { config = { type = \"record\", fields = { … } } } }", file, location: fields.keyLocation });
    }
    for (const key of ARRAY_KEYS) {
      const entry = tableGet(table, key);
      // ngx.null is accepted for an attribute the metaschema does not require
      if (!entry || entry.value.kind === "unknown" || entry.value.kind === "nil" || entry.value.kind === "null") continue;
      if (entry.value.kind !== "table" || entry.value.fields.length > 0) {
        report({ message: `${key}: expected an array`, hint: `${key} = { { … }, … }`, file, location: entry.keyLocation });
      }
    }
    const check = tableGet(table, "check");
    if (check && check.value.kind !== "function" && check.value.kind !== "unknown" && check.value.kind !== "nil" && check.value.kind !== "null") {
      report({ message: "check: expected a function", hint: "check = function(entity) … end", file, location: check.keyLocation });
    }
  },
};
