import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError, KplugError, UsageError } from "../errors.js";
import type { KonnectApi } from "../konnect/types.js";
import type { FleetTarget, Mechanism } from "./types.js";

/** Konnect's own name pattern is `^[0-9a-zA-Z\-]*$`; kplug also requires a letter or digit first. */
const SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,127}$/i;

/** A plugin name that may become a directory name: no dots, slashes, spaces or control characters. */
export function assertSafePluginName(name: string, where: string): void {
  if (!SAFE_NAME.test(name)) {
    throw new UsageError(
      `${where} ${JSON.stringify(name.slice(0, 80))} is not a valid plugin name, refusing to use it as a path`,
      "plugin names are letters, digits and dashes (Konnect's pattern ^[0-9a-zA-Z-]*$)",
    );
  }
}

export interface PulledPlugin {
  name: string;
  mechanism: Mechanism;
  schema: string;
  handler?: string;
}

/** Reads a plugin from one control plane: the endpoint its kind uses first, then the other one. */
export async function fetchPlugin(api: KonnectApi, target: FleetTarget, name: string): Promise<PulledPlugin | undefined> {
  assertSafePluginName(name, "plugin name");
  if (target.kind === "group") throw new UsageError(`${target.controlPlane.name} is a control plane group`, "pull from one of its members");
  const cpId = target.controlPlane.id;
  const order: Mechanism[] = target.kind === "dedicated-cloud-gateway" ? ["streamed"] : target.kind === "serverless" ? ["schema"] : ["schema", "streamed"];
  for (const mechanism of order) {
    if (mechanism === "schema") {
      const schema = await api.getPluginSchema(cpId, name);
      if (schema) {
        assertSafePluginName(schema.name, "the control plane's plugin name");
        return { name: schema.name, mechanism, schema: schema.luaSchema };
      }
    } else {
      const custom = await api.getCustomPlugin(cpId, name);
      if (custom) {
        assertSafePluginName(custom.name, "the control plane's plugin name");
        return { name: custom.name, mechanism, schema: custom.schema, handler: custom.handler };
      }
    }
  }
  return undefined;
}

/**
 * Writes DIR/kong/plugins/<name>/schema.lua (and handler.lua). Every path is resolved and checked
 * to stay inside DIR; existing files are kept unless `force`. Returns the written paths.
 */
export async function writePulledPlugin(outDir: string, plugin: PulledPlugin, force: boolean): Promise<string[]> {
  assertSafePluginName(plugin.name, "plugin name");
  const root = resolve(outDir);
  const pluginDir = resolve(root, "kong", "plugins", plugin.name);
  const files: [string, string][] = [[join(pluginDir, "schema.lua"), plugin.schema]];
  if (plugin.handler !== undefined) files.push([join(pluginDir, "handler.lua"), plugin.handler]);
  for (const [path] of files) {
    const rel = relative(root, path);
    if (rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes("..")) {
      throw new KplugError(`refusing to write ${path}: outside ${root}`, { code: "unsafe-path" });
    }
    if (!force && (await exists(path))) {
      throw new InputError(path, "already exists", "pass --force to overwrite it, or --out another directory");
    }
  }
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    // write then rename, so an interrupted pull never leaves half a file
    const temp = `${path}.kplug-${process.pid}.tmp`;
    await writeFile(temp, text.endsWith("\n") ? text : `${text}\n`, "utf8");
    await rename(temp, path);
  }
  return files.map(([path]) => path);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
