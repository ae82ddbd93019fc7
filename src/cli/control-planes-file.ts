// sync: a small file read once, and node:fs/promises would cost a fleet command ~4 ms of start-up to load
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../errors.js";

/**
 * `--control-planes-from <file>`: one name, id or glob per line; `#` starts a comment, blank lines
 * are ignored. A file that names nothing is an error: an empty list would silently select nothing.
 */
export function readControlPlanesFile(cwd: string, path: string): string[] {
  const full = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(path, code === "ENOENT" ? "file not found" : `cannot read it (${code ?? "error"})`, "check the --control-planes-from path");
  }
  const entries = parseControlPlanesList(text);
  if (entries.length === 0) throw new InputError(path, "names no control plane", "list one control plane name, id or glob per line (# starts a comment)");
  return entries;
}

export function parseControlPlanesList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "");
}
