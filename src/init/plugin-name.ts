import { bundledEdition } from "../rules/data/bundled-plugins.js";

/**
 * A name that works for both targets: Konnect's /plugin-schemas pattern ([0-9a-zA-Z-], 1–128) and
 * the stricter one of streamed custom plugins (lowercase, starts with a letter, no trailing "-").
 */
const NEW_PLUGIN_NAME = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const MAX_NAME_LENGTH = 128;

/** Why `name` cannot be a new custom plugin's name, or undefined when it can. */
export function pluginNameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long; Konnect allows at most ${MAX_NAME_LENGTH}`;
  if (!NEW_PLUGIN_NAME.test(name)) {
    return 'must be at least 2 characters: lowercase letters, digits and "-", starting with a letter and not ending with "-" (Konnect\'s rule for streamed custom plugins, which also suits /plugin-schemas)';
  }
  const edition = bundledEdition(name);
  if (edition) return `is the name of a plugin bundled with Kong${edition === "enterprise" ? " Enterprise" : ""}; Konnect requires a custom plugin's name to be unique`;
  return undefined;
}
