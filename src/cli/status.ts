import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { parseDuration } from "./duration.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

const DEFAULT_SEEN_WITHIN_MS = 5 * 60_000;

/** `--seen-within`, shared by `status` and `list --nodes` */
export function seenWithinOption(): Option {
  return new Option("--seen-within <duration>", "count data plane nodes that pinged within this time (default: 5m)").argParser(parseDuration);
}

export function seenWithinSeconds(raw: Record<string, unknown>): number {
  return Math.max(1, Math.round(((raw.seenWithin as number | undefined) ?? DEFAULT_SEEN_WITHIN_MS) / 1000));
}
const DEFAULT_INTERVAL_MS = 5_000;

export const statusCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("status")
      .description("can the data planes run each plugin? per control plane and plugin: ready, degraded, not running or no data planes")
      .argument("[plugins...]", "local plugin directories (default: the config's plugins, else every remote plugin)")
      .addOption(seenWithinOption())
      .addOption(new Option("--wait <duration>", "poll until every row is ready or the time is up, e.g. 5m").argParser(parseDuration))
      .addOption(new Option("--interval <duration>", "time between polls with --wait (default: 5s)").argParser(parseDuration)),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const { Chalk } = await import("chalk");
    const { ExitCode } = await import("../errors.js");
    const { collectStatus, allReady, statusTargets } = await import("../fleet/status.js");
    const { waitForReady } = await import("../fleet/status-wait.js");
    const { renderStatus, statusJson } = await import("../render/status.js");
    const { createWaitProgress } = await import("../render/status-progress.js");
    const { openFleetSession } = await import("./fleet-session.js");
    const { loadLocalPlugins } = await import("./fleet-local.js");
    const flags = konnectFlags(raw);
    const seenWithin = seenWithinSeconds(raw);
    const waitMs = raw.wait as number | undefined;
    const local = await loadLocalPlugins(ctx, paths, { optional: true });
    const session = await openFleetSession(ctx, flags);
    const { regionalNames } = await import("../render/control-plane-name.js");
    const { refOf } = await import("../fleet/types.js");
    const nameOf = regionalNames(session.regions);
    const targets = statusTargets(session.targets);
    for (const skipped of session.targets.filter((t) => !targets.includes(t))) {
      ctx.io.stderr(`kplug: ${nameOf(refOf(skipped))}: skipped, not a Kong Gateway control plane (${skipped.controlPlane.clusterType})\n`);
    }
    const options = { seenWithinSeconds: seenWithin, concurrency: session.concurrency, signal: ctx.io.signal };

    let result;
    if (waitMs === undefined) {
      result = { report: await collectStatus(session.api, targets, local.plugins, options), wait: undefined };
    } else {
      const progress = await createWaitProgress(ctx.io);
      try {
        const wait = await waitForReady(session.api, targets, local.plugins, {
          ...options,
          timeoutMs: waitMs,
          intervalMs: (raw.interval as number | undefined) ?? DEFAULT_INTERVAL_MS,
          onRound: (report, remaining) => progress.update(report, remaining),
          // --timeout bounds the time spent reading Konnect, not the pauses of --wait
          pause: (nap) => session.deadline.excluding(nap),
        });
        result = { report: wait.report, wait };
      } finally {
        progress.stop();
      }
    }
    const { report, wait } = result;
    if (flags.json) ctx.io.stdout(`${JSON.stringify(statusJson(report, wait), null, 2)}\n`);
    else ctx.io.stdout(renderStatus(report, new Chalk({ level: ctx.color("stdout") ? 1 : 0 }), wait, nameOf));
    const notReady = report.rows.filter((row) => row.verdict !== "ready");
    if (report.interrupted) ctx.io.stderr("kplug: interrupted: the report shows what was read\n");
    else if (wait?.timedOut) ctx.io.stderr(`kplug: timed out waiting: ${notReady.length} row(s) not ready\n`);
    else if (notReady.length > 0) {
      const named = notReady.slice(0, 10).map((row) => `${nameOf(row.controlPlane)}/${row.plugin} ${row.verdict}`);
      ctx.io.stderr(`kplug: ${notReady.length} row(s) not ready: ${named.join(", ")}${notReady.length > 10 ? `, and ${notReady.length - 10} more` : ""}\n`);
    }
    ctx.exitCode = report.interrupted ? ExitCode.interrupted : allReady(report) ? ExitCode.ok : ExitCode.failure;
  });
