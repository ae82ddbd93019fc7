import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

interface PushFlags {
  /** undefined: the config's konnect.mode, else auto */
  mode?: "auto" | "schema" | "streamed";
  dryRun: boolean;
  allowBreaking: boolean;
  validate: boolean;
}

export const pushCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("push")
      .description("upload plugins to the selected control planes: create, update or leave unchanged")
      .argument("[plugins...]", "plugin directories (default: the config's plugins)")
      .addOption(new Option("--mode <mode>", "auto: streamed for Dedicated Cloud Gateways, schema otherwise (default: auto, or the config's)").choices(["auto", "schema", "streamed"]))
      .addOption(new Option("--dry-run", "print the plan per control plane and change nothing").default(false))
      .addOption(new Option("--allow-breaking", "push schema changes classified as breaking").default(false))
      .addOption(new Option("--no-validate", "skip the validation that runs before pushing")),
    { verbose: true },
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const { runPush } = await import("./push-run.js");
    const flags: PushFlags = {
      ...(typeof raw.mode === "string" ? { mode: raw.mode as NonNullable<PushFlags["mode"]> } : {}),
      dryRun: raw.dryRun === true,
      allowBreaking: raw.allowBreaking === true,
      validate: raw.validate !== false,
    };
    ctx.exitCode = await runPush(ctx, paths, { ...konnectFlags(raw), ...flags });
  });
