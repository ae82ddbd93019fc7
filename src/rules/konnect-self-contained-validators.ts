import type { GlobalUse } from "../lua/evaluate.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { customValidators } from "./schema-support/validators.js";
import type { Rule, Severity } from "./types.js";

/**
 * Globals a validator may use: the Lua 5.1 / LuaJIT base library and the pure libraries. `os`, `io`,
 * `debug`, `package`, `load*`, `dofile` are left out: they reach outside the schema.
 */
export const STANDARD_GLOBALS: ReadonlySet<string> = new Set([
  "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select", "tonumber", "tostring", "type",
  "unpack", "rawget", "rawset", "rawequal", "rawlen", "setmetatable", "getmetatable", "print",
  "string", "table", "math", "bit", "_G",
]);

export const konnectSelfContainedValidatorsRule: Rule = {
  id: "konnect/self-contained-validators",
  defaultSeverity: "error",
  title: "custom validators must only use their parameters, locals of schema.lua and the standard Lua library",
  why:
    "Konnect runs custom validation with schema.lua alone: a validator that reaches a global that Kong's workers provide (kong, cjson, a plugin module) fails there. `ngx` exists on Kong nodes but is not guaranteed where Konnect validates, so it is a warning (an error under --strict).",
  source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const reported = new Set<string>();
    const seenFunctions = new Set<unknown>();
    for (const validator of customValidators({ ...schema, table: schema.table })) {
      // one local function attached under several fields is checked once
      if (seenFunctions.has(validator.fn.node)) continue;
      seenFunctions.add(validator.fn.node);
      for (const use of schema.evaluation.freeGlobals(validator.fn)) {
        if (use.name === "require" || STANDARD_GLOBALS.has(use.name)) continue;
        const key = `${use.location.line}:${use.location.column}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const { message, hint, severity } = describe(use, validator.what);
        // --strict follows the documented rule (validators self-contained in schema.lua): ngx too
        report({ message, hint, severity: plugin.strict ? "error" : severity, file: schema.module.file, location: use.location });
      }
    }
  },
};

function describe(use: GlobalUse, what: string): { message: string; hint: string; severity: Severity } {
  const through = use.viaHelper ? ` (through the local helper \`${use.viaHelper}\`)` : "";
  if (use.name === "ngx") {
    return {
      message: `${what} uses the global \`ngx\`${through}: it exists on Kong nodes, but Konnect may validate without OpenResty`,
      hint: "prefer Lua string patterns (string.match/find) over ngx.re in schema validators",
      severity: "warning",
    };
  }
  if (use.name === "kong") {
    return {
      message: `${what} uses the global \`kong\`${through}: it does not exist where Konnect validates configurations`,
      hint: "validate with the values passed to the validator; move runtime checks into handler.lua",
      severity: "error",
    };
  }
  return {
    message: `${what} uses the global \`${use.name}\`${through}, which is not defined in schema.lua nor part of the standard Lua library`,
    hint: `define \`${use.name}\` as a local of schema.lua (or pass it as a parameter); did you forget \`local\`?`,
    severity: "error",
  };
}
