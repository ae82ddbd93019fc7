import { Command, Option } from "commander";
import { sanitizeLine } from "../text/sanitize.js";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

export const pullCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("pull")
      .description("write a control plane's copy of a plugin to DIR/kong/plugins/<name>/ (schema.lua, and handler.lua when streamed)")
      .argument("<name>", "plugin name")
      .addOption(new Option("--out <dir>", "directory to write into (default: the current directory)"))
      .addOption(new Option("--force", "overwrite existing files").default(false)),
    { concurrency: false, selection: "one" },
  ).action(async (name: string, raw: Record<string, unknown>) => {
    const { resolve } = await import("node:path");
    const { ExitCode, UsageError } = await import("../errors.js");
    const { assertSafePluginName, fetchPlugin, writePulledPlugin } = await import("../fleet/pull.js");
    const { openFleetSession } = await import("./fleet-session.js");
    const { printJson } = await import("./json-output.js");
    const flags = konnectFlags(raw);
    // checked before any request: the name becomes a directory
    assertSafePluginName(name, "plugin name");
    if (flags.controlPlane.length !== 1) throw new UsageError("pull reads from exactly one control plane", "pass --control-plane <name|id>");
    const session = await openFleetSession(ctx, flags);
    const target = session.targets[0];
    const regions = [...new Set(session.targets.map((t) => t.region))];
    if (target && regions.length > 1) {
      throw new UsageError(`${sanitizeLine(target.controlPlane.name)} is in ${regions.length} regions (${regions.join(", ")}); pull reads from exactly one control plane`, "pass --region with one of them");
    }
    if (!target || session.targets.length !== 1) throw new UsageError("pull reads from exactly one control plane", "pass --control-plane <name|id> once");
    const { apiFor } = await import("../fleet/types.js");
    const plugin = await fetchPlugin(apiFor(session.api, target), target, name);
    const region = target.region ? { region: target.region } : {};
    if (!plugin) {
      const message = `${target.controlPlane.name} has no plugin named ${name}`;
      if (flags.json) printJson(ctx.io, { controlPlane: target.controlPlane.name, ...region, plugin: name, files: [], error: { code: "not-found", message } });
      ctx.io.stderr(`kplug: ${sanitizeLine(message)}\n`);
      ctx.exitCode = ExitCode.failure;
      return;
    }
    const outDir = resolve(ctx.io.cwd, typeof raw.out === "string" ? raw.out : ".");
    const files = await writePulledPlugin(outDir, plugin, raw.force === true);
    if (flags.json) printJson(ctx.io, { controlPlane: target.controlPlane.name, ...region, plugin: plugin.name, mechanism: plugin.mechanism, files });
    else ctx.io.stdout(files.map((f) => `${f}\n`).join(""));
    ctx.io.stderr(`pulled ${plugin.name} (${plugin.mechanism}) from ${sanitizeLine(target.controlPlane.name)}\n`);
  });
