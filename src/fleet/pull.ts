import { constants } from "node:fs";
import { lstat, mkdir, open, readlink, realpath, rename, rm } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ExitCode, InputError, KplugError, UsageError } from "../errors.js";
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
        assertSameName(name, schema.name, target);
        return { name: schema.name, mechanism, schema: schema.luaSchema };
      }
    } else {
      const custom = await api.getCustomPlugin(cpId, name);
      if (custom) {
        assertSameName(name, custom.name, target);
        return { name: custom.name, mechanism, schema: custom.schema, handler: custom.handler };
      }
    }
  }
  return undefined;
}

/** the control plane must answer with the plugin asked for: `pull a` never writes a plugin named `b` */
function assertSameName(asked: string, answered: string, target: FleetTarget): void {
  if (answered === asked) return;
  const shown = SAFE_NAME.test(answered) ? answered : JSON.stringify(answered.slice(0, 80));
  throw new KplugError(`asked ${target.controlPlane.name} for plugin ${asked}, it answered with a plugin named ${shown}; nothing written`, {
    code: "konnect",
    exitCode: ExitCode.failure,
    hint: `a proxy or a wrong address may be answering; kplug list --control-plane ${target.controlPlane.id} shows the plugins there`,
  });
}

function unsafePath(path: string, why: string): KplugError {
  return new KplugError(`refusing to write ${path}: ${why}`, { code: "unsafe-path", hint: "remove it, or pull into another --out directory" });
}

/**
 * The directory `root/parts…`, made one level at a time without following links: an existing
 * symbolic link (or a file) anywhere below the output folder is refused, so nothing is ever written
 * outside it. The output folder itself may be a link: that is where the user asked to write.
 */
async function directoryInside(root: string, parts: string[]): Promise<string> {
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    let info = await lstat(current).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
    if (!info) {
      await mkdir(current).catch((error: NodeJS.ErrnoException) => (error.code === "EEXIST" ? undefined : Promise.reject(error)));
      info = await lstat(current);
    }
    if (info.isSymbolicLink()) throw unsafePath(current, `it is a symbolic link (to ${await readlink(current).catch(() => "?")}) inside the output folder`);
    if (!info.isDirectory()) throw unsafePath(current, "it exists and is not a directory");
  }
  return current;
}

/**
 * Writes DIR/kong/plugins/<name>/schema.lua (and handler.lua). Every path is resolved and checked
 * to stay inside DIR, no symbolic link below DIR is followed, each file is written to a new temp
 * file (O_EXCL, O_NOFOLLOW) and renamed over the old one. Existing files are kept unless `force`.
 * Returns the written paths.
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
  }
  await mkdir(root, { recursive: true });
  const dir = await directoryInside(root, ["kong", "plugins", plugin.name]);
  for (const [path] of files) {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) throw unsafePath(path, "it is a symbolic link inside the output folder");
    if (info && !info.isFile()) throw unsafePath(path, "it exists and is not a regular file");
    if (info && !force) throw new InputError(path, "already exists", "pass --force to overwrite it, or --out another directory");
  }
  // the folders were checked one by one; make sure no link was swapped in since
  const expected = join(await realpath(root), "kong", "plugins", plugin.name);
  if ((await realpath(dir)) !== expected) throw unsafePath(dir, "it changed into a link while kplug was writing");
  for (const [path, text] of files) await writeAtomically(join(dir, basename(path)), text.endsWith("\n") ? text : `${text}\n`);
  return files.map(([path]) => path);
}

/** a new temp file next to `path` (never an existing one, never through a link), then a rename over it */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = join(resolve(path, ".."), `.${basename(path)}.kplug-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    await handle.writeFile(text, "utf8");
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}
