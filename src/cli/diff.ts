import { Command, Option } from "commander";
import { sanitizeLine } from "../text/sanitize.js";
import type { FleetSelection } from "../konnect/select.js";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

export const diffCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("diff")
      .description("unified diff of local plugins vs each selected control plane, with the breaking-change classification (exit 0 identical, 1 different, 2 errors)")
      .argument("[plugins...]", "plugin directories (default: the config's plugins)")
      .addOption(new Option("--mode <mode>", "which endpoint to compare with, as push would choose (default: auto, or the config's)").choices(["auto", "schema", "streamed"])),
    { verbose: true },
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const { Chalk } = await import("chalk");
    const { ExitCode, KplugError } = await import("../errors.js");
    const { compareFleet } = await import("../fleet/compare.js");
    const { renderDiffResults } = await import("../render/fleet-diffs.js");
    const { openFleetSession, pushMode } = await import("./fleet-session.js");
    const { loadLocalPlugins } = await import("./fleet-local.js");
    const { selectionJson } = await import("../render/fleet-selection.js");
    const { countedNames } = await import("../render/name-list.js");
    const { printJson } = await import("./json-output.js");
    const flags = konnectFlags(raw);
    const { plainName, regionalNames } = await import("../render/control-plane-name.js");
    let selection: FleetSelection | undefined;
    let nameOf = plainName;
    const compared = await (async () => {
      const local = await loadLocalPlugins(ctx, paths);
      const session = await openFleetSession(ctx, flags);
      selection = session.selection;
      nameOf = regionalNames(session.regions);
      return compareFleet(session.api, session.targets, local.plugins, {
        mode: await pushMode(ctx, raw.mode as "auto" | "schema" | "streamed" | undefined),
        concurrency: session.concurrency,
        signal: ctx.io.signal,
      });
    })().catch((error: unknown) => {
      // exit 1 means "differs" here, so a Konnect failure (401, unreachable...) must not exit 1
      if (error instanceof KplugError && error.exitCode === ExitCode.failure) {
        throw new KplugError(error.message, { code: error.code, exitCode: ExitCode.usage, cause: error, ...(error.hint ? { hint: error.hint } : {}) });
      }
      throw error;
    });
    const { results, interrupted } = compared;
    const errors = results.filter((r) => r.status === "error");
    if (flags.json) {
      // "differs" is the answer, not an error; a control plane that could not be compared is one
      const error = interrupted
        ? { code: "interrupted", message: "interrupted: not every control plane was compared" }
        : errors.length > 0
          ? { code: "diff-failed", message: `${errors.length} comparison(s) failed` }
          : undefined;
      printJson(ctx.io, { interrupted, ...(selection ? { selection: selectionJson(selection) } : {}), results, ...(error ? { error } : {}) });
    } else ctx.io.stdout(renderDiffResults(results, new Chalk({ level: ctx.color("stdout") ? 1 : 0 }), { verbose: flags.verbose, nameOf }));
    if (flags.verbose) for (const r of errors) ctx.io.stderr(`kplug: ${sanitizeLine(`${nameOf(r.controlPlane)} / ${r.plugin}: ${r.error?.message ?? ""}`)}\n`);
    // at most a few names however many failed: the errors themselves are in the output above
    else if (errors.length > 0) ctx.io.stderr(`kplug: ${errors.length} comparison(s) failed on ${countedNames([...new Set(errors.map((r) => nameOf(r.controlPlane)))])}\n`);
    // like `git diff --exit-code`: 1 means "differs", so a failure to compare must be another code
    ctx.exitCode = interrupted
      ? ExitCode.interrupted
      : errors.length > 0
        ? ExitCode.usage
        : results.some((r) => r.status === "different" || r.status === "missing")
          ? ExitCode.failure
          : ExitCode.ok;
  });
