import { statSync, type Stats } from "node:fs";
import { InputError } from "../errors.js";

/** The `code` of a Node fs error (ENOENT, EACCES, ELOOP…), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Turns a failed fs call on a user-given path into a one-line InputError with the fix.
 * Errors that are not about the input (EMFILE, EIO…) keep their code in the message.
 */
export function inputErrorFor(path: string, error: unknown): InputError {
  switch (errorCode(error)) {
    case "ENOENT":
    case "ENOTDIR":
      return new InputError(path, "no such file or directory", "check the path; pass a plugin directory, its schema.lua, a repository root with kong/plugins/*/, or a glob");
    case "EACCES":
    case "EPERM":
      return new InputError(path, "permission denied", "make it readable by the current user (e.g. chmod u+r, and u+x on directories)");
    case "ELOOP":
      return new InputError(path, "too many levels of symbolic links (a symlink loop)", "fix or remove the symbolic link");
    case "ENAMETOOLONG":
      return new InputError(path, "path name too long", "pass a shorter path");
    default: {
      const code = errorCode(error);
      const reason = error instanceof Error ? error.message : String(error);
      return new InputError(path, code ? `cannot be read (${code})` : `cannot be read: ${reason}`, "check the path and retry");
    }
  }
}

/** stat, or undefined when it fails for any reason (for entries whose kind is only a hint) */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
