import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

const MIN = 10;
const MAX = 500;

export const schemaDescriptionLengthRule: Rule = {
  id: "schema/description-length",
  defaultSeverity: "error",
  title: `field descriptions are ${MIN} to ${MAX} bytes long`,
  why: `Kong's metaschema declares description with len_min = ${MIN} and len_max = ${MAX}: a shorter or longer one makes the schema fail to load.`,
  source: "kong/db/schema/metaschema.lua",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    for (const field of schemaFields(schema).definitions) {
      // typedef descriptions are Kong's own; only what the schema writes is checked
      const entry = tableGet(field.definition, "description");
      const value = entry?.value;
      if (value?.kind !== "string") continue;
      const length = Buffer.byteLength(value.value);
      if (length >= MIN && length <= MAX) continue;
      report({
        message: `${field.path}: description: length must be ${length < MIN ? `at least ${MIN}` : `at most ${MAX}`}`,
        hint: length < MIN ? "describe the field in a full sentence" : "shorten the description; details belong in the plugin's documentation",
        file: schema.module.file,
        location: value.location,
      });
    }
  },
};
