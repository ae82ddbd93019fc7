import { inlineTypedefsFix } from "../fix/typedef-inline.js";
import { TYPEDEFS_MODULE } from "../lua/evaluate.js";
import type { RequireCall } from "../lua/evaluate.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { PluginUnderTest, Rule, RuleReport } from "./types.js";

/** Module prefixes that ship with Kong Gateway (and so resolve on Konnect's control plane). */
const KONG_SHIPPED_PREFIXES = ["kong.", "ngx.", "resty.", "pl.", "lua_pack", "lyaml", "socket."];
const KONG_SHIPPED_MODULES = new Set(["cjson", "cjson.safe", "ngx", "lpeg", "socket", "lua_system_constants", "ffi", "bit", "string.buffer", "jit"]);

/** Kong 0.x modules that Kong ≥ 1.0 no longer ships (the old DAO). */
const REMOVED_KONG_MODULES = ["kong.dao.", "kong.tools.responses", "kong.tools.database_cache"];

/** A module shipped with Kong, except the plugin's own modules (`kong.plugins.<name>…`), which are not. */
export function isKongShippedModule(module: string): boolean {
  if (module.startsWith("kong.plugins.") || REMOVED_KONG_MODULES.some((prefix) => module.startsWith(prefix))) return false;
  return KONG_SHIPPED_MODULES.has(module) || KONG_SHIPPED_PREFIXES.some((prefix) => module.startsWith(prefix));
}

export const konnectNoRequireRule: Rule = {
  id: "konnect/no-require",
  defaultSeverity: "error",
  title: "schema.lua must not require() modules (Kong's own modules are tolerated unless --strict)",
  why:
    "Only schema.lua reaches Konnect: requiring the plugin's own or third-party modules fails there. The documented rule forbids any require(); Kong's own modules such as kong.db.schema.typedefs resolve in practice (Konnect's API examples use it).",
  source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    for (const call of schema.evaluation.requires) {
      const finding = findingFor(call, plugin, schema.module.file);
      const fix = call.module === TYPEDEFS_MODULE ? inlineTypedefsFix(schema.module.source) : undefined;
      report(fix ? { ...finding, fix } : finding);
    }
  },
};

function findingFor(call: RequireCall, plugin: PluginUnderTest, file: RuleReport["file"]): RuleReport {
  const base = { file, location: call.location };
  if (call.module === undefined) {
    return {
      ...base,
      message: "require() of a computed module name: only schema.lua is uploaded to Konnect, the module cannot be found there",
      hint: "inline what the module provides into schema.lua",
      severity: "error",
    };
  }
  if (call.module.startsWith("kong.plugins.")) {
    const own = call.module.startsWith(`kong.plugins.${plugin.name}.`) || call.module === `kong.plugins.${plugin.name}`;
    return {
      ...base,
      message: `require("${call.module}"): ${own ? "the plugin's own modules are" : "other plugins' modules are"} not uploaded to Konnect (only schema.lua is), so this fails there`,
      hint: "copy the values or functions you need into schema.lua",
      severity: "error",
    };
  }
  if (REMOVED_KONG_MODULES.some((prefix) => call.module?.startsWith(prefix))) {
    return {
      ...base,
      message: `require("${call.module}"): this Kong 0.x module no longer exists in Kong ≥ 1.0`,
      hint: "port the schema to the Kong ≥ 1.0 format; entity_checks replace self_check errors",
      severity: "error",
    };
  }
  if (!isKongShippedModule(call.module)) {
    return {
      ...base,
      message: `require("${call.module}"): third-party modules are not available where Konnect loads schema.lua`,
      hint: "inline what you need into schema.lua; reference third-party libraries from handler.lua only",
      severity: "error",
    };
  }
  const typedefsHint = call.module === TYPEDEFS_MODULE ? "replace typedefs.X with the inline field definition" : "inline what you use from it";
  return {
    ...base,
    message: plugin.strict
      ? `require("${call.module}"): Konnect's documented rule is that schema.lua must not contain any require() (--strict)`
      : `require("${call.module}") ships with Kong and is accepted by Konnect in practice, but the documented rule is "no require() in schema.lua"`,
    hint: `${typedefsHint} to follow the documented rule`,
    severity: plugin.strict ? "error" : "warning",
  };
}
