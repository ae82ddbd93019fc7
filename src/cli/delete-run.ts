import { Chalk } from "chalk";
import { ExitCode, UsageError } from "../errors.js";
import { executeDelete, planDelete } from "../fleet/delete.js";
import type { DeleteOutcome, DeletePlan } from "../fleet/delete.js";
import type { FleetSelection } from "../konnect/select.js";
import { selectionJson } from "../render/fleet-selection.js";
import { groupBy, withoutControlPlane } from "../render/fleet-groups.js";
import { regionalNames, type NameOf } from "../render/control-plane-name.js";
import { renderTable } from "../render/fleet-table.js";
import { countedNames, nameList } from "../render/name-list.js";
import { sanitizeLine } from "../text/sanitize.js";
import type { CommandContext } from "./context.js";
import { openFleetSession } from "./fleet-session.js";
import { printJson } from "./json-output.js";
import type { KonnectFlags } from "./konnect-options.js";

export interface DeleteFlags extends KonnectFlags {
  force: boolean;
  yes: boolean;
}

/**
 * Konnect's order for deleting a custom plugin: instances first, then the schema, then the files on
 * data planes. So: find where it is and what uses it everywhere, refuse before deleting anything if
 * instances exist (unless --force), confirm, then delete.
 */
export async function runDelete(ctx: CommandContext, name: string, flags: DeleteFlags): Promise<number> {
  const { io } = ctx;
  const interactive = io.stdinIsTTY && io.prompt !== undefined;
  // checked before any request, so CI fails fast and nothing is half-done
  if (!flags.yes && !interactive) {
    throw new UsageError(`refusing to delete ${name} without confirmation: no TTY to ask on`, "pass --yes to confirm");
  }
  const session = await openFleetSession(ctx, flags);
  const nameOf = regionalNames(session.regions);
  const plans = await planDelete(session.api, session.targets, name, { concurrency: session.concurrency, signal: io.signal });
  if (io.signal.aborted) {
    io.stderr("kplug: interrupted before deleting anything\n");
    return ExitCode.interrupted;
  }
  const chalk = new Chalk({ level: ctx.color("stderr") ? 1 : 0 });
  io.stderr(renderPlan(plans, flags.verbose, nameOf));

  const unreadable = plans.filter((p) => p.error);
  const present = plans.filter((p) => p.found.length > 0);
  const inUse = present.filter((p) => p.instances.length > 0);
  if (unreadable.length > 0) {
    return finish(ctx, flags, session.selection, nameOf, plans.map((p) => outcomeOfPlan(p, p.error ? "failed" : "skipped", p.error ? undefined : "not attempted: another control plane could not be read")), ExitCode.failure,
      `could not read ${countedNames(unreadable.map((p) => nameOf(p.controlPlane)))}; nothing deleted`);
  }
  if (present.length === 0) {
    return finish(ctx, flags, session.selection, nameOf, plans.map((p) => outcomeOfPlan(p, p.skipped ? "skipped" : "absent", p.skipped)), ExitCode.ok, `${name} is not on any selected control plane; nothing to delete`);
  }
  if (inUse.length > 0 && !flags.force) {
    const instances = inUse.reduce((n, p) => n + p.instances.length, 0);
    // a few names and counts: the plan above (or --verbose, or --json) lists every instance
    const list = inUse.length <= 3
      ? inUse.map((p) => `${nameOf(p.controlPlane)} (${p.instances.length}: ${p.instances.slice(0, 5).map((i) => i.id).join(", ")}${p.instances.length > 5 ? ", ..." : ""})`).join("; ")
      : `${instances} instance(s) on ${countedNames(inUse.map((p) => nameOf(p.controlPlane)))}`;
    return finish(ctx, flags, session.selection, nameOf, plans.map((p) => outcomeOfPlan(p, p.instances.length > 0 ? "refused" : "skipped", p.instances.length > 0 ? "plugin instances use it" : "not attempted: refused elsewhere")), ExitCode.failure,
      `refusing to delete ${name}: plugin instances still use it on ${list}. Remove those instances first (Konnect's order), or pass --force`);
  }
  if (!flags.yes) {
    const instances = inUse.reduce((n, p) => n + p.instances.length, 0);
    const alsoInstances = instances > 0 ? ` and ${instances} plugin instance(s) that use it` : "";
    const question = `${chalk.bold(`Delete ${name}`)}${alsoInstances} from ${countedNames(present.map((p) => nameOf(p.controlPlane)))}? [y/N] `;
    // the user's time to answer does not count against --timeout
    const answer = await session.deadline.excluding(() => io.prompt!(question));
    if (!/^y(es)?$/i.test(answer.trim())) {
      return finish(ctx, flags, session.selection, nameOf, plans.map((p) => outcomeOfPlan(p, "skipped", "not confirmed")), ExitCode.failure, "not confirmed; nothing deleted");
    }
  }
  const outcomes = await executeDelete(session.api, plans, {
    force: flags.force,
    concurrency: session.concurrency,
    signal: io.signal,
    onDone: (o) => {
      if (!flags.verbose) return;
      if (o.action === "deleted" || o.action === "failed") io.stderr(`${o.action === "deleted" ? "✓" : "✗"} ${sanitizeLine(`${nameOf(o.controlPlane)}: ${o.action}${o.error ? ` (${o.error.message})` : ""}`)}\n`);
    },
  });
  const failed = outcomes.filter((o) => o.action === "failed");
  const code = io.signal.aborted ? ExitCode.interrupted : failed.length > 0 ? ExitCode.failure : ExitCode.ok;
  const message = failed.length > 0 ? `${failed.length} delete(s) failed on ${countedNames(failed.map((o) => nameOf(o.controlPlane)))}` : undefined;
  if (present.some((p) => p.found.includes("schema")) && failed.length === 0) {
    io.stderr("next: remove the plugin's files from the data planes of those control planes (Konnect's last step)\n");
  }
  return finish(ctx, flags, session.selection, nameOf, outcomes, code, message);
}

function outcomeOfPlan(plan: DeletePlan, action: DeleteOutcome["action"], reason?: string): DeleteOutcome {
  return {
    controlPlane: plan.controlPlane,
    plugin: plan.plugin,
    action,
    mechanisms: plan.found,
    instances: plan.instances.length,
    ...(reason ? { reason } : {}),
    ...(plan.error ? { error: plan.error } : {}),
  };
}

/** Where the plugin was found and what uses it: one row per control plane with --verbose, else per group. */
function renderPlan(plans: DeletePlan[], verbose: boolean, nameOf: NameOf): string {
  const cells = (p: DeletePlan): string[] => [
    p.error ? "?" : p.skipped ? "-" : p.found.length > 0 ? p.found.join("+") : "absent",
    p.error ? "?" : verbose ? String(p.instances.length) : p.instances.length > 0 ? "yes" : "no",
    p.error ? `error: ${verbose ? p.error.message : withoutControlPlane(p.error.message, p.controlPlane)}` : (p.skipped ?? ""),
  ];
  if (verbose) return renderTable(["CONTROL PLANE", "FOUND", "INSTANCES", "NOTE"], plans.map((p) => [nameOf(p.controlPlane), ...cells(p)]));
  const groups = groupBy(plans, (p) => cells(p).join("\u0000"));
  return renderTable(["FOUND", "INSTANCES", "COUNT", "CONTROL PLANES", "NOTE"], groups.map(({ items }) => {
    const [found, instances, note] = cells(items[0] as DeletePlan);
    return [found ?? "", instances ?? "", String(items.length), nameList(items.map((p) => nameOf(p.controlPlane))), note ?? ""];
  }));
}

/** Prints the outcomes (and, when it did not succeed, why) and returns the exit code. */
function finish(ctx: CommandContext, flags: DeleteFlags, selected: FleetSelection, nameOf: NameOf, outcomes: DeleteOutcome[], code: number, message?: string): number {
  const error = code === ExitCode.ok || !message ? undefined : { code: code === ExitCode.interrupted ? "interrupted" : "delete-failed", message };
  if (flags.json) printJson(ctx.io, { selection: selectionJson(selected), outcomes, ...(error ? { error } : {}) });
  else ctx.io.stdout(renderOutcomes(outcomes, flags.verbose, nameOf));
  if (message) ctx.io.stderr(`kplug: ${sanitizeLine(message)}\n`);
  return code;
}

function renderOutcomes(outcomes: DeleteOutcome[], verbose: boolean, nameOf: NameOf): string {
  const result = (o: DeleteOutcome): string => {
    const text = `${o.action}${o.reason ? `: ${o.reason}` : ""}${o.error ? `: ${o.error.message}` : ""}`;
    return verbose ? text : withoutControlPlane(text, o.controlPlane);
  };
  if (verbose) return renderTable(["CONTROL PLANE", "PLUGIN", "RESULT"], outcomes.map((o) => [nameOf(o.controlPlane), o.plugin, result(o)]));
  const groups = groupBy(outcomes, (o) => `${o.plugin}\u0000${result(o)}`);
  return renderTable(["PLUGIN", "COUNT", "CONTROL PLANES", "RESULT"], groups.map(({ items }) => {
    const first = items[0] as DeleteOutcome;
    return [first.plugin, String(items.length), nameList(items.map((o) => nameOf(o.controlPlane))), result(first)];
  }));
}
