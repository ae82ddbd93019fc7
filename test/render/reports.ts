import type { Finding, Rule } from "../../src/rules/types.js";
import type { PluginReport, ValidationReport } from "../../src/validate/types.js";

/** Hand-built reports for the renderer tests: the renderers see only this shape. */

export const schemaText = [
  'local typedefs = require "kong.db.schema.typedefs"',
  "",
  'return { name = "wrong-name",',
  "  fields = {",
  "\t{ config = { type = \"record\", fields = {} } },",
  "  },",
  "}",
].join("\n");

// a line with wide characters (CJK, emoji) before the span
export const unicodeText = ['local greeting = "héllo 世界 🚀"', 'local x = "%d: a, b"  -- todo'].join("\n");

export function finding(partial: Partial<Finding> & Pick<Finding, "ruleId" | "message" | "file">): Finding {
  return { severity: "error", docs: `https://example.test/rules/${partial.ruleId}`, ...partial };
}

export function plugin(name: string, findings: Finding[]): PluginReport {
  return {
    name,
    dir: `plugins/${name}`,
    target: "schema",
    findings,
    errorCount: findings.filter((f) => f.severity === "error").length,
    warningCount: findings.filter((f) => f.severity === "warning").length,
    internalErrors: [],
  };
}

export function report(plugins: PluginReport[], extra: Partial<ValidationReport> = {}): ValidationReport {
  const errorCount = plugins.reduce((n, p) => n + p.errorCount, 0);
  const warningCount = plugins.reduce((n, p) => n + p.warningCount, 0);
  return { plugins, errorCount, warningCount, internalErrorCount: 0, failed: errorCount > 0, ...extra };
}

export const headerEcho = plugin("header-echo", [
  finding({
    ruleId: "konnect/schema-name",
    message: 'schema name "wrong-name" does not match the plugin name "header-echo"',
    hint: 'set name = "header-echo"',
    file: "plugins/header-echo/schema.lua",
    location: { line: 3, column: 17, endLine: 3, endColumn: 29 },
  }),
  finding({
    ruleId: "konnect/no-require",
    severity: "warning",
    message: "schema.lua requires a Kong module",
    file: "plugins/header-echo/schema.lua",
    location: { line: 1, column: 18, endLine: 1, endColumn: 51 },
  }),
  finding({
    ruleId: "schema/attribute-value",
    severity: "warning",
    message: "type after a tab",
    file: "plugins/header-echo/schema.lua",
    location: { line: 5, column: 15, endLine: 5, endColumn: 19 },
  }),
  finding({ ruleId: "konnect/no-extra-files", message: "api.lua cannot be uploaded to Konnect", hint: "remove api.lua", file: "plugins/header-echo" }),
]);

export const ipGate = plugin("ip-gate", [
  finding({
    ruleId: "schema/attribute-value",
    message: "bad value: 100%\nsee line 2, col 3",
    hint: "use a: b, c",
    file: "plugins/ip-gate/schema.lua",
    location: { line: 2, column: 11, endLine: 2, endColumn: 20 },
  }),
  finding({
    ruleId: "schema/attribute-value",
    severity: "warning",
    message: "emoji 🚀 in a default",
    file: "plugins/ip-gate/schema.lua",
    location: { line: 1, column: 28, endLine: 1, endColumn: 30 },
  }),
]);

export const quotaLite = plugin("quota-lite", []);

export const sources = new Map([
  ["plugins/header-echo/schema.lua", schemaText],
  ["plugins/ip-gate/schema.lua", unicodeText],
]);

export const rules: Rule[] = [
  { id: "konnect/schema-name", defaultSeverity: "error", title: "the schema declares the plugin's name", why: "Konnect derives the name from the schema.", source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/", check: () => {} },
  { id: "konnect/no-require", defaultSeverity: "error", title: "no require in schema.lua", why: "Only the schema is uploaded.", source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/", check: () => {} },
  { id: "schema/attribute-value", defaultSeverity: "error", title: "attribute values have the right type", why: "Kong rejects the schema at load time.", source: "kong/db/schema/metaschema.lua", check: () => {} },
];
