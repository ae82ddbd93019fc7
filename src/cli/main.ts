import { Command, CommanderError, Option } from "commander";
import { ExitCode } from "../errors.js";
import { colorEnabled } from "../render/terminal.js";
import { sanitizeForDisplay } from "../text/sanitize.js";
import { version } from "../version.js";
import type { CommandContext, CommandFactory, GlobalOptions } from "./context.js";
import { processIO, type CliIO } from "./io.js";
import { commandFactories } from "./commands.js";
import { printJson } from "./json-output.js";
import { reportKplugError, shown, wantsJson } from "./report-error.js";

export interface MainOptions {
  /**
   * the caller ends the process right after (the bin): connections are left to the OS instead of
   * being closed one by one (closing push --concurrency 64's 128 keep-alive sockets took ~40 ms)
   */
  exitAfter?: boolean;
}

/**
 * Runs kplug with the given arguments (without `node kplug`) and returns the exit code.
 * Never calls process.exit: the bin does that, and tests call this in-process.
 */
export async function main(argv: string[], io?: CliIO, options: MainOptions = {}): Promise<number> {
  const controller = new AbortController();
  const realIO = io ?? processIO(controller.signal);
  const onSigint = (): void => {
    // First Ctrl-C: stop starting new work and let the command report. Second: leave at once.
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  if (!io) process.on("SIGINT", onSigint);
  try {
    return await run(argv, realIO, options.exitAfter === true);
  } finally {
    if (!io) process.off("SIGINT", onSigint);
  }
}

async function run(argv: string[], io: CliIO, exitAfter: boolean): Promise<number> {
  const cleanups: (() => Promise<void>)[] = [];
  const program = new Command("kplug");
  const ctx: CommandContext = {
    io,
    exitCode: ExitCode.ok,
    cleanups,
    globals: () => program.opts<GlobalOptions>(),
    color: (stream) =>
      colorEnabled(io.env, stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY, program.opts<GlobalOptions>().color),
  };

  program
    .description("Validate, push and manage custom Kong plugins in Kong Konnect")
    .version(version, "-V, --version")
    .addOption(new Option("--debug", "show stack traces and HTTP requests (tokens redacted)").default(false))
    .addOption(new Option("--no-color", "disable colors (NO_COLOR and FORCE_COLOR are honoured too)"))
    .addOption(new Option("-c, --config <file>", "config file (default: searched from the current directory)"))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      // one prefix for every error kplug prints, commander's usage errors included
      outputError: (text, write) => write(`kplug: ${shown(text.replace(/^error: /, "").trimEnd(), io.env, sanitizeForDisplay)}\n`),
    });

  for (const factory of commandFactories as CommandFactory[]) {
    program.addCommand(factory(ctx).exitOverride().configureOutput(program.configureOutput()));
  }

  try {
    await program.parseAsync(argv, { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, io, argv.includes("--debug"), wantsJson(argv));
  } finally {
    // e.g. idle keep-alive sockets, which would otherwise hold the process open after the report
    if (!exitAfter) await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  }
}

function reportError(error: unknown, io: CliIO, debug: boolean, json: boolean): number {
  if (error instanceof CommanderError) {
    // help and --version end here too, with exit code 0; commander already printed its message.
    if (error.exitCode === 0) return ExitCode.ok;
    // a script reading stdout gets a document for a bad flag value too
    if (json) printJson(io, { error: { code: "usage", message: shown(error.message.replace(/^error: /, ""), io.env) } });
    return ExitCode.usage;
  }
  return reportKplugError(error, io, debug, json);
}
