import { readFileSync, statSync, type Stats } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { InputError } from "../errors.js";
import type { PluginFile } from "../rules/types.js";
import { errorCode, inputErrorFor, statOrUndefined } from "./fs-errors.js";

/** Larger than any real schema.lua or handler.lua: such a file is not what the user meant. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** The path shown to the user: relative to cwd when inside it, absolute otherwise. */
export function displayPathOf(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return path;
  return rel.split(sep).join("/");
}

/**
 * Reads a file the rules parse (schema.lua, handler.lua). Anything that is not a non-empty UTF-8
 * text file of at most 1 MiB is an InputError naming the file and the fix. A UTF-8 BOM is dropped.
 */
export async function readPluginFile(path: string, relPath: string, cwd: string): Promise<PluginFile> {
  const displayPath = displayPathOf(path, cwd);
  const info = statFile(path, displayPath);
  if (info.isDirectory()) throw new InputError(displayPath, "is a directory, not a file", `${relPath} must be a Lua file; rename or remove the directory`);
  if (!info.isFile()) throw new InputError(displayPath, "is not a regular file", `${relPath} must be a Lua file`);
  if (info.size > MAX_FILE_BYTES) {
    throw tooBig(displayPath, info.size, relPath);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw inputErrorFor(displayPath, error);
  }
  return { path, displayPath, relPath, text: decodePluginText(bytes, displayPath, relPath), bytes: bytes.length };
}

/** The text of a plugin Lua file's bytes: NUL bytes, invalid UTF-8 or blank text are InputErrors. */
export function decodePluginText(bytes: Uint8Array, displayPath: string, relPath: string): string {
  if (bytes.length > MAX_FILE_BYTES) {
    throw tooBig(displayPath, bytes.length, relPath);
  }
  if (bytes.includes(0)) throw new InputError(displayPath, "is a binary file (it contains NUL bytes)", `${relPath} must be Lua source text`);
  let text: string;
  try {
    // fatal: reject invalid UTF-8 instead of silently replacing it; the decoder drops a BOM
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(displayPath, "is not valid UTF-8 text", "save the file as UTF-8 (Konnect stores schemas as UTF-8 JSON strings)");
  }
  if (text.trim() === "") throw new InputError(displayPath, "is empty", emptyHint(relPath));
  return text;
}

/**
 * A Lua file no rule parses (the streamed rules only look at its path): stat now, text read on
 * first use, if ever (most runs never need it). Never fails the run: an unreadable or oversized
 * file has an empty text.
 */
export async function readOtherLuaFile(path: string, relPath: string, cwd: string): Promise<PluginFile> {
  const displayPath = displayPathOf(path, cwd);
  const info = statOrUndefined(path);
  if (!info?.isFile() || info.size > MAX_FILE_BYTES) return { path, displayPath, relPath, text: "", bytes: info?.size ?? 0 };
  let text: string | undefined;
  return {
    path,
    displayPath,
    relPath,
    bytes: info.size,
    get text() {
      text ??= new TextDecoder("utf-8").decode(readFileSyncOrEmpty(path));
      return text;
    },
  };
}

function readFileSyncOrEmpty(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

function statFile(path: string, displayPath: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") throw new InputError(displayPath, "no such file", "the plugin directory must contain schema.lua");
    throw inputErrorFor(displayPath, error);
  }
}

function tooBig(displayPath: string, size: number, relPath: string): InputError {
  return new InputError(displayPath, `is ${size.toLocaleString("en-US")} bytes, over the 1 MiB (1,048,576 bytes) limit`, `check that this is the plugin's ${relPath}; plugin Lua files are a few KB`);
}

function emptyHint(relPath: string): string {
  if (relPath === "schema.lua") return 'write the schema: return { name = "<plugin>", fields = { { config = { type = "record", fields = {} } } } }';
  if (relPath === "handler.lua") return "write the handler (a table with PRIORITY, VERSION and phase methods), or remove the file";
  return "write the file or remove it";
}
