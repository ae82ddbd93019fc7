import { replaceStringLiteralEdit } from "../fix/rename.js";
import { bundledEdition } from "./data/bundled-plugins.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { tableGet } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

/** Konnect's plugin-schema name pattern (Kong/koko `resource/plugin.go`), length 1–128. */
const KONNECT_NAME = /^[0-9a-zA-Z-]{1,128}$/;
/** Kong EE `custom_plugins` entity (streamed plugins): `^[a-z][a-z%d-]-[a-z%d]+$`. */
const STREAMED_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;

export const konnectSchemaNameRule: Rule = {
  id: "konnect/schema-name",
  defaultSeverity: "error",
  title: "`name` must be a literal string equal to the plugin name, validly formed, and not a bundled plugin's name",
  why:
    "Konnect derives the plugin name from the schema's `name` (it never sees the directory), so it must be statically known and match the directory Kong loads; bundled names are reserved and names outside [0-9a-zA-Z-] are rejected.",
  source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const entry = tableGet(schema.table, "name");
    if (!entry) return; // reported by schema/top-level-keys
    const file = schema.module.file;
    const value = entry.value;
    if (value.kind === "unknown") {
      report({
        message: `name is not a literal string (${value.reason}): Konnect only has the schema text and cannot compute it`,
        hint: `write name = "${plugin.name}"`,
        file,
        location: entry.keyLocation,
      });
      return;
    }
    if (value.kind !== "string") return; // `name: expected a string`, reported by schema/top-level-keys
    const name = value.value;
    const location = value.location;
    if (name !== plugin.name) {
      // a valid plugin name written as a plain literal: certain to fix (a constant elsewhere is not)
      const edit = KONNECT_NAME.test(plugin.name) ? replaceStringLiteralEdit(file.text, location, plugin.name) : undefined;
      report({
        message: `schema name "${name}" does not match the plugin name "${plugin.name}"`,
        hint: `rename the plugin directory or set name = "${plugin.name}" (Kong loads the plugin by directory name; Konnect by schema name)`,
        file,
        location,
        ...(edit ? { fix: { description: `set name = "${plugin.name}"`, edits: [edit] } } : {}),
      });
    }
    if (!KONNECT_NAME.test(name)) {
      report({
        message: `name "${name}" is not accepted by Konnect: it must be 1 to 128 characters among a-z, A-Z, 0-9 and "-"`,
        hint: "use lowercase letters, digits and dashes, e.g. my-plugin",
        file,
        location,
      });
    } else if (!STREAMED_NAME.test(name)) {
      report({
        message: `name "${name}" must start with a lowercase letter and contain only lowercase letters, digits and "-" (not at the end) for streamed custom plugins`,
        hint: "use lowercase letters, digits and dashes, e.g. my-plugin",
        file,
        location,
        severity: plugin.target === "streamed" ? "error" : "warning",
      });
    }
    const edition = bundledEdition(name);
    if (edition) {
      report({
        message: `name "${name}" is the name of a plugin bundled with Kong${edition === "enterprise" ? " Enterprise" : ""}; Konnect requires a unique name`,
        hint: "choose another name, e.g. with your organisation as a prefix",
        file,
        location,
      });
    }
  },
};
