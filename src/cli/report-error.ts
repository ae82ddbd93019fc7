import { ExitCode, KplugError } from "../errors.js";
import { redactSecret, redactTokenShapes } from "../konnect/redact.js";
import { sanitizeForDisplay, sanitizeLine } from "../text/sanitize.js";
import type { CliIO } from "./io.js";

/** --json, --format json or -o json (any spelling): errors then go to stdout as JSON too, for scripts. */
export function wantsJson(argv: string[]): boolean {
  return argv.some(
    (arg, i) =>
      arg === "--json" ||
      ["--format=json", "--output=json", "-ojson", "-o=json"].includes(arg) ||
      (["--format", "--output", "-o"].includes(arg) && argv[i + 1] === "json"),
  );
}

/**
 * An error's text as it may be shown: no token (the one in KONNECT_TOKEN in any form, nor anything
 * shaped like one, e.g. a token pasted into --region), and no control characters (server text).
 */
export function shown(text: string, env: NodeJS.ProcessEnv, sanitize: (text: string) => string = sanitizeLine): string {
  return sanitize(redactTokenShapes(redactEnvTokens(text, env)));
}

function redactEnvTokens(text: string, env: NodeJS.ProcessEnv): string {
  return [env.KONNECT_TOKEN, env.DECK_KONNECT_TOKEN].reduce<string>((out, secret) => redactSecret(out, secret?.trim() ?? ""), text);
}

/** Reports an error that is not commander's (main.ts handles those): one line on stderr, JSON on stdout for --json. */
export function reportKplugError(error: unknown, io: CliIO, debug: boolean, json: boolean): number {
  if (error instanceof KplugError) {
    if (json) io.stdout(`${redactTokenShapes(redactEnvTokens(JSON.stringify({ error: error.toJSON() }, null, 2), io.env))}\n`);
    io.stderr(`kplug: ${shown(`${error.message}${error.hint ? ` (${error.hint})` : ""}`, io.env)}\n`);
    if (debug && error.stack) io.stderr(`${shown(error.stack, io.env, sanitizeForDisplay)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout(`${JSON.stringify({ error: { code: "internal", message: shown(message, io.env) } }, null, 2)}\n`);
  io.stderr(`kplug: internal error: ${shown(message, io.env)} (this is a bug in kplug; rerun with --debug and report it)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return ExitCode.internal;
}
