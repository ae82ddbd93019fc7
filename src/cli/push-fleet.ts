import { Chalk } from "chalk";
import { sanitizeLine } from "../text/sanitize.js";
import { ExitCode } from "../errors.js";
import { executePush } from "../fleet/push.js";
import { issuesAfterPush, PushPreflight } from "../fleet/push-preflight.js";
import { decideMechanism } from "../fleet/mechanism.js";
import { refOf, type FleetTarget, type Mechanism, type PushMode, type PushOutcome } from "../fleet/types.js";
import { createFleetProgress } from "../render/fleet-progress.js";
import { renderIssuesHint, renderPreflight } from "../render/push-preflight.js";
import { regionalNames, type NameOf } from "../render/control-plane-name.js";
import { renderSelection, selectionJson } from "../render/fleet-selection.js";
import { countOutcomes, renderProgressLine, renderPushSummary } from "../render/fleet-summary.js";
import { countedNames } from "../render/name-list.js";
import { outputWidth } from "../render/terminal.js";
import { toJsonReport } from "../render/validate-json.js";
import type { ValidationReport } from "../validate/types.js";
import type { CommandContext } from "./context.js";
import { validateForTarget, type LocalPlugins } from "./fleet-local.js";
import { pushMode, type FleetSession } from "./fleet-session.js";
import { printJson, type JsonError } from "./json-output.js";
import type { PushRunFlags } from "./push-run.js";

// `kplug push` once the plugins have passed validation and the control plane listing is under way:
// loaded then (push-run.ts), so that loading it overlaps the listing's round trip.

/** nodes that pinged within this window count for the data plane preflight (as `kplug status` by default) */
const PREFLIGHT_SEEN_WITHIN_SECONDS = 300;

/** Pushes to the selected control planes and reports. Returns the exit code. */
export async function pushToFleet(ctx: CommandContext, local: LocalPlugins, validation: ValidationReport[], flags: PushRunFlags, session: FleetSession): Promise<number> {
  const { io } = ctx;
  const nameOf = regionalNames(session.regions);
  if (flags.dryRun && !flags.json) io.stderr(renderSelection(session.selection, flags.verbose ? Number.POSITIVE_INFINITY : undefined, nameOf, session.regions));
  const mode = await pushMode(ctx, flags.mode);
  const refusals = flags.validate ? await streamedRefusals(ctx, local, session.targets, mode, validation, nameOf) : new Map<string, string>();

  // one nodes page per control plane written to, read by a pass beside the pushes (see PushPreflight)
  const preflight = new PushPreflight(session.api, session.targets, mode, { seenWithinSeconds: PREFLIGHT_SEEN_WITHIN_SECONDS });

  const chalkErr = new Chalk({ level: ctx.color("stderr") ? 1 : 0 });
  const progress = await createFleetProgress(io, { total: session.targets.length, verb: flags.dryRun ? "planning" : "pushing", perControlPlane: flags.verbose });
  // The preflight's warnings and reminders come before every control plane's progress line, as one
  // block (control planes with the same line share it): lines of control planes finished before the
  // last nodes read are held until then (the reads run ahead of the pushes: about halfway through).
  // Only --verbose prints such lines; counts move on regardless.
  let held: string[] | undefined = [];
  const showPreflight = (): void => {
    if (!held) return;
    progress.print(renderPreflight(preflight.entries(), local.plugins, { verbose: flags.verbose, nameOf }) + held.join(""));
    held = undefined;
  };
  const onDone = (target: FleetTarget, outcomes: PushOutcome[]): void => {
    const name = nameOf(refOf(target));
    const line = renderProgressLine(name, outcomes, chalkErr);
    if (held && preflight.complete) showPreflight();
    if (!held) return progress.done(name, line);
    if (flags.verbose) held.push(line);
    progress.done(name, "");
  };
  const onAbort = (): void => progress.note("interrupted: finishing requests in flight, starting nothing new");
  io.signal.addEventListener("abort", onAbort, { once: true });
  // The reads start once the pushes' first requests are out (setImmediate runs after the microtasks that
  // send them): they only feed warnings, while each push's read-then-write is what the run waits for.
  const reading = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => preflight.run({ concurrency: session.concurrency, signal: io.signal }))
    .then(showPreflight);
  let run;
  try {
    run = await executePush(session.api, session.targets, local.plugins, {
      mode,
      dryRun: flags.dryRun,
      allowBreaking: flags.allowBreaking,
      concurrency: session.concurrency,
      signal: io.signal,
      refuse: (plugin, mechanism) => (mechanism === "streamed" ? refusals.get(plugin) : undefined),
      onStart: (t) => progress.start(nameOf(refOf(t))),
      onDone,
    });
  } finally {
    // an interruption may leave control planes unread: what was read is shown all the same
    await reading;
    progress.stop();
    io.signal.removeEventListener("abort", onAbort);
  }

  const failures = run.outcomes.filter(isFailure);
  const exitCode = run.interrupted ? ExitCode.interrupted : failures.length > 0 ? ExitCode.failure : ExitCode.ok;
  const message = run.interrupted
    ? `interrupted: ${run.outcomes.filter((o) => o.interrupted).length} push(es) not started; the summary lists what was done`
    : failures.length > 0
      ? failureLine(failures, nameOf)
      : undefined;
  if (flags.json) {
    const error: JsonError | undefined = message ? { code: run.interrupted ? "interrupted" : "push-failed", message } : undefined;
    printJson(io, {
      dryRun: flags.dryRun,
      interrupted: run.interrupted,
      selection: selectionJson(session.selection),
      counts: countOutcomes(run.outcomes),
      outcomes: run.outcomes,
      ...(validation.some((r) => r.errorCount > 0) ? { validation: validation.map(toJsonReport) } : {}),
      ...(error ? { error } : {}),
    });
  } else {
    const chalkOut = new Chalk({ level: ctx.color("stdout") ? 1 : 0 });
    const width = outputWidth(io);
    io.stdout(renderPushSummary(run.outcomes, chalkOut, { interrupted: run.interrupted, verbose: flags.verbose, nameOf, ...(width ? { width } : {}) }));
  }
  if (message) io.stderr(`kplug: ${sanitizeLine(message)}\n`);
  io.stderr(renderIssuesHint(issuesAfterPush(preflight.entries(), run.outcomes), nameOf));
  return exitCode;
}

/**
 * Streamed pushes need the streamed checks (handler.lua rules); only the plugins failing them, and
 * only on the control planes that stream, are refused: plugin name → reason.
 */
async function streamedRefusals(ctx: CommandContext, local: LocalPlugins, targets: FleetTarget[], mode: PushMode, validation: ValidationReport[], nameOf: NameOf): Promise<Map<string, string>> {
  const streaming = targets.filter((t) => mechanismOf(t, mode) === "streamed");
  const refusals = new Map<string, string>();
  if (streaming.length === 0) return refusals;
  const report = await validateForTarget(ctx, local, "streamed");
  validation.push(report);
  for (const plugin of report.plugins.filter((p) => p.errorCount > 0)) {
    const rules = [...new Set(plugin.findings.filter((f) => f.severity === "error").map((f) => f.ruleId))].join(", ");
    refusals.set(plugin.name, `fails the streamed checks that ${kindsOf(streaming)} need (${rules}); kplug validate --target streamed shows why`);
  }
  if (refusals.size > 0) {
    const names = streaming.map((t) => nameOf(refOf(t)));
    ctx.io.stderr(`kplug: ${sanitizeLine(`refusing ${[...refusals.keys()].join(", ")} on the ${countedNames(names)} (they take streamed plugins); the other control planes proceed`)}\n`);
  }
  return refusals;
}

function mechanismOf(target: FleetTarget, mode: PushMode): Mechanism | undefined {
  const decision = decideMechanism(target, mode);
  return "mechanism" in decision ? decision.mechanism : undefined;
}

function kindsOf(targets: FleetTarget[]): string {
  const dcg = targets.every((t) => t.kind === "dedicated-cloud-gateway");
  return dcg ? "Dedicated Cloud Gateways" : "streamed pushes";
}

/** At most a few names and a count, however many control planes failed. */
function failureLine(failures: PushOutcome[], nameOf: NameOf): string {
  const names = [...new Set(failures.map((o) => nameOf(o.controlPlane)))];
  const plugins = [...new Set(failures.map((o) => o.plugin))].join(", ");
  const refusedOnly = failures.every((o) => o.action === "refused");
  const what = refusedOnly ? "refused" : failures.some((o) => o.action === "refused") ? "failed or refused" : "failed";
  return `${failures.length} push(es) ${what} (${plugins}) on ${countedNames(names)}`;
}

function isFailure(outcome: PushOutcome): boolean {
  return outcome.action === "failed" || outcome.action === "refused";
}
