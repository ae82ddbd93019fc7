import { readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { inputErrorFor, statOrUndefined } from "./fs-errors.js";

/** A plugin directory holds a handful of files; the caps only protect against a wrong directory. */
export const MAX_ENTRIES = 5000;
export const MAX_DEPTH = 10;
/** Listed but not walked into: tooling folders, never part of a plugin. */
const NOT_WALKED = new Set([".git", "node_modules"]);

export interface EntryListing {
  /** relative paths with forward slashes, directories ending with "/", sorted */
  entries: string[];
  /** true when a cap was reached and the listing is incomplete */
  truncated: boolean;
}

/**
 * Every entry below a plugin directory. Symbolic links are listed as what they point to, but a
 * linked directory is not walked into, so a link back up the tree cannot loop.
 */
export async function listEntries(dir: string, shownAs: string): Promise<EntryListing> {
  const entries: string[] = [];
  let truncated = false;
  const walk = async (relDir: string, depth: number): Promise<void> => {
    let children: Dirent[];
    try {
      children = readdirSync(join(dir, relDir), { withFileTypes: true });
    } catch (error) {
      throw inputErrorFor(join(shownAs, relDir), error);
    }
    for (const child of children.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entries.length >= MAX_ENTRIES) {
        truncated = true;
        return;
      }
      const rel = relDir === "" ? child.name : `${relDir}/${child.name}`;
      if (child.isSymbolicLink()) {
        const target = statOrUndefined(join(dir, rel));
        entries.push(target?.isDirectory() ? `${rel}/` : rel);
        continue;
      }
      if (!child.isDirectory()) {
        entries.push(rel);
        continue;
      }
      entries.push(`${rel}/`);
      if (NOT_WALKED.has(child.name)) continue;
      if (depth + 1 >= MAX_DEPTH) {
        truncated = true;
        continue;
      }
      await walk(rel, depth + 1);
    }
  };
  await walk("", 0);
  return { entries: entries.sort(), truncated };
}
