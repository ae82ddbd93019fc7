import { ExitCode, UsageError } from "../errors.js";
import { renderGithub } from "../render/validate-github.js";
import { renderJson } from "../render/validate-json.js";
import { renderPretty } from "../render/validate-pretty.js";
import { renderSarif } from "../render/validate-sarif.js";
import { allRules } from "../rules/all-rules.js";
import { startValidation } from "../validate/run.js";
import { stdinPlugin } from "../validate/stdin.js";
import type { ValidationReport } from "../validate/types.js";
import type { PluginUnderTest, Target } from "../rules/types.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { findPlugins, sourcesOf, validateLocations } from "./local-plugins.js";
import type { ValidateFlags } from "./validate.js";

/** `kplug validate`: find, load, check, render on stdout. Returns the exit code (0 valid, 1 errors). */
export async function runValidate(ctx: CommandContext, paths: string[], flags: ValidateFlags): Promise<number> {
  const { io } = ctx;
  const loaded = await cliConfig(ctx);
  const config = loaded?.config;
  const strict = flags.strict || config?.strict === true;
  const maxWarnings = flags.maxWarnings ?? config?.maxWarnings;
  const run = startValidation({ ...(config?.rules ? { overrides: config.rules } : {}), ...(maxWarnings === undefined ? {} : { maxWarnings }) });
  // only the pretty renderer shows code frames; the other formats need no file texts kept
  const sources = (flags.format ?? "pretty") === "pretty" ? new Map<string, string>() : undefined;
  if (paths.includes("-")) {
    const plugins = [await readStdinPlugin(ctx, paths, flags, strict, flags.target ?? config?.target ?? "schema")];
    run.add(plugins);
    if (sources) for (const [path, text] of sourcesOf(plugins)) sources.set(path, text);
  } else {
    const locations = await findPlugins(io.cwd, paths, { strict, ...(flags.name ? { name: flags.name } : {}), ...(flags.target ? { target: flags.target } : {}) }, loaded);
    await validateLocations(io.cwd, locations, strict, run, sources);
  }
  const report = run.finish();

  switch (flags.format ?? "pretty") {
    case "json":
      io.stdout(renderJson(report));
      break;
    case "github":
      // --quiet: no warning annotations on the pull request either
      io.stdout(renderGithub(flags.quiet ? errorsOnly(report) : report));
      break;
    case "sarif":
      io.stdout(renderSarif(report, { rules: allRules, cwd: io.cwd }));
      break;
    default:
      io.stdout(renderPretty(report, { color: ctx.color("stdout"), sources: sources ?? new Map(), quiet: flags.quiet, cwd: io.cwd }));
  }
  reportInternalErrors(ctx, report);
  if (report.internalErrorCount > 0) return ExitCode.internal;
  return report.failed ? ExitCode.failure : ExitCode.ok;
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
