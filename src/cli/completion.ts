import { Command, Option } from "commander";
import { UsageError } from "../errors.js";
import type { CompletionSpec, OptionSpec } from "./completion-scripts.js";
import type { CommandFactory } from "./context.js";

const SHELLS = ["bash", "zsh", "fish"] as const;
const CONTROL_PLANE_OPTIONS = new Set(["--control-plane", "--konnect-control-plane-name"]);
const FILE_OPTIONS = new Set(["--config", "--token-file", "--konnect-token-file", "--state", "--seed", "--faults"]);

export const completionCommand: CommandFactory = (ctx) =>
  new Command("completion")
    .description("print a shell completion script: source <(kplug completion bash), or zsh; kplug completion fish | source")
    .argument("[shell]", "bash, zsh or fish")
    .addOption(new Option("--control-planes", "print the control planes named in the config, one a line (used by the scripts)").default(false).hideHelp())
    .action(async (shell: string | undefined, raw: { controlPlanes: boolean }, command: Command) => {
      if (raw.controlPlanes) {
        const { cliConfig } = await import("./config.js");
        const names = (await cliConfig(ctx))?.config.konnect?.controlPlanes ?? [];
        ctx.io.stdout(names.map((name) => `${name}\n`).join(""));
        return;
      }
      if (!shell || !(SHELLS as readonly string[]).includes(shell)) {
        throw new UsageError(`completion needs a shell: ${SHELLS.join(", ")}${shell ? ` (not "${shell}")` : ""}`, "e.g. source <(kplug completion bash)");
      }
      const { bashScript, fishScript, zshScript } = await import("./completion-scripts.js");
      const spec = completionSpec(command.parent ?? command);
      ctx.io.stdout(shell === "bash" ? bashScript(spec) : shell === "zsh" ? zshScript(spec) : fishScript(spec));
    });

/** Reads commands and options off the commander program, so the scripts never fall behind the CLI. */
function completionSpec(program: Command): CompletionSpec {
  return {
    globalOptions: program.options.filter((o) => !o.hidden).map(optionSpec),
    commands: program.commands.map((command) => ({
      name: command.name(),
      options: command.options.filter((o) => !o.hidden).map(optionSpec),
      pluginArguments: command.registeredArguments.some((argument) => /path|plugin/.test(argument.name())),
    })),
  };
}

function optionSpec(option: Option): OptionSpec {
  const long = option.long ?? option.flags;
  const takesValue = option.required || option.optional;
  const kind = option.argChoices ? "choice" : CONTROL_PLANE_OPTIONS.has(long) ? "control-plane" : FILE_OPTIONS.has(long) ? "file" : "other";
  return {
    long,
    ...(option.short ? { short: option.short } : {}),
    ...(takesValue ? { value: { kind, ...(option.argChoices ? { choices: option.argChoices } : {}) } } : {}),
    description: option.description,
  };
}
