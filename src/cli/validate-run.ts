import { ExitCode } from "../errors.js";
import { renderGithub } from "../render/validate-github.js";
import { renderJson } from "../render/validate-json.js";
import { renderPretty } from "../render/validate-pretty.js";
import { renderSarif } from "../render/validate-sarif.js";
import { allRules } from "../rules/all-rules.js";
import { validatePlugins } from "../validate/run.js";
import type { ValidationReport } from "../validate/types.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { findPlugins, loadPlugins, sourcesOf } from "./local-plugins.js";
import type { ValidateFlags } from "./validate.js";

/** `kplug validate`: find, load, check, render on stdout. Returns the exit code (0 valid, 1 errors). */
export async function runValidate(ctx: CommandContext, paths: string[], flags: ValidateFlags): Promise<number> {
  const { io } = ctx;
  const loaded = await cliConfig(ctx);
  const config = loaded?.config;
  const strict = flags.strict || config?.strict === true;
  const locations = await findPlugins(io.cwd, paths, { strict, ...(flags.name ? { name: flags.name } : {}), ...(flags.target ? { target: flags.target } : {}) }, loaded);
  const plugins = await loadPlugins(io.cwd, locations, strict);
  const maxWarnings = flags.maxWarnings ?? config?.maxWarnings;
  const report = validatePlugins(plugins, { ...(config?.rules ? { overrides: config.rules } : {}), ...(maxWarnings === undefined ? {} : { maxWarnings }) });

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
      io.stdout(renderPretty(report, { color: ctx.color("stdout"), sources: sourcesOf(plugins), quiet: flags.quiet, cwd: io.cwd }));
  }
  return report.failed ? ExitCode.failure : ExitCode.ok;
}

/** The report with warnings left out of each plugin's findings (the counts stay true). */
function errorsOnly(report: ValidationReport): ValidationReport {
  return { ...report, plugins: report.plugins.map((p) => ({ ...p, findings: p.findings.filter((f) => f.severity === "error") })) };
}
