import { STREAMED_SOURCE } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

/** Reported by konnect/forbidden-files for every target; not repeated here. */
const FORBIDDEN_MODULES = new Set(["api.lua", "daos.lua", "dao.lua", "migrations.lua", "migration.lua"]);

export const streamedFilesRule: Rule = {
  id: "streamed/files",
  defaultSeverity: "error",
  title: "a streamed plugin is exactly one schema.lua and one handler.lua, with no other Lua module",
  why:
    "Konnect streams only schema.lua and handler.lua to Dedicated Cloud Gateway data planes: another Lua module of the plugin is never uploaded, so requiring it fails, and a plugin without handler.lua cannot run.",
  source: STREAMED_SOURCE,
  targets: ["streamed"],
  check(plugin, report) {
    const schema = plugin.schema?.file;
    if (!plugin.handler && schema) {
      report({
        message: "no handler.lua: a streamed custom plugin uploads its handler.lua together with schema.lua",
        hint: "add handler.lua next to schema.lua (a table with PRIORITY, VERSION and phase methods)",
        file: schema,
      });
    }
    for (const file of plugin.otherLua) {
      if (FORBIDDEN_MODULES.has(file.relPath) || file.relPath.startsWith("migrations/")) continue;
      report({
        message: `${file.relPath} is another Lua module: streamed custom plugins can only have handler.lua and schema.lua`,
        hint: "inline what handler.lua needs from it into handler.lua, and remove the module",
        file,
      });
    }
  },
};
