import type { LocalPlugin } from "../fleet/types.js";
import { renderPretty } from "../render/validate-pretty.js";
import type { PluginUnderTest, Target } from "../rules/types.js";
import { validatePlugins } from "../validate/run.js";
import type { ValidationReport } from "../validate/types.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { findPlugins, loadPlugins, sourcesOf } from "./local-plugins.js";

// The fleet commands' local side (reading and validating the plugins), apart from fleet-session.ts so
// that a command can start its Konnect session before loading the validator.

export interface LocalPlugins {
  plugins: LocalPlugin[];
  /** the parsed plugins, for validation before a push */
  parsed: PluginUnderTest[];
}

/** The plugins given (or the config's), read and parsed once for both pushing and validating. */
export async function loadLocalPlugins(ctx: CommandContext, paths: string[], options: { optional?: boolean } = {}): Promise<LocalPlugins> {
  const loaded = await cliConfig(ctx);
  if (options.optional && paths.length === 0 && (loaded?.config.plugins ?? []).length === 0) return { plugins: [], parsed: [] };
  const strict = loaded?.config.strict === true;
  const locations = await findPlugins(ctx.io.cwd, paths, { strict }, loaded);
  const parsed = await loadPlugins(ctx.io.cwd, locations, strict);
  const plugins = parsed.map((p): LocalPlugin => ({ name: p.name, dir: p.dir, schema: p.schema?.file.text ?? "", handler: p.handler?.file.text }));
  return { plugins, parsed };
}

/**
 * Validates the plugins as a push with `target` would send them; prints the findings on stderr when
 * there are errors (the caller decides what is refused, and says so).
 */
export async function validateForTarget(ctx: CommandContext, local: LocalPlugins, target: Target): Promise<ValidationReport> {
  const loaded = await cliConfig(ctx);
  const parsed = local.parsed.map((p) => ({ ...p, target }));
  const report = validatePlugins(parsed, loaded?.config.rules ? { overrides: loaded.config.rules } : {});
  if (report.errorCount > 0) ctx.io.stderr(renderPretty(report, { color: ctx.color("stderr"), sources: sourcesOf(parsed), quiet: true, cwd: ctx.io.cwd }));
  return report;
}
