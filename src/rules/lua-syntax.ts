import type { Rule } from "./types.js";

export const luaSyntaxRule: Rule = {
  id: "lua/syntax",
  defaultSeverity: "error",
  title: "schema.lua and handler.lua must be valid Lua (LuaJIT syntax)",
  why: "Kong cannot load a file that does not parse; Konnect rejects the schema upload and data planes fail to start.",
  source: "https://www.lua.org/manual/5.1/manual.html#8",
  check(plugin, report) {
    for (const module of [plugin.schema, plugin.handler]) {
      const error = module?.source.syntaxError;
      if (!module || !error) continue;
      report({
        message: error.tooLarge ? `too large to check: ${error.message}` : `syntax error: ${error.message}`,
        hint: error.tooLarge ? "shrink the file: Konnect refuses it at this size anyway" : "fix the Lua syntax at this position (kplug parses LuaJIT syntax, as Kong runs it)",
        file: module.file,
        location: error.location,
      });
    }
  },
};
