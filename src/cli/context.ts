import type { Command } from "commander";
import type { CliIO } from "./io.js";

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  debug: boolean;
  color: boolean;
  /** explicit config file (--config); otherwise cosmiconfig searches from cwd */
  config?: string;
}

/** What a command's action needs: the outside world, and a slot for its exit code. */
export interface CommandContext {
  io: CliIO;
  /** set by the action; main returns it to the bin */
  exitCode: number;
  /** run by main once the command has ended, whatever the outcome (releasing connections), unless the process exits right after (MainOptions.exitAfter) */
  cleanups: (() => Promise<void>)[];
  globals(): GlobalOptions;
  /** whether stdout / stderr output should be colored */
  color(stream: "stdout" | "stderr"): boolean;
}

/** Each command file exports one of these; main.ts attaches them in order. */
export type CommandFactory = (ctx: CommandContext) => Command;
