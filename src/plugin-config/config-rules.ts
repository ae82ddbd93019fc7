import type { Rule } from "../rules/types.js";
import { RULES_DOCS_BASE } from "../validate/rule-docs.js";

/**
 * The kinds of finding the decK config check reports. They are not schema rules (they do not run
 * on a plugin directory), but they carry ids, docs anchors and SARIF metadata the same way.
 */
export const CONFIG_RULES = {
  "config/invalid": {
    defaultSeverity: "error",
    title: "A plugin instance in a decK file that Kong would reject",
    why: "Konnect answers 400 when decK syncs it; found here before the schema is even uploaded.",
    source: "kong/db/schema/init.lua (Schema:validate_field, validate_insert)",
  },
  "config/deprecated": {
    defaultSeverity: "warning",
    title: "A plugin instance sets a deprecated field",
    why: "Kong logs a deprecation warning and the field will go away in a later version.",
    source: "kong/db/schema/init.lua (deprecation in validate_field, shorthand_fields)",
  },
  "config/unknown-plugin": {
    defaultSeverity: "error",
    title: "With --strict: a decK plugin name that is neither local nor bundled with Kong",
    why: "A typo in a plugin name is only found when Konnect rejects the sync.",
    source: "kong/db/schema/entities/plugins.lua (subschema_error)",
  },
  "config/not-checkable": {
    defaultSeverity: "info",
    title: "A value kplug cannot decide offline (a decK env placeholder, Kong's own typedef validators, values not known statically)",
    why: "Said instead of guessing: these values are checked by Konnect when decK syncs.",
    source: "decK file format (env placeholders); kong/db/schema/typedefs.lua",
  },
  "config/deck-file": {
    defaultSeverity: "error",
    title: "A decK file problem around a plugin instance (a `_config` naming no `_plugin_configs` entry)",
    why: "decK refuses the file before it talks to Konnect.",
    source: "decK file format (_plugin_configs)",
  },
} as const;

export type ConfigRuleId = keyof typeof CONFIG_RULES;

/** README anchor of a config finding kind: `config/invalid` → #config-invalid */
export function configRuleDocs(id: string): string {
  return `${RULES_DOCS_BASE}${id.replace(/\//g, "-")}`;
}

/** The config rules as Rule records for SARIF's rule list (their findings come from the decK check, not from check()). */
export function configRulesForSarif(): Rule[] {
  return Object.entries(CONFIG_RULES).map(([id, rule]) => ({ id, ...rule, check: () => undefined }));
}
