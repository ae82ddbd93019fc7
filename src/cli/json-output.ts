import type { CliIO } from "./io.js";

/** The `error` member every --json document carries when the command did not succeed. */
export interface JsonError {
  code: string;
  message: string;
  hint?: string;
}

/** One JSON document on stdout: what every --json exit path prints, success or not. */
export function printJson(io: CliIO, document: object): void {
  io.stdout(`${JSON.stringify(document, null, 2)}\n`);
}
