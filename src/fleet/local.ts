import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { LocalPlugin } from "./types.js";

/**
 * Finds the plugins the fleet commands send: a plugin directory (holds schema.lua), a schema.lua
 * file, or a root holding kong/plugins/<name>/ directories. The plugin name is the directory name,
 * as for `kplug validate`.
 */
export async function readLocalPlugins(cwd: string, paths: string[]): Promise<LocalPlugin[]> {
  const dirs: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new InputError(path, "no such file or directory", "pass a plugin directory, its schema.lua, or a repository root with kong/plugins/*/");
    if (info.isFile()) {
      if (basename(absolute) !== "schema.lua") throw new InputError(path, "not a schema.lua file", "pass the plugin directory or its schema.lua");
      dirs.push(resolve(absolute, ".."));
    } else if (await isFile(join(absolute, "schema.lua"))) {
      dirs.push(absolute);
    } else {
      const pluginsDir = join(absolute, "kong", "plugins");
      const entries = await readdir(pluginsDir, { withFileTypes: true }).catch(() => []);
      const found = entries.filter((e) => e.isDirectory()).map((e) => join(pluginsDir, e.name)).sort();
      const withSchema: string[] = [];
      for (const dir of found) if (await isFile(join(dir, "schema.lua"))) withSchema.push(dir);
      if (withSchema.length === 0) throw new InputError(path, "no schema.lua here and no kong/plugins/*/schema.lua below", "pass a plugin directory");
      dirs.push(...withSchema);
    }
  }
  const plugins: LocalPlugin[] = [];
  const seen = new Map<string, string>();
  for (const dir of [...new Set(dirs)]) {
    const name = basename(dir);
    const other = seen.get(name);
    if (other) throw new InputError(dir, `two plugins named ${name} (also ${other})`, "push one of them at a time");
    seen.set(name, dir);
    const schema = await readFile(join(dir, "schema.lua"), "utf8");
    const handlerPath = join(dir, "handler.lua");
    const handler = (await isFile(handlerPath)) ? await readFile(handlerPath, "utf8") : undefined;
    plugins.push({ name, dir, schema, handler });
  }
  return plugins;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}
