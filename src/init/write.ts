import { lstat, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { KplugError, UsageError } from "../errors.js";
import type { ScaffoldFile } from "./templates.js";

/**
 * Writes the files under `dir`. Without `force`, nothing is written when any of them exists
 * (all or nothing, so a second `init` never leaves a half-overwritten project).
 */
export async function writeScaffold(dir: string, files: ScaffoldFile[], options: { force: boolean; shownDir: string }): Promise<void> {
  if (!options.force) {
    const existing: string[] = [];
    for (const file of files) if (await exists(join(dir, file.path))) existing.push(file.path);
    if (existing.length > 0) {
      throw new UsageError(`${join(options.shownDir, existing[0] ?? "")} already exists${existing.length > 1 ? ` (and ${existing.length - 1} more of the files init writes)` : ""}; nothing was written`, "pass --force to overwrite, or init into another directory");
    }
  }
  for (const file of files) {
    const path = join(dir, file.path);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new KplugError(`cannot write ${join(options.shownDir, file.path)} (${code})`, { code: "input", hint: "check that the directory is writable" });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
