import { entryFile } from "./plugin-files.js";
import type { Rule } from "./types.js";

/** What each forbidden entry is for in Kong, and why Konnect refuses it. */
const FORBIDDEN: { entry: string; what: string; hint: string }[] = [
  { entry: "api.lua", what: "extends Kong's Admin API, which Konnect does not support for custom plugins", hint: "remove api.lua; configure the plugin through its schema instead" },
  { entry: "daos.lua", what: "declares custom DAO entities, which Konnect does not support", hint: "remove daos.lua; keep state in the plugin's config or an external store" },
  // the docs spell it `dao.lua` (Kong loads `daos.lua`): both are reported
  { entry: "dao.lua", what: "declares custom DAO entities, which Konnect does not support", hint: "remove dao.lua; keep state in the plugin's config or an external store" },
  { entry: "migrations/", what: "holds database migrations for custom entities, which Konnect does not support", hint: "remove the migrations/ directory (and the daos.lua it serves)" },
  { entry: "migrations.lua", what: "declares database migrations for custom entities, which Konnect does not support", hint: "remove migrations.lua (and the daos.lua it serves)" },
  { entry: "migration.lua", what: "declares database migrations for custom entities, which Konnect does not support", hint: "remove migration.lua (and the daos.lua it serves)" },
];

export const konnectForbiddenFilesRule: Rule = {
  id: "konnect/forbidden-files",
  defaultSeverity: "error",
  title: "the plugin directory must not contain api.lua, daos.lua, migrations/ or migrations.lua",
  why:
    "Konnect custom plugins cannot extend the Admin API or define custom data entities: a plugin shipping api.lua, a DAO or migrations does not work in Konnect (hybrid or Dedicated Cloud Gateways).",
  source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
  check(plugin, report) {
    for (const { entry, what, hint } of FORBIDDEN) {
      if (!plugin.entries.includes(entry)) continue;
      report({ message: `${entry} ${what}`, hint, file: entryFile(plugin, entry) });
    }
  },
};
