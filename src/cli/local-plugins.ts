import { resolve } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { InputError, KplugError, UsageError } from "../errors.js";
import type { PluginUnderTest, Target } from "../rules/types.js";
import { discoverPlugins } from "../validate/discover.js";
import { loadPlugin } from "../validate/load.js";
import { displayPathOf } from "../validate/read-plugin-file.js";
import type { ValidationRun } from "../validate/run.js";
import type { PluginLocation } from "../validate/types.js";

export interface PluginSelection {
  /** --name: only with one plugin */
  name?: string;
  /** --target: wins over the config */
  target?: Target;
  strict: boolean;
}

/**
 * The plugins a command works on: the paths given, else the config's plugins, else the current
 * directory. A config entry naming the same directory as a path still lends it its name and target.
 */
export async function findPlugins(cwd: string, paths: string[], selection: PluginSelection, loaded: LoadedConfig | undefined): Promise<PluginLocation[]> {
  const config = loaded?.config;
  const defaultTarget: Target = selection.target ?? config?.target ?? "schema";
  const entries = (config?.plugins ?? []).map((entry) => (typeof entry === "string" ? { path: entry } : entry));

  if (paths.length === 0 && entries.length > 0) {
    const found: PluginLocation[] = [];
    for (const [i, entry] of entries.entries()) {
      const target = selection.target ?? entry.target ?? defaultTarget;
      try {
        found.push(...(await discoverPlugins([entry.path], { cwd: loaded?.dir ?? cwd, target, ...(entry.name ? { name: entry.name } : {}) })));
      } catch (error) {
        // the user typed no path: say where this one came from, and that the fix is in the config file
        if (!(error instanceof InputError) || !loaded) throw error;
        throw new KplugError(error.message, {
          code: error.code,
          hint: `it is plugins[${i}] in ${displayPathOf(loaded.filepath, cwd)}: fix or remove that entry, or pass plugin paths on the command line`,
          cause: error,
        });
      }
    }
    const unique = dedupe(found);
    if (selection.name === undefined) return unique;
    // --name is for one plugin: applied to each config entry, it would rename them all alike
    if (unique.length !== 1) {
      throw new UsageError(
        `--name applies to exactly one plugin, but the config's plugins hold ${unique.length}`,
        "pass a single plugin directory with --name, or drop --name to use each plugin's configured or directory name",
      );
    }
    return unique.map((location) => ({ ...location, name: selection.name ?? location.name }));
  }

  const found = await discoverPlugins(paths.length > 0 ? paths : ["."], { cwd, target: defaultTarget, ...(selection.name ? { name: selection.name } : {}) });
  return found.map((location) => {
    const entry = entries.find((e) => resolve(loaded?.dir ?? cwd, e.path) === location.dir);
    if (!entry) return location;
    return {
      ...location,
      name: selection.name ?? entry.name ?? location.name,
      target: selection.target ?? entry.target ?? location.target,
    };
  });
}

function dedupe(locations: PluginLocation[]): PluginLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => (seen.has(l.dir) ? false : (seen.add(l.dir), true)));
}

/** Plugins read and parsed at a time: enough to overlap file reads, few enough that their parse trees stay a few MB. */
const BATCH = 32;

/**
 * Reads, parses and checks the plugins a batch at a time, so that memory does not grow with the
 * number of plugins (parse trees are dropped once checked). `keep`, when given, sees each batch once
 * checked, to keep what the caller needs (file texts for code frames, schemas to fix). Bad files throw
 * an InputError (exit 2).
 */
export async function validateLocations(cwd: string, locations: PluginLocation[], strict: boolean, run: ValidationRun, keep?: (batch: PluginUnderTest[]) => void): Promise<void> {
  for (let start = 0; start < locations.length; start += BATCH) {
    const batch = await loadPlugins(cwd, locations.slice(start, start + BATCH), strict);
    run.add(batch);
    keep?.(batch);
  }
}

/** Reads and parses every plugin (bad files throw an InputError: exit 2, nothing validated). */
export async function loadPlugins(cwd: string, locations: PluginLocation[], strict: boolean): Promise<PluginUnderTest[]> {
  return Promise.all(locations.map((location) => loadPlugin(location, { strict, cwd })));
}

/** display path → text of every file a finding can point at, for code frames. */
export function sourcesOf(plugins: PluginUnderTest[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const plugin of plugins) {
    for (const file of [plugin.schema?.file, plugin.handler?.file, ...plugin.otherLua]) {
      if (file) sources.set(file.displayPath, file.text);
    }
  }
  return sources;
}
