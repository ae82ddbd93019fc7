import { ExitCode, UsageError } from "../errors.js";
import { renderGithub } from "../render/validate-github.js";
import { renderJson } from "../render/validate-json.js";
import { renderSarif } from "../render/validate-sarif.js";
import { configRulesForSarif } from "../plugin-config/config-rules.js";
import { allRules } from "../rules/all-rules.js";
import { startValidation } from "../validate/run.js";
import { stdinPlugin } from "../validate/stdin.js";
import type { ValidationReport } from "../validate/types.js";
import type { PluginFile, PluginUnderTest, Target } from "../rules/types.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { findPlugins, sourcesOf, validateLocations } from "./local-plugins.js";
import type { ValidateFlags } from "./validate.js";

/** `kplug validate`: find, load, check, render on stdout. Returns the exit code (0 valid, 1 errors). */
export async function runValidate(ctx: CommandContext, paths: string[], flags: ValidateFlags): Promise<number> {
  if ((flags.fix || flags.fixDryRun) && paths.includes("-")) {
    throw new UsageError("--fix and --fix-dry-run need files: - (stdin) cannot be fixed in place", "pass the plugin directory instead of -");
  }
  if (flags.watch) {
    if (paths.includes("-")) throw new UsageError("--watch needs files: - (stdin) cannot be watched", "pass the plugin directory instead of -");
    const { watchValidate } = await import("./validate-watch.js");
    return watchValidate(ctx, paths, flags);
  }
  const fixing = flags.fix === true || flags.fixDryRun === true;
  let checked = await checkPlugins(ctx, paths, flags, { keepSchemas: fixing });
  if (fixing) {
    const { applyPlannedFixes } = await import("./validate-fix.js");
    const wrote = await applyPlannedFixes(ctx, checked, flags.fixDryRun === true);
    if (flags.fixDryRun) return ExitCode.ok;
    if (wrote) checked = await checkPlugins(ctx, paths, flags);
  }
  ctx.io.stdout(await renderReport(ctx, checked, flags));
  reportInternalErrors(ctx, checked.report);
  if (checked.report.internalErrorCount > 0) return ExitCode.internal;
  return checked.report.failed ? ExitCode.failure : ExitCode.ok;
}

export interface Checked {
  report: ValidationReport;
  /** display path → text, for code frames (pretty only) */
  sources: Map<string, string> | undefined;
  /** display path → schema.lua as read (kept only for --fix) */
  schemas: Map<string, PluginFile>;
}

/** Finds, loads and validates the plugins (or the schema on stdin). */
export async function checkPlugins(ctx: CommandContext, paths: string[], flags: ValidateFlags, options: { keepSchemas?: boolean } = {}): Promise<Checked> {
  const { io } = ctx;
  const loaded = await cliConfig(ctx);
  const config = loaded?.config;
  const strict = flags.strict || config?.strict === true;
  const maxWarnings = flags.maxWarnings ?? config?.maxWarnings;
  const run = startValidation({ ...(config?.rules ? { overrides: config.rules } : {}), ...(maxWarnings === undefined ? {} : { maxWarnings }) });
  const deck = flags.deck ?? (config?.deck === undefined ? [] : [config.deck].flat());
  // only the pretty renderer shows code frames; the other formats need no file texts kept
  const sources = (flags.format ?? "pretty") === "pretty" ? new Map<string, string>() : undefined;
  const schemas = new Map<string, PluginFile>();
  // --deck needs the plugins' schemas after the rules ran: keep them only then
  const kept: PluginUnderTest[] = [];
  const keep = (plugins: PluginUnderTest[]): void => {
    if (sources) for (const [path, text] of sourcesOf(plugins)) sources.set(path, text);
    if (options.keepSchemas) for (const plugin of plugins) if (plugin.schema) schemas.set(plugin.schema.file.displayPath, plugin.schema.file);
    if (deck.length > 0) kept.push(...plugins);
  };
  if (paths.includes("-")) {
    const plugins = [await readStdinPlugin(ctx, paths, flags, strict, flags.target ?? config?.target ?? "schema")];
    run.add(plugins);
    keep(plugins);
  } else {
    const locations = await findPlugins(io.cwd, paths, { strict, ...(flags.name ? { name: flags.name } : {}), ...(flags.target ? { target: flags.target } : {}) }, loaded);
    await validateLocations(io.cwd, locations, strict, run, keep);
  }
  let report = run.finish();
  if (deck.length > 0) {
    const { addDeckChecks } = await import("./validate-deck.js");
    const checked = await addDeckChecks(report, kept, { inputs: deck, cwd: flags.deck ? io.cwd : (loaded?.dir ?? io.cwd), strict, ...(config?.rules ? { overrides: config.rules } : {}), maxWarnings });
    report = checked.report;
    if (sources) for (const file of checked.files) sources.set(file.displayPath, file.text);
  }
  return { report, sources, schemas };
}

/** The report in the chosen format. The pretty renderer (and chalk) loads only when it renders: cold start. */
export async function renderReport(ctx: CommandContext, { report, sources }: Checked, flags: ValidateFlags): Promise<string> {
  const { io } = ctx;
  switch (flags.format ?? "pretty") {
    case "json":
      return renderJson(report);
    case "github":
      // --quiet: no warning annotations on the pull request either
      return renderGithub(flags.quiet ? errorsOnly(report) : report);
    case "sarif":
      return renderSarif(report, { rules: report.configs ? [...allRules, ...configRulesForSarif()] : allRules, cwd: io.cwd });
    default: {
      const { renderPretty } = await import("../render/validate-pretty.js");
      return renderPretty(report, { color: ctx.color("stdout"), sources: sources ?? new Map(), quiet: flags.quiet, cwd: io.cwd });
    }
  }
}

/** A rule that failed on a plugin: one line each on stderr, naming the file (the report above covers everything else). */
function reportInternalErrors(ctx: CommandContext, report: ValidationReport): void {
  const debug = ctx.globals().debug === true;
  for (const plugin of report.plugins) {
    for (const failure of plugin.internalErrors) {
      ctx.io.stderr(`kplug: internal error in rule ${failure.ruleId} while checking ${failure.file}: ${failure.message} (this is a bug in kplug; rerun with --debug and report it)\n`);
      if (debug && failure.stack) ctx.io.stderr(`${failure.stack}\n`);
    }
  }
}

/** The report with warnings left out of each plugin's findings (the counts stay true). */
function errorsOnly(report: ValidationReport): ValidationReport {
  return { ...report, plugins: report.plugins.map((p) => ({ ...p, findings: p.findings.filter((f) => f.severity === "error") })) };
}

/** `kplug validate - --name x`: one schema.lua from stdin. */
async function readStdinPlugin(ctx: CommandContext, paths: string[], flags: ValidateFlags, strict: boolean, target: Target): Promise<PluginUnderTest> {
  if (paths.length > 1) throw new UsageError("- (stdin) reads one schema.lua and cannot be mixed with other paths", "validate the stdin schema and the other plugins in separate runs");
  if (!flags.name) throw new UsageError("- (stdin) needs --name: there is no plugin directory to take the name from", "e.g. cat schema.lua | kplug validate - --name my-plugin");
  if (!ctx.io.readStdin) throw new UsageError("- (stdin) is not available here");
  return stdinPlugin(await ctx.io.readStdin(), { name: flags.name, target, strict });
}
