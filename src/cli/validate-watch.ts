import { existsSync, readdirSync, watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ExitCode, KplugError } from "../errors.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { findPlugins } from "./local-plugins.js";
import type { ValidateFlags } from "./validate.js";
import { checkPlugins, renderReport } from "./validate-run.js";

/** Saves come in bursts (editors write, rename, touch): one run per burst. */
const DEBOUNCE_MS = 150;
/** clear the screen and move to the top-left corner */
const CLEAR = "\u001b[2J\u001b[3J\u001b[H";

/**
 * `kplug validate --watch`: validates, then again after every change under the plugin directories,
 * until Ctrl-C (exit 0). Findings never end it; a file that cannot be read mid-save is reported and
 * the next save tries again. On a TTY each run replaces the previous one on screen.
 */
export async function watchValidate(ctx: CommandContext, paths: string[], flags: ValidateFlags): Promise<number> {
  const { io } = ctx;
  const loaded = await cliConfig(ctx);
  const locations = await findPlugins(io.cwd, paths, { strict: flags.strict, ...(flags.name ? { name: flags.name } : {}), ...(flags.target ? { target: flags.target } : {}) }, loaded);
  const dirs = locations.map((l) => l.dir);

  const runOnce = async (reason: string | undefined): Promise<void> => {
    let output: string;
    try {
      output = await renderReport(ctx, await checkPlugins(ctx, paths, flags), flags);
    } catch (error) {
      if (!(error instanceof KplugError)) throw error;
      output = `kplug: ${error.message}${error.hint ? ` (${error.hint})` : ""}\n`;
    }
    const header = reason ? `${new Date().toTimeString().slice(0, 8)} ${reason}\n` : "";
    io.stdout(`${io.stdoutIsTTY ? CLEAR : ""}${header}${output}`);
    io.stderr(`kplug: watching ${dirs.length} plugin director${dirs.length === 1 ? "y" : "ies"} for changes (Ctrl-C to stop)\n`);
  };

  const watchers = new Map<string, FSWatcher>();
  try {
    await new Promise<void>((done, fail) => {
      let timer: NodeJS.Timeout | undefined;
      let changed = new Set<string>();
      let running = Promise.resolve();
      const onChange = (dir: string, file: string | null): void => {
        changed.add(relative(io.cwd, file ? join(dir, file) : dir) || ".");
        clearTimeout(timer);
        timer = setTimeout(() => {
          // a folder created since the last run is watched from now on
          for (const root of dirs) watchTree(root, watchers, onChange);
          // editors save through temporary files: name only what is still there
          const names = [...changed].filter((name) => existsSync(resolve(io.cwd, name)));
          const reason = `changed: ${(names.length > 0 ? names : [...changed]).join(", ")}`;
          changed = new Set();
          // runs never overlap: a burst during a run waits for it
          running = running.then(() => runOnce(reason)).catch((error: unknown) => {
            io.stderr(`kplug: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
          });
        }, DEBOUNCE_MS);
      };
      // Watches are in place before the first run says "watching", so no save after that line is missed.
      for (const root of dirs) watchTree(root, watchers, onChange);
      // an internal error in the first run ends the watch, as it would end a plain validate
      running = runOnce(undefined).catch(fail);
      const stop = (): void => {
        clearTimeout(timer);
        void running.then(done, done);
      };
      if (io.signal.aborted) stop();
      else io.signal.addEventListener("abort", stop, { once: true });
    });
  } finally {
    for (const watcher of watchers.values()) watcher.close();
  }
  return ExitCode.ok;
}

/** Folders that are never plugin code and can be large. */
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);

/**
 * Watches `root` and every folder under it, one non-recursive watch each. Node 20's recursive watch on
 * Linux adds its watches asynchronously, so a save right after start-up could go unseen; these are
 * in place when this returns. Folders already watched are skipped, so calling it again adds new ones.
 */
function watchTree(root: string, watchers: Map<string, FSWatcher>, onChange: (dir: string, file: string | null) => void): void {
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if (!watchers.has(dir)) {
      try {
        const watcher = watch(dir, (_event, file) => onChange(dir, file));
        // a watched folder that is removed ends its watch; it is added again if it comes back
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(dir);
        });
        watchers.set(dir, watcher);
      } catch {
        continue; // gone or unreadable since it was listed: nothing to watch
      }
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) pending.push(join(dir, entry.name));
  }
}
