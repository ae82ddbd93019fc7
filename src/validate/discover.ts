// Synchronous fs calls throughout: a plugin is a few small files, and promise-based fs costs several
// times the CPU per call (a thread-pool round trip each), ~10% of a large run.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError, UsageError } from "../errors.js";
import type { Target } from "../rules/types.js";
import { errorCode, inputErrorFor, statOrUndefined } from "./fs-errors.js";
import type { PluginLocation } from "./types.js";

export interface DiscoverOptions {
  /** relative inputs and globs are resolved from here */
  cwd: string;
  /** the plugin name the schema must declare; only valid when the inputs hold exactly one plugin */
  name?: string;
  target: Target;
}

const WHAT_TO_PASS = "pass a plugin directory (the folder holding schema.lua), its schema.lua, a repository root with kong/plugins/<name>/, or a glob";

/**
 * Finds the plugins named by the inputs. An input is, in this order of preference:
 * - an existing path: a `schema.lua` file (its folder is the plugin), a plugin directory (holds
 *   schema.lua), a repository root (every `kong/plugins/<name>/` holding a schema.lua), or a folder
 *   whose subdirectories are plugins (e.g. `kong/plugins` itself);
 * - otherwise a glob (tinyglobby), whose matches are classified the same way.
 * Only `kong/plugins/` is searched below a repository root: that is where Kong loads plugins from.
 * Plugins are deduplicated by real directory and returned sorted by directory.
 */
export async function discoverPlugins(inputs: string[], options: DiscoverOptions): Promise<PluginLocation[]> {
  const byRealDir = new Map<string, string>();
  for (const input of inputs) {
    for (const dir of await pluginDirsOf(input, options.cwd)) {
      const real = realPathOr(dir);
      if (!byRealDir.has(real)) byRealDir.set(real, dir);
    }
  }
  const dirs = [...byRealDir.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (options.name !== undefined && dirs.length !== 1) {
    throw new UsageError(
      `--name applies to exactly one plugin, but the inputs hold ${dirs.length}`,
      "pass a single plugin directory with --name, or drop --name to use each directory's name",
    );
  }
  return dirs.map((dir) => ({ dir, schemaPath: join(dir, "schema.lua"), name: options.name ?? basename(dir), target: options.target }));
}

async function pluginDirsOf(input: string, cwd: string): Promise<string[]> {
  const absolute = resolve(cwd, input);
  let info: Stats;
  try {
    info = statSync(absolute);
  } catch (error) {
    // an existing path always wins over a glob reading of the same text
    if (GLOB_SYNTAX.test(input)) return globPluginDirs(input, cwd);
    throw inputErrorFor(input, error);
  }
  if (info.isFile()) {
    if (basename(absolute) === "schema.lua") return [dirname(absolute)];
    throw new InputError(input, "is a file but not a schema.lua", "pass the plugin directory or its schema.lua");
  }
  if (!info.isDirectory()) throw new InputError(input, "is neither a file nor a directory (a socket, device or FIFO)", WHAT_TO_PASS);
  const dirs = await pluginDirsIn(absolute, input);
  if (dirs.length > 0) return dirs;
  if (isDirectory(join(absolute, "kong", "plugins"))) {
    throw new InputError(join(input, "kong", "plugins"), "holds no plugin directory with a schema.lua", "add kong/plugins/<name>/schema.lua, or pass the plugin directory itself");
  }
  throw new InputError(input, "has no schema.lua and no kong/plugins/<name>/schema.lua below it", WHAT_TO_PASS);
}

/** The plugin directories a directory stands for; [] when it is none of the accepted shapes. */
async function pluginDirsIn(dir: string, shownAs: string): Promise<string[]> {
  if (exists(join(dir, "schema.lua"), shownAs)) return [dir];
  const pluginsDir = join(dir, "kong", "plugins");
  if (isDirectory(pluginsDir)) return childPluginDirs(pluginsDir, join(shownAs, "kong", "plugins"));
  return childPluginDirs(dir, shownAs);
}

/** Subdirectories (or symlinks to directories) holding a schema.lua. */
async function childPluginDirs(dir: string, shownAs: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw inputErrorFor(shownAs, error);
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const child = join(dir, entry.name);
    if (entry.isSymbolicLink() && !isDirectory(child)) continue;
    if (exists(join(child, "schema.lua"), join(shownAs, entry.name))) found.push(child);
  }
  return found;
}

/** the directory with symbolic links resolved, as the OS resolves them; itself when that fails */
function realPathOr(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}

/** glob metacharacters; tinyglobby is loaded only when an input has one (it costs start-up time) */
const GLOB_SYNTAX = /[*?[\]{}!()]/;

async function globPluginDirs(pattern: string, cwd: string): Promise<string[]> {
  const { glob } = await import("tinyglobby");
  const matches = await glob(pattern, {
    cwd,
    absolute: true,
    onlyFiles: false,
    expandDirectories: false,
    ignore: ["**/node_modules/**", "**/.git/**"],
  });
  if (matches.length === 0) {
    throw new InputError(pattern, "the glob matched nothing", "check the pattern, and quote it so that the shell does not expand it first");
  }
  const dirs: string[] = [];
  for (const match of matches.map((m) => resolve(m)).sort()) {
    const info = statOrUndefined(match);
    if (info?.isFile() && basename(match) === "schema.lua") dirs.push(dirname(match));
    else if (info?.isDirectory()) dirs.push(...(await pluginDirsIn(match, match)));
  }
  if (dirs.length === 0) {
    throw new InputError(pattern, `the glob matched ${matches.length} path(s) but no plugin`, "match plugin directories or their schema.lua, e.g. 'kong/plugins/*'");
  }
  return dirs;
}

/** Whether an entry exists (any type: a directory named schema.lua is reported by the loader). */
function exists(path: string, shownAs: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw inputErrorFor(join(shownAs, basename(path)), error);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return false;
    throw inputErrorFor(path, error);
  }
}
