import { UsageError } from "../errors.js";
import { readDeckFile, resolveDeckInputs } from "../deck/read.js";
import type { DeckFile } from "../deck/read.js";
import { checkDeckFiles } from "../plugin-config/check-deck.js";
import type { PluginUnderTest } from "../rules/types.js";
import type { SeverityOverride, ValidationReport } from "../validate/types.js";
import { withConfigFindings } from "../validate/with-configs.js";

export interface DeckCheckInput {
  /** --deck values (relative to cwd) or the config's `deck` (relative to the config file) */
  inputs: string[];
  cwd: string;
  strict: boolean;
  overrides?: Record<string, SeverityOverride>;
  maxWarnings?: number | undefined;
}

/** `validate --deck`: read the decK files, check the instances of the local plugins, merge into the report. */
export async function addDeckChecks(report: ValidationReport, plugins: readonly PluginUnderTest[], input: DeckCheckInput): Promise<{ report: ValidationReport; files: DeckFile[] }> {
  if (plugins.length === 0) throw new UsageError("--deck checks the configurations of local plugins, but no plugin was given", "pass the plugin directories too, e.g. kplug validate kong/plugins --deck kong.yaml");
  const files: DeckFile[] = [];
  for (const path of await resolveDeckInputs(input.inputs, input.cwd)) files.push(await readDeckFile(path, input.cwd));
  const result = await checkDeckFiles(plugins, files, {
    strict: input.strict,
    refusedSchemas: refusedSchemas(report),
    createRunner: async (text) => (await import("../plugin-config/sandbox.js")).createLuaSandbox(text),
  });
  return { report: withConfigFindings(report, result, { ...(input.overrides ? { overrides: input.overrides } : {}), maxWarnings: input.maxWarnings, plugins }), files };
}

/**
 * Plugins with an error from the rules that model Kong's schema loader (schema/*, lua/syntax): Kong
 * would not load the schema, so no instance of it can exist, and checking thousands of instances
 * against a broken schema only repeats its errors.
 */
function refusedSchemas(report: ValidationReport): Map<string, string> {
  const refused = new Map<string, string>();
  for (const plugin of report.plugins) {
    const loaderError = plugin.findings.find((f) => f.severity === "error" && (f.ruleId.startsWith("schema/") || f.ruleId === "lua/syntax"));
    if (loaderError) refused.set(plugin.name, loaderError.ruleId);
  }
  return refused;
}
