/**
 * Exit codes are an interface: CI scripts branch on them. Documented in README "Exit codes".
 */
export const ExitCode = {
  ok: 0,
  /** validation errors, a differing diff, or any control plane that failed */
  failure: 1,
  /** bad flags, bad config, unreadable input: nothing was attempted */
  usage: 2,
  /** a bug in kplug */
  internal: 70,
  /** interrupted by SIGINT */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error meant for the user: one line of message, an optional fix, and the exit code it maps to. */
export class KplugError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: { code: string; hint?: string; exitCode?: ExitCodeValue; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // the bundle names a class that refers to itself `_Name` (scripts/build.mjs): show the source name
    this.name = new.target.name.replace(/^_/, "");
    this.code = options.code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.usage;
  }

  toJSON(): { code: string; message: string; hint?: string } {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

/** Bad flags or arguments. */
export class UsageError extends KplugError {
  constructor(message: string, hint?: string) {
    super(message, { code: "usage", hint, exitCode: ExitCode.usage });
  }
}

/** A file or directory that cannot be used as input (missing, binary, too big, unreadable...). */
export class InputError extends KplugError {
  readonly path: string;
  constructor(path: string, message: string, hint?: string) {
    super(`${path}: ${message}`, { code: "input", hint, exitCode: ExitCode.usage });
    this.path = path;
  }
}

/** A config file that cannot be loaded or does not match the config schema. */
export class ConfigError extends KplugError {
  constructor(message: string, hint?: string) {
    super(message, { code: "config", hint, exitCode: ExitCode.usage });
  }
}
