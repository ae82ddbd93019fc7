import { Command } from "commander";
import { sanitizeLine } from "../text/sanitize.js";
import type { FleetTarget } from "../fleet/types.js";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";
import { seenWithinOption, seenWithinSeconds } from "./status.js";

export const listCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("list")
      .description("matrix of plugins × control planes: present, mechanism, content hash, differs from local")
      .argument("[plugins...]", "local plugin directories to compare (default: the config's plugins, else every remote plugin)")
      .option("--nodes", "add a NODES column: data plane nodes ready / degraded per control plane (one more request per control plane)")
      .addOption(seenWithinOption()),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    if (raw.seenWithin !== undefined && raw.nodes !== true) {
      const { UsageError } = await import("../errors.js");
      throw new UsageError("--seen-within counts data plane nodes, which list reads only with --nodes", "add --nodes, or drop --seen-within");
    }
    const flags = konnectFlags(raw);
    // The listing goes out first: loading the rest and reading the local plugins overlap its round trip.
    // Its pages' targets wait here until the reads exist.
    const { startFleetSession } = await import("./fleet-session.js");
    const waiting: FleetTarget[][] = [];
    let addTargets = (targets: FleetTarget[]): void => void waiting.push(targets);
    const early = startFleetSession(ctx, flags, { onTargets: (targets) => addTargets(targets) });
    await early.sent;
    const { Chalk } = await import("chalk");
    const { ExitCode } = await import("../errors.js");
    const { startMatrixReads } = await import("../fleet/inventory.js");
    const { startMatrixWithNodesReads } = await import("../fleet/list-nodes.js");
    const { createFleetProgress } = await import("../render/fleet-progress.js");
    const { matrixJson, renderMatrix } = await import("../render/fleet-matrix.js");
    const { loadLocalPlugins } = await import("./fleet-local.js");
    const { selectionJson } = await import("../render/fleet-selection.js");
    const { printJson } = await import("./json-output.js");
    const { regionalNames } = await import("../render/control-plane-name.js");
    const { refOf } = await import("../fleet/types.js");
    let local;
    let fleet;
    try {
      local = await loadLocalPlugins(ctx, paths, { optional: true });
      fleet = await early.connected();
    } catch (error) {
      early.abandon();
      throw error;
    }
    const nameOf = regionalNames(fleet.regions);
    // the total is known once the listing ends; reads start with its first page
    let total: number | undefined;
    const progress = await createFleetProgress(ctx.io, { total: () => total, verb: "reading", quiet: !ctx.io.stderrIsTTY });
    // a listing that fails half-way (a page repeating) stops the reads its first pages started
    const listingFailed = new AbortController();
    const readOptions = {
      concurrency: fleet.concurrency,
      signal: AbortSignal.any([ctx.io.signal, listingFailed.signal]),
      onDone: (t: FleetTarget, error: { message: string } | undefined) =>
        progress.done(nameOf(refOf(t)), error ? `✗ ${sanitizeLine(`${nameOf(refOf(t))}: ${error.message}`)}\n` : ""),
    };
    const reads = raw.nodes === true ? startMatrixWithNodesReads(fleet.api, local.plugins, { ...readOptions, seenWithinSeconds: seenWithinSeconds(raw) }) : startMatrixReads(fleet.api, local.plugins, readOptions);
    let session;
    let matrix;
    try {
      addTargets = (targets) => reads.add(targets);
      for (const targets of waiting.splice(0)) reads.add(targets);
      session = await early.open().catch((error: unknown) => {
        listingFailed.abort();
        throw error;
      });
      total = session.targets.length;
      matrix = await reads.finish(session.targets);
    } finally {
      progress.stop();
    }
    const unreadable = matrix.columns.filter((c) => c.error);
    if (flags.json) {
      const error = matrix.interrupted
        ? { code: "interrupted", message: "interrupted: not every control plane was read" }
        : unreadable.length > 0
          ? { code: "list-failed", message: `${unreadable.length} control plane(s) could not be read` }
          : undefined;
      printJson(ctx.io, { selection: selectionJson(session.selection), ...(matrixJson(matrix) as object), ...(error ? { error } : {}) });
    } else ctx.io.stdout(renderMatrix(matrix, new Chalk({ level: ctx.color("stdout") ? 1 : 0 }), nameOf));
    for (const column of unreadable) ctx.io.stderr(`kplug: ${sanitizeLine(`${nameOf(column.controlPlane)}: ${column.error?.message ?? ""}`)}\n`);
    ctx.exitCode = matrix.interrupted ? ExitCode.interrupted : unreadable.length > 0 ? ExitCode.failure : ExitCode.ok;
  });
