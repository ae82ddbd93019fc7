import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { addKonnectOptions, konnectFlags } from "./konnect-options.js";

export const deleteCommand: CommandFactory = (ctx) =>
  addKonnectOptions(
    new Command("delete")
      .description("delete a plugin from the selected control planes; refuses while plugin instances use it")
      .argument("<name>", "plugin name")
      .addOption(new Option("--force", "also delete the plugin instances that use it, first (Konnect's order)").default(false))
      .addOption(new Option("-y, --yes", "do not ask for confirmation (required without a TTY)").default(false)),
    { verbose: true },
  ).action(async (name: string, raw: Record<string, unknown>) => {
    const { runDelete } = await import("./delete-run.js");
    ctx.exitCode = await runDelete(ctx, name, { ...konnectFlags(raw), force: raw.force === true, yes: raw.yes === true });
  });
