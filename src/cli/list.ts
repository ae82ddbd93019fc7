import { Command } from "commander";
import { sanitizeLine } from "../text/sanitize.js";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

export const listCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("list")
      .description("matrix of plugins × control planes: present, mechanism, content hash, differs from local")
      .argument("[plugins...]", "local plugin directories to compare (default: the config's plugins, else every remote plugin)"),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const { Chalk } = await import("chalk");
    const { ExitCode } = await import("../errors.js");
    const { buildMatrix } = await import("../fleet/inventory.js");
    const { createFleetProgress } = await import("../render/fleet-progress.js");
    const { matrixJson, renderMatrix } = await import("../render/fleet-matrix.js");
    const { loadLocalPlugins, openFleetSession } = await import("./fleet-session.js");
    const flags = konnectFlags(raw);
    const local = await loadLocalPlugins(ctx, paths, { optional: true });
    const session = await openFleetSession(ctx, flags);
    const progress = await createFleetProgress(ctx.io, { total: session.targets.length, verb: "reading", quiet: !ctx.io.stderrIsTTY });
    const matrix = await buildMatrix(session.api, session.targets, local.plugins, {
      concurrency: session.concurrency,
      signal: ctx.io.signal,
      onDone: (t, error) => progress.done(t.controlPlane.name, error ? `✗ ${sanitizeLine(`${t.controlPlane.name}: ${error.message}`)}\n` : ""),
    }).finally(() => progress.stop());
    if (flags.json) ctx.io.stdout(`${JSON.stringify(matrixJson(matrix), null, 2)}\n`);
    else ctx.io.stdout(renderMatrix(matrix, new Chalk({ level: ctx.color("stdout") ? 1 : 0 })));
    const unreadable = matrix.columns.filter((c) => c.error);
    for (const column of unreadable) ctx.io.stderr(`kplug: ${sanitizeLine(`${column.controlPlane.name}: ${column.error?.message ?? ""}`)}\n`);
    ctx.exitCode = matrix.interrupted ? ExitCode.interrupted : unreadable.length > 0 ? ExitCode.failure : ExitCode.ok;
  });
