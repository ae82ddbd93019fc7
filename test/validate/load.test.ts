import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { loadPlugin } from "../../src/validate/load.js";
import { validatePlugins } from "../../src/validate/run.js";
import type { PluginLocation } from "../../src/validate/types.js";
import { HANDLER, schemaOf, tempDir, writeTree } from "./temp.js";

function locationOf(dir: string, name = "my-plugin"): PluginLocation {
  return { dir, schemaPath: join(dir, "schema.lua"), name, target: "streamed" };
}

async function loadError(root: string, files: Record<string, string | Buffer>): Promise<InputError> {
  writeTree(root, files);
  const error = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root }).catch((e: unknown) => e);
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

describe("loadPlugin", () => {
  it("reads schema.lua, handler.lua and the other Lua files, and lists every entry", async () => {
    const root = tempDir();
    writeTree(root, {
      "my-plugin/schema.lua": schemaOf("my-plugin"),
      "my-plugin/handler.lua": HANDLER,
      "my-plugin/util.lua": "return {}\n",
      "my-plugin/migrations/init.lua": "return {}\n",
      "my-plugin/README.md": "docs\n",
    });
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: true, cwd: root });
    expect(plugin.entries).toEqual(["README.md", "handler.lua", "migrations/", "migrations/init.lua", "schema.lua", "util.lua"]);
    expect(plugin).toMatchObject({ name: "my-plugin", dir: join(root, "my-plugin"), target: "streamed", strict: true });
    expect(plugin.schema?.file).toEqual({ path: join(root, "my-plugin/schema.lua"), displayPath: "my-plugin/schema.lua", relPath: "schema.lua", text: schemaOf("my-plugin"), bytes: schemaOf("my-plugin").length });
    expect(plugin.schema?.source.chunk).toBeDefined();
    expect(plugin.handler?.file.displayPath).toBe("my-plugin/handler.lua");
    expect(plugin.otherLua.map((f) => f.relPath)).toEqual(["migrations/init.lua", "util.lua"]);
  });

  it("shows absolute paths for a plugin outside the cwd", async () => {
    const root = tempDir();
    writeTree(root, { "my-plugin/schema.lua": schemaOf("my-plugin") });
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: tempDir() });
    expect(plugin.schema?.file.displayPath).toBe(join(root, "my-plugin/schema.lua"));
    expect(plugin.handler).toBeUndefined();
  });

  it("lists a symlinked directory without walking into it (no loop)", async () => {
    const root = tempDir();
    writeTree(root, { "my-plugin/schema.lua": schemaOf("my-plugin"), "my-plugin/sub/a.txt": "a" });
    symlinkSync(join(root, "my-plugin"), join(root, "my-plugin/sub/up"));
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root });
    expect(plugin.entries).toEqual(["schema.lua", "sub/", "sub/a.txt", "sub/up/"]);
  });

  it("drops a UTF-8 BOM and keeps non-ASCII text", async () => {
    const root = tempDir();
    const text = `-- café\n${schemaOf("my-plugin")}`;
    writeTree(root, { "my-plugin/schema.lua": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) });
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root });
    expect(plugin.schema?.file.text).toBe(text);
    expect(plugin.schema?.source.syntaxError).toBeUndefined();
  });

  it("turns a Lua syntax error into a lua/syntax finding, not an exception", async () => {
    const root = tempDir();
    writeTree(root, { "my-plugin/schema.lua": "return { name = \n" });
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root });
    const report = validatePlugins([plugin]);
    expect(report.plugins[0]?.findings.map((f) => `${f.ruleId} ${f.file}:${f.location?.line}`)).toContain("lua/syntax my-plugin/schema.lua:2");
  });

  it("does not fail on an unusable extra Lua module (only its path matters)", async () => {
    const root = tempDir();
    writeTree(root, { "my-plugin/schema.lua": schemaOf("my-plugin"), "my-plugin/empty.lua": "", "my-plugin/bin.lua": Buffer.from([0, 1, 2]) });
    const plugin = await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root });
    expect(plugin.otherLua.map((f) => [f.relPath, f.bytes])).toEqual([["bin.lua", 3], ["empty.lua", 0]]);
  });
});

describe("loadPlugin: unusable schema.lua / handler.lua are InputErrors (exit 2) with a fix", () => {
  it("an empty (or blank) file", async () => {
    const error = await loadError(tempDir(), { "my-plugin/schema.lua": "  \n\n" });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("my-plugin/schema.lua: is empty");
    expect(error.hint).toMatch(/^write the schema/);
    const handler = await loadError(tempDir(), { "my-plugin/schema.lua": schemaOf("my-plugin"), "my-plugin/handler.lua": "" });
    expect(handler.message).toBe("my-plugin/handler.lua: is empty");
  });

  it("a file over 1 MiB", async () => {
    const error = await loadError(tempDir(), { "my-plugin/schema.lua": `return {}\n${"-".repeat(1024 * 1024)}` });
    expect(error.message).toBe("my-plugin/schema.lua: is 1,048,586 bytes, over the 1 MiB (1,048,576 bytes) limit");
  });

  it("a binary file (NUL bytes)", async () => {
    const error = await loadError(tempDir(), { "my-plugin/schema.lua": Buffer.from("return {}\0\n") });
    expect(error.message).toBe("my-plugin/schema.lua: is a binary file (it contains NUL bytes)");
  });

  it("text that is not valid UTF-8", async () => {
    const error = await loadError(tempDir(), { "my-plugin/schema.lua": Buffer.from([0x72, 0x65, 0x74, 0xff, 0xfe, 0x0a]) });
    expect(error.message).toBe("my-plugin/schema.lua: is not valid UTF-8 text");
    expect(error.hint).toMatch(/save the file as UTF-8/);
  });

  it("a directory named schema.lua (or handler.lua)", async () => {
    const root = tempDir();
    mkdirSync(join(root, "my-plugin/schema.lua"), { recursive: true });
    const error = (await loadPlugin(locationOf(join(root, "my-plugin")), { strict: false, cwd: root }).catch((e: unknown) => e)) as InputError;
    expect(error.message).toBe("my-plugin/schema.lua: is a directory, not a file");
    const other = tempDir();
    writeTree(other, { "my-plugin/schema.lua": schemaOf("my-plugin") });
    mkdirSync(join(other, "my-plugin/handler.lua"));
    const handler = (await loadPlugin(locationOf(join(other, "my-plugin")), { strict: false, cwd: other }).catch((e: unknown) => e)) as InputError;
    expect(handler.message).toBe("my-plugin/handler.lua: is a directory, not a file");
  });

  it("a schema.lua that vanished after discovery", async () => {
    const error = await loadError(tempDir(), { "my-plugin/handler.lua": HANDLER });
    expect(error.message).toBe("my-plugin/schema.lua: no such file");
  });
});
