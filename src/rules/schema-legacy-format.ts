import { evaluatedSchema } from "./schema-support/evaluation.js";
import { tableGet } from "./schema-support/fields.js";
import { LEGACY_TOP_LEVEL_KEYS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

export const schemaLegacyFormatRule: Rule = {
  id: "schema/legacy-format",
  defaultSeverity: "error",
  title: "schema.lua must use the Kong ≥ 1.0 schema format, not the 0.x one",
  why:
    "Kong 0.x schemas (no_consumer = true, fields as a map, self_check) are rejected by Kong ≥ 1.0 and by Konnect: 'fields: expected an array; name: field required for entity check; no_consumer: unknown field'.",
  source: "https://docs.konghq.com/gateway/latest/plugin-development/plugin-configuration/",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const markers: string[] = [];
    let location = schema.table.location;
    for (const key of LEGACY_TOP_LEVEL_KEYS) {
      const entry = tableGet(schema.table, key);
      if (entry) {
        if (markers.length === 0) location = entry.keyLocation;
        markers.push(key === "self_check" ? "self_check" : `${key} = …`);
      }
    }
    const fields = tableGet(schema.table, "fields");
    if (fields?.value.kind === "table" && fields.value.fields.length > 0 && fields.value.items.length === 0) {
      if (markers.length === 0) location = fields.keyLocation;
      markers.push("fields as a map");
    }
    if (markers.length === 0) return;
    report({
      message: `0.x-style plugin schema (${markers.join(", ")}): Kong ≥ 1.0 and Konnect cannot load it`,
      hint: `rewrite as return { name = "${plugin.name}", fields = { { consumer = typedefs.no_consumer }, { config = { type = "record", fields = { { <name> = { type = … } }, … } } } } }; self_check becomes entity_checks = { { custom_entity_check = { field_sources = {…}, fn = … } } }`,
      file: schema.module.file,
      location,
    });
  },
};
