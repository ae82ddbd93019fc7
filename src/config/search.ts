import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** Searched in each directory, in this order; the first that exists (and is not empty) wins. */
export const SEARCH_PLACES = [
  "package.json",
  ".kplugrc",
  ".kplugrc.json",
  ".kplugrc.yaml",
  ".kplugrc.yml",
  "kplug.config.json",
  "kplug.config.yaml",
  "kplug.config.yml",
  "kplug.config.js",
  "kplug.config.mjs",
  "kplug.config.ts",
];

/**
 * cwd, then each parent, up to and including the repository root (a directory holding `.git`) or the
 * home directory, whichever comes first; the filesystem root when neither is met. Done by hand
 * because cosmiconfig's "project" strategy stops at the first package.json (a package inside a
 * monorepo would hide the root's config) and "global" also reads ~/.config/kplug.
 */
export function searchDirectories(cwd: string, home = homedir()): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.push(dir);
    const parent = dirname(dir);
    if (parent === dir || dir === home || existsSync(join(dir, ".git"))) return dirs;
    dir = parent;
  }
}

function nonEmptyFile(path: string): boolean {
  try {
    // most candidates do not exist: no exception for those (an exception per miss was most of the search's time)
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats !== undefined && stats.isFile() && stats.size > 0;
  } catch {
    return false;
  }
}

/** A package.json counts only when it has a "kplug" key; an unreadable one is left to the loader to report. */
function packageHasKplug(path: string): boolean {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
    return typeof parsed === "object" && parsed !== null && "kplug" in parsed;
  } catch {
    return true;
  }
}

/**
 * The files that may hold the config, nearest first, found with plain fs calls: most runs have no
 * config, and the loader (cosmiconfig, zod, YAML) costs more start-up time than the rest of
 * `kplug validate` together, so it is imported only when there is something to load.
 */
export function configCandidates(cwd: string): string[] {
  const found: string[] = [];
  for (const dir of searchDirectories(cwd)) {
    for (const place of SEARCH_PLACES) {
      const path = join(dir, place);
      if (nonEmptyFile(path) && (place !== "package.json" || packageHasKplug(path))) found.push(path);
    }
  }
  return found;
}
