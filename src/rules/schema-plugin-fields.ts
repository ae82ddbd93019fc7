import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, stringAttribute, tableGet } from "./schema-support/fields.js";
import { PLUGIN_ENTITY_FIELDS } from "./schema-support/metaschema.js";
import type { Rule } from "./types.js";

/** Entities loaded before plugin schemas (kong.constants CORE_ENTITIES, plus Konnect's consumer_groups). */
const ENTITY_NAMES = new Set([
  "workspaces", "consumers", "certificates", "services", "routes", "snis", "upstreams", "targets", "plugins", "tags", "ca_certificates",
  "clustering_data_planes", "parameters", "vaults", "key_sets", "keys", "filter_chains", "consumer_groups",
]);

export const schemaPluginFieldsRule: Rule = {
  id: "schema/plugin-fields",
  defaultSeverity: "error",
  title: "top-level fields only specialize fields of Kong's plugins entity (config, protocols, consumer, route, service, consumer_group, …), keep their types, and config is a record",
  why:
    "Kong registers the schema as a subschema of the plugins entity: a new top-level field or a changed type fails with 'cannot create a new field' / 'cannot change type in a specialized field'; without a config record every configured instance fails.",
  source: "kong/db/schema/init.lua (Schema.new_subschema), kong/db/schema/entities/plugins.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    const fields = schemaFields(schema);
    const topLevel = fields.definitions.filter((d) => d.topLevel);
    for (const field of topLevel) {
      const parentType = PLUGIN_ENTITY_FIELDS[field.name];
      if (!parentType) {
        report({
          message: `error in definition of '${plugin.name}': ${field.name}: cannot create a new field`,
          hint: `move ${field.name} into the config record's fields`,
          file,
          location: field.location,
        });
        continue;
      }
      const type = stringAttribute(field.definition, "type");
      if (type === undefined) continue;
      const reference = tableGet(field.definition, "reference")?.value;
      if (type === "foreign" && reference?.kind === "string" && !ENTITY_NAMES.has(reference.value)) {
        report({
          message: `error initializing schema for plugin: schema refers to an invalid foreign entity: ${reference.value}`,
          hint: `reference one of Kong's entities (${field.name === "consumer_group" ? "consumer_groups" : `${field.name}s`})`,
          file,
          location: field.location,
        });
        continue;
      }
      if (type === "foreign" && reference?.kind !== "string" && reference?.kind !== "unknown") {
        // Schema.new looks the referenced entity up for every top-level foreign field
        report({
          message: `error initializing schema for plugin: schema refers to an invalid foreign entity: ${reference ? reference.kind : "nil"}`,
          hint: `${field.name} = typedefs.no_${field.name} (or reference = "${field.name}s")`,
          file,
          location: field.location,
        });
        continue;
      }
      let compatible = type === parentType || (parentType === "record" && type === "json");
      if (compatible && (type === "set" || type === "array")) {
        const elements = tableGet(field.definition, "elements")?.value;
        const elementType = elements?.kind === "table" ? stringAttribute(elements, "type") : undefined;
        if (elementType !== undefined && elementType !== "string") compatible = false;
      }
      if (!compatible) {
        report({
          message: `error in definition of '${plugin.name}': ${field.name}: cannot change type in a specialized field`,
          hint: field.name === "config" ? 'config = { type = "record", fields = { … } }' : `the plugins entity declares ${field.name} as a ${parentType}${parentType === "set" ? " of strings" : ""}`,
          file,
          location: field.location,
        });
      }
    }
    const fieldsEntry = tableGet(schema.table, "fields");
    const names = fields.records.find((record) => record.isSchema)?.fieldNames;
    if (fieldsEntry?.value.kind !== "table" || fieldsEntry.value.fields.length > 0 || !names) return;
    if (!names.has("config")) {
      // the schema loads and instances without config are accepted: a warning, not a load error
      report({
        severity: "warning",
        message: "no config field: the schema loads, but every plugin instance that sets config fails with 'config: error in schema definition: abstract field was not specialized'",
        hint: 'add { config = { type = "record", fields = { … } } } to fields',
        file,
        location: fieldsEntry?.keyLocation ?? schema.table.location,
      });
    }
  },
};
