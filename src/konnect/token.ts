import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { KplugError } from "../errors.js";

/** personal (`kpat_`) and system account (`spat_`) access tokens */
export const TOKEN_SHAPE = /^(kpat|spat)_[A-Za-z0-9_-]+$/;

/** a token file this large is certainly something else (a key store, a log…) */
const MAX_TOKEN_FILE_BYTES = 16 * 1024;

export const TOKEN_HELP = "pass --token-file PATH, set KONNECT_TOKEN, or set konnect.tokenFile in the config";

function tokenError(message: string, hint: string): KplugError {
  return new KplugError(message, { code: "usage", hint });
}

/**
 * Reads a token file: trimmed; clear errors for a missing, unreadable, oversized or empty file.
 * Errors name the file, never its content.
 */
export function readTokenFile(path: string, source: string): string {
  // `--token-file "$KONNECT_TOKEN"`: the value is the secret itself; never repeat it in the error
  if (TOKEN_SHAPE.test(basename(path.trim()))) {
    throw tokenError(`${source}: the value looks like a Konnect token, not the path of a file`, "write the token into a file and pass its path, or set KONNECT_TOKEN instead");
  }
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw tokenError(`${source}: ${path} is a directory, not a token file`, "point it at the file that holds the token");
    if (stat.size > MAX_TOKEN_FILE_BYTES) throw tokenError(`${source}: ${path} is too large to be a token file (${stat.size} bytes)`, "point it at the file that holds only the token");
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof KplugError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw tokenError(`${source}: token file ${path} not found`, "check the path, or " + TOKEN_HELP);
    if (code === "EACCES" || code === "EPERM") throw tokenError(`${source}: cannot read token file ${path} (permission denied)`, "make it readable by your user (chmod 600 keeps it private)");
    throw tokenError(`${source}: cannot read token file ${path} (${code ?? "error"})`, "check the path and its permissions");
  }
  const token = text.trim();
  if (token === "") throw tokenError(`${source}: token file ${path} is empty`, "write the Konnect token into it (Konnect > Personal access tokens)");
  return token;
}

/**
 * Refuses tokens that cannot go into an HTTP header (line breaks, spaces, non-ASCII); warns, without
 * quoting it, about a token that does not look like a Konnect one. Returns the warnings.
 */
export function checkToken(token: string, source: string): string[] {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw tokenError(`${source}: the token contains spaces, line breaks or non-ASCII characters`, "the file or variable must hold only the token");
  }
  if (!TOKEN_SHAPE.test(token)) {
    return [`${source}: the token does not look like a Konnect token (kpat_… or spat_…); Konnect will likely reject it`];
  }
  return [];
}
