import { existsSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { CosmiconfigResult, Loaders } from "cosmiconfig";

/** where cosmiconfig looks for settings of its own (besides package.json#cosmiconfig), in the process cwd */
const META_PLACES = ["package.yaml", ".config/config.json", ".config/config.yaml", ".config/config.yml", ".config/config.js", ".config/config.ts", ".config/config.cjs", ".config/config.mjs"];

/** Whether cosmiconfig would find no meta config of its own in `cwd` (one could change how it loads). */
function noMetaConfig(cwd: string): boolean {
  if (META_PLACES.some((place) => existsSync(join(cwd, place)))) return false;
  const packageJson = join(cwd, "package.json");
  if (!existsSync(packageJson)) return true;
  try {
    const parsed: unknown = JSON.parse(readFileSync(packageJson, "utf8"));
    return typeof parsed === "object" && parsed !== null && (parsed as Record<string, unknown>).cosmiconfig == null;
  } catch {
    return false;
  }
}

/**
 * A JSON config file (kplug.config.json, .kplugrc.json, package.json) read exactly as cosmiconfig's
 * load() reads it — an empty file is empty, package.json counts by its "kplug" key, loader errors
 * carry the file — without loading cosmiconfig, which costs a fleet command more start-up time than
 * its first request. undefined when the file is not JSON, or cosmiconfig has settings of its own here.
 */
export async function loadJsonDirectly(filepath: string, loaders: Loaders): Promise<CosmiconfigResult | undefined> {
  const extension = extname(filepath);
  const loader = loaders[".json"];
  if (extension !== ".json" || !loader || !noMetaConfig(process.cwd())) return undefined;
  // sync, like package.json above: node:fs/promises would cost a fleet command ~4 ms of start-up to load
  const contents = readFileSync(filepath, "utf8");
  if (contents.trim() === "") return { filepath, config: undefined, isEmpty: true };
  let config: unknown;
  try {
    config = await loader(filepath, contents);
    if (basename(filepath, extension) === "package") {
      // as cosmiconfig's getPropertyByPath, which throws for a null document
      Object.prototype.hasOwnProperty.call(config, "kplug");
      config = (config as Record<string, unknown>).kplug ?? null;
    }
  } catch (error) {
    if (error !== null && typeof error === "object") Object.assign(error, { filepath });
    throw error;
  }
  // cosmiconfig would merge the files an `$import` names (kplug's loaders refuse one at the top of a file)
  if (config !== null && typeof config === "object" && Object.hasOwn(config, "$import")) return undefined;
  if (config === null) return null;
  if (config === undefined) return { filepath, config: undefined, isEmpty: true };
  return { filepath, config };
}
