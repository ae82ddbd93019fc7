import { join } from "node:path";
import { parseLua } from "../lua/parse.js";
import type { LuaModule, PluginFile, PluginUnderTest } from "../rules/types.js";
import { listEntries } from "./list-entries.js";
import { displayPathOf, readOtherLuaFile, readPluginFile } from "./read-plugin-file.js";
import type { PluginLocation } from "./types.js";

export interface LoadOptions {
  strict: boolean;
  /** display paths are relative to this directory when inside it */
  cwd: string;
}

/** At most this many extra Lua files are read (their paths are all the streamed rules need). */
const MAX_OTHER_LUA = 200;

/**
 * Reads a plugin directory into what the rules look at. Files that cannot be used (missing,
 * empty, binary, not UTF-8, too big, unreadable) are InputErrors; Lua syntax errors are not:
 * they become `lua/syntax` findings.
 */
export async function loadPlugin(location: PluginLocation, options: LoadOptions): Promise<PluginUnderTest> {
  const { dir } = location;
  const { entries } = await listEntries(dir, displayPathOf(dir, options.cwd));
  const schema = await readPluginFile(location.schemaPath, "schema.lua", options.cwd);
  const handler = entries.includes("handler.lua") || entries.includes("handler.lua/") ? await readPluginFile(join(dir, "handler.lua"), "handler.lua", options.cwd) : undefined;
  const otherPaths = entries.filter((entry) => entry.endsWith(".lua") && entry !== "schema.lua" && entry !== "handler.lua").slice(0, MAX_OTHER_LUA);
  const otherLua: PluginFile[] = [];
  for (const relPath of otherPaths) otherLua.push(await readOtherLuaFile(join(dir, relPath), relPath, options.cwd));
  return {
    name: location.name,
    dir,
    entries,
    target: location.target,
    strict: options.strict,
    schema: parsed(schema),
    handler: handler ? parsed(handler) : undefined,
    otherLua,
  };
}

function parsed(file: PluginFile): LuaModule {
  return { file, source: parseLua(file.text) };
}
