import { existsSync, watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { relative, resolve } from "node:path";
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
      output = renderReport(ctx, await checkPlugins(ctx, paths, flags), flags);
    } catch (error) {
      if (!(error instanceof KplugError)) throw error;
      output = `kplug: ${error.message}${error.hint ? ` (${error.hint})` : ""}\n`;
    }
    const header = reason ? `${new Date().toTimeString().slice(0, 8)} ${reason}\n` : "";
    io.stdout(`${io.stdoutIsTTY ? CLEAR : ""}${header}${output}`);
    io.stderr(`kplug: watching ${dirs.length} plugin director${dirs.length === 1 ? "y" : "ies"} for changes (Ctrl-C to stop)\n`);
  };

  await runOnce(undefined);
  const watchers: FSWatcher[] = [];
  await new Promise<void>((done) => {
    let timer: NodeJS.Timeout | undefined;
    let changed = new Set<string>();
    let running = Promise.resolve();
    const onChange = (dir: string, file: string | null): void => {
      changed.add(relative(io.cwd, file ? `${dir}/${file}` : dir) || ".");
      clearTimeout(timer);
      timer = setTimeout(() => {
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
    for (const dir of dirs) watchers.push(watch(dir, { recursive: true }, (_event, file) => onChange(dir, file)));
    const stop = (): void => {
      clearTimeout(timer);
      void running.then(done);
    };
    if (io.signal.aborted) stop();
    else io.signal.addEventListener("abort", stop, { once: true });
  });
  for (const watcher of watchers) watcher.close();
  return ExitCode.ok;
}
