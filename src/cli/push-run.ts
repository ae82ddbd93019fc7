import { Chalk } from "chalk";
import { sanitizeLine } from "../text/sanitize.js";
import { ExitCode } from "../errors.js";
import { executePush } from "../fleet/push.js";
import { decideMechanism } from "../fleet/mechanism.js";
import type { PushMode, PushOutcome } from "../fleet/types.js";
import { createFleetProgress } from "../render/fleet-progress.js";
import { countOutcomes, renderProgressLine, renderPushSummary } from "../render/fleet-summary.js";
import type { CommandContext } from "./context.js";
import { loadLocalPlugins, openFleetSession, pushMode, validateBeforePush } from "./fleet-session.js";
import type { KonnectFlags } from "./konnect-options.js";

export interface PushRunFlags extends KonnectFlags {
  /** undefined: the config's konnect.mode, else auto */
  mode?: PushMode;
  dryRun: boolean;
  allowBreaking: boolean;
  validate: boolean;
}

/** `kplug push`: validate, select, push with bounded concurrency, summarize. Returns the exit code. */
export async function runPush(ctx: CommandContext, paths: string[], flags: PushRunFlags): Promise<number> {
  const { io } = ctx;
  const local = await loadLocalPlugins(ctx, paths);
  if (flags.validate) {
    // offline first: no network call for a plugin that would be refused anyway
    if (!(await validateBeforePush(ctx, local, "schema"))) return ExitCode.failure;
  } else {
    io.stderr("kplug: warning: --no-validate: pushing without validation; Konnect may reject the plugin or data planes may fail to load it\n");
  }
  const session = await openFleetSession(ctx, flags);
  const mode = await pushMode(ctx, flags.mode);
  const streamed = session.targets.some((t) => {
    const decision = decideMechanism(t, mode);
    return "mechanism" in decision && decision.mechanism === "streamed";
  });
  if (flags.validate && streamed && !(await validateBeforePush(ctx, local, "streamed"))) return ExitCode.failure;

  const chalkErr = new Chalk({ level: ctx.color("stderr") ? 1 : 0 });
  const progress = await createFleetProgress(io, { total: session.targets.length, verb: flags.dryRun ? "planning" : "pushing" });
  const onAbort = (): void => progress.note("interrupted: finishing requests in flight, starting nothing new");
  io.signal.addEventListener("abort", onAbort, { once: true });
  let run;
  try {
    run = await executePush(session.api, session.targets, local.plugins, {
      mode,
      dryRun: flags.dryRun,
      allowBreaking: flags.allowBreaking,
      concurrency: session.concurrency,
      signal: io.signal,
      onStart: (t) => progress.start(t.controlPlane.name),
      onDone: (t, outcomes) => progress.done(t.controlPlane.name, renderProgressLine(t.controlPlane.name, outcomes, chalkErr)),
    });
  } finally {
    progress.stop();
    io.signal.removeEventListener("abort", onAbort);
  }

  const exitCode = run.interrupted ? ExitCode.interrupted : run.outcomes.some(isFailure) ? ExitCode.failure : ExitCode.ok;
  if (flags.json) {
    io.stdout(`${JSON.stringify({ dryRun: flags.dryRun, interrupted: run.interrupted, counts: countOutcomes(run.outcomes), outcomes: run.outcomes }, null, 2)}\n`);
  } else {
    const chalkOut = new Chalk({ level: ctx.color("stdout") ? 1 : 0 });
    io.stdout(renderPushSummary(run.outcomes, chalkOut, { interrupted: run.interrupted }));
  }
  const failures = run.outcomes.filter(isFailure);
  if (run.interrupted) io.stderr(`kplug: interrupted: ${run.outcomes.filter((o) => o.interrupted).length} push(es) not started; the summary lists what was done\n`);
  else if (failures.length > 0) io.stderr(`kplug: ${failures.length} push(es) failed or refused: ${failures.map((o) => sanitizeLine(`${o.controlPlane.name}/${o.plugin}`)).join(", ")}\n`);
  return exitCode;
}

function isFailure(outcome: PushOutcome): boolean {
  return outcome.action === "failed" || outcome.action === "refused";
}
