import type { PluginFile, PluginUnderTest } from "./types.js";

/**
 * How an entry of the plugin directory is shown to the user. Rules never see the cwd, so the
 * prefix is taken from schema.lua's display path (`kong/plugins/x/schema.lua` → `kong/plugins/x/`).
 */
export function displayPathIn(plugin: PluginUnderTest, relPath: string): string {
  const schema = plugin.schema?.file;
  if (schema && schema.relPath === "schema.lua" && schema.displayPath.endsWith("schema.lua")) {
    return schema.displayPath.slice(0, -"schema.lua".length) + relPath;
  }
  return `${plugin.dir}/${relPath}`;
}

/** The plugin's directory as shown to the user ("." for the current directory). */
export function displayDirOf(plugin: PluginUnderTest): string {
  const shown = displayPathIn(plugin, "").replace(/\/$/, "");
  return shown === "" ? "." : shown;
}

/** A file (or directory) of the plugin to attach a finding to: the loaded file when there is one. */
export function entryFile(plugin: PluginUnderTest, relPath: string): PluginFile {
  const loaded = [plugin.schema?.file, plugin.handler?.file, ...plugin.otherLua].find((file) => file?.relPath === relPath);
  if (loaded) return loaded;
  return { path: `${plugin.dir}/${relPath}`, displayPath: displayPathIn(plugin, relPath), relPath, text: "", bytes: 0 };
}
