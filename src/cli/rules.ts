import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { addOutputOption, wantsJsonOutput } from "./output-option.js";

export const rulesCommand: CommandFactory = (ctx) =>
  addOutputOption(
    new Command("rules")
      .description("list every validation rule: id, default severity, targets and what it checks")
      .addOption(new Option("--json", "machine-readable output on stdout").default(false)),
  ).action(async (raw: Record<string, unknown>) => {
    const { printRules } = await import("./rules-run.js");
    printRules(ctx.io, wantsJsonOutput(raw));
  });
