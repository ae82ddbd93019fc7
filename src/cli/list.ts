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
    const { Chalk } = await import("chalk");
    const { ExitCode } = await import("../errors.js");
    const { buildMatrix } = await import("../fleet/inventory.js");
    const { buildMatrixWithNodes } = await import("../fleet/list-nodes.js");
    const { createFleetProgress } = await import("../render/fleet-progress.js");
    const { matrixJson, renderMatrix } = await import("../render/fleet-matrix.js");
    const { loadLocalPlugins, openFleetSession } = await import("./fleet-session.js");
    const { selectionJson } = await import("../render/fleet-selection.js");
    const { printJson } = await import("./json-output.js");
    if (raw.seenWithin !== undefined && raw.nodes !== true) {
      const { UsageError } = await import("../errors.js");
      throw new UsageError("--seen-within counts data plane nodes, which list reads only with --nodes", "add --nodes, or drop --seen-within");
    }
    const { regionalNames } = await import("../render/control-plane-name.js");
    const { refOf } = await import("../fleet/types.js");
    const flags = konnectFlags(raw);
    const local = await loadLocalPlugins(ctx, paths, { optional: true });
    const session = await openFleetSession(ctx, flags);
    const nameOf = regionalNames(session.regions);
    const progress = await createFleetProgress(ctx.io, { total: session.targets.length, verb: "reading", quiet: !ctx.io.stderrIsTTY });
    const readOptions = {
      concurrency: session.concurrency,
      signal: ctx.io.signal,
      onDone: (t: FleetTarget, error: { message: string } | undefined) =>
        progress.done(nameOf(refOf(t)), error ? `✗ ${sanitizeLine(`${nameOf(refOf(t))}: ${error.message}`)}\n` : ""),
    };
    const matrix = await (raw.nodes === true
      ? buildMatrixWithNodes(session.api, session.targets, local.plugins, { ...readOptions, seenWithinSeconds: seenWithinSeconds(raw) })
      : buildMatrix(session.api, session.targets, local.plugins, readOptions)
    ).finally(() => progress.stop());
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
