import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, KplugError, UsageError } from "../../src/errors.js";
import { discoverPlugins } from "../../src/validate/discover.js";
import { inputErrorFor } from "../../src/validate/fs-errors.js";
import { schemaOf, tempDir, writeTree } from "./temp.js";

const discover = (cwd: string, inputs: string[], name?: string) => discoverPlugins(inputs, { cwd, target: "schema", ...(name ? { name } : {}) });
const dirsOf = (locations: { dir: string }[], root: string) => locations.map((l) => l.dir.slice(root.length + 1));

/** A repository with two plugins, a folder that is not a plugin, and a stray file. */
function repo(): string {
  const root = tempDir();
  writeTree(root, {
    "kong/plugins/beta/schema.lua": schemaOf("beta"),
    "kong/plugins/alpha/schema.lua": schemaOf("alpha"),
    "kong/plugins/alpha/handler.lua": "return {}\n",
    "kong/plugins/not-a-plugin/README.md": "notes\n",
    "kong/plugins/stray.lua": "return 1\n",
    "README.md": "# repo\n",
  });
  return root;
}

async function errorOf(promise: Promise<unknown>): Promise<KplugError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof KplugError)) throw new Error(`expected a KplugError, got ${String(error)}`);
  return error;
}

describe("discoverPlugins: input kinds", () => {
  it("a plugin directory: name = directory name, schemaPath inside it, target passed through", async () => {
    const root = repo();
    const [location, ...rest] = await discoverPlugins(["kong/plugins/alpha"], { cwd: root, target: "streamed" });
    expect(rest).toEqual([]);
    expect(location).toEqual({ dir: join(root, "kong/plugins/alpha"), schemaPath: join(root, "kong/plugins/alpha/schema.lua"), name: "alpha", target: "streamed" });
  });

  it("any folder holding a schema.lua is a plugin, and a schema.lua file stands for its folder", async () => {
    const root = tempDir();
    writeTree(root, { "my-plugin/schema.lua": schemaOf("my-plugin") });
    expect(dirsOf(await discover(root, ["my-plugin"]), root)).toEqual(["my-plugin"]);
    expect(dirsOf(await discover(root, ["my-plugin/schema.lua"]), root)).toEqual(["my-plugin"]);
    expect((await discover(join(root, "my-plugin"), ["."]))[0]?.name).toBe("my-plugin");
  });

  it("a repository root: every kong/plugins/<name>/ holding a schema.lua, sorted", async () => {
    const root = repo();
    expect(dirsOf(await discover(root, ["."]), root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
  });

  it("a folder of plugin directories (kong/plugins itself)", async () => {
    const root = repo();
    expect(dirsOf(await discover(root, ["kong/plugins"]), root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
  });

  it("globs: directories or schema.lua files; non-plugin matches are skipped", async () => {
    const root = repo();
    expect(dirsOf(await discover(root, ["kong/plugins/*"]), root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
    expect(dirsOf(await discover(root, ["**/schema.lua"]), root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
    expect(dirsOf(await discover(root, ["kong/plugins/{beta,nothing}"]), root)).toEqual(["kong/plugins/beta"]);
  });

  it("dedupes by real directory (dir, its schema.lua, a symlink to it) and sorts across inputs", async () => {
    const root = repo();
    symlinkSync(join(root, "kong/plugins/beta"), join(root, "beta-link"));
    const found = await discover(root, ["kong/plugins/beta", "kong/plugins/alpha/schema.lua", "beta-link", "kong/plugins/beta/schema.lua", "."]);
    expect(dirsOf(found, root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
  });

  it("--name overrides the directory name for exactly one plugin, and is a usage error otherwise", async () => {
    const root = repo();
    expect((await discover(root, ["kong/plugins/alpha"], "renamed"))[0]?.name).toBe("renamed");
    const error = await errorOf(discover(root, ["."], "renamed"));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("--name applies to exactly one plugin, but the inputs hold 2");
  });
});

describe("discoverPlugins: bad inputs are InputErrors (exit 2) naming the path and the fix", () => {
  it("a missing path", async () => {
    const error = await errorOf(discover(tempDir(), ["nope"]));
    expect(error).toBeInstanceOf(InputError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("nope: no such file or directory");
    expect(error.hint).toMatch(/pass a plugin directory/);
  });

  it("a glob matching nothing, and a glob matching no plugin", async () => {
    const root = repo();
    expect((await errorOf(discover(root, ["plugins/*"]))).message).toBe("plugins/*: the glob matched nothing");
    expect((await errorOf(discover(root, ["*.md"]))).message).toBe("*.md: the glob matched 1 path(s) but no plugin");
  });

  it("a directory without schema.lua nor kong/plugins, and an empty kong/plugins", async () => {
    const root = tempDir();
    writeTree(root, { "docs/README.md": "x", "empty-repo/kong/plugins/x/handler.lua": "return {}" });
    const plain = await errorOf(discover(root, ["docs"]));
    expect(plain.message).toBe("docs: has no schema.lua and no kong/plugins/<name>/schema.lua below it");
    expect(plain.hint).toMatch(/^pass a plugin directory \(the folder holding schema.lua\)/);
    expect((await errorOf(discover(root, ["empty-repo"]))).message).toBe("empty-repo/kong/plugins: holds no plugin directory with a schema.lua");
  });

  it("a file that is not schema.lua", async () => {
    const root = repo();
    const error = await errorOf(discover(root, ["kong/plugins/alpha/handler.lua"]));
    expect(error.message).toBe("kong/plugins/alpha/handler.lua: is a file but not a schema.lua");
  });

  it("a path that is neither a file nor a directory (a device)", async () => {
    const error = await errorOf(discover(tempDir(), ["/dev/null"]));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("/dev/null: is neither a file nor a directory (a socket, device or FIFO)");
  });

  it("a symlink loop (ELOOP)", async () => {
    const root = tempDir();
    symlinkSync(join(root, "b"), join(root, "a"));
    symlinkSync(join(root, "a"), join(root, "b"));
    const error = await errorOf(discover(root, ["a"]));
    expect(error.message).toBe("a: too many levels of symbolic links (a symlink loop)");
    expect(error.hint).toBe("fix or remove the symbolic link");
  });

  it("a symlink loop inside kong/plugins is skipped, not followed", async () => {
    const root = repo();
    symlinkSync(join(root, "kong/plugins/loop"), join(root, "kong/plugins/loop"));
    expect(dirsOf(await discover(root, ["."]), root)).toEqual(["kong/plugins/alpha", "kong/plugins/beta"]);
  });

  it("maps fs error codes to messages (EACCES, EPERM, ENOTDIR, anything else)", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(inputErrorFor("p", err("EACCES")).message).toBe("p: permission denied");
    expect(inputErrorFor("p", err("EPERM")).message).toBe("p: permission denied");
    expect(inputErrorFor("p", err("ENOTDIR")).message).toBe("p: no such file or directory");
    expect(inputErrorFor("p", err("EIO")).message).toBe("p: cannot be read (EIO)");
    expect(inputErrorFor("p", new Error("boom")).message).toBe("p: cannot be read: boom");
  });

  it("keeps an existing path whose name looks like a glob a path", async () => {
    const root = tempDir();
    mkdirSync(join(root, "odd[1]"));
    writeTree(root, { "odd[1]/schema.lua": schemaOf("odd") });
    expect(dirsOf(await discover(root, ["odd[1]"]), root)).toEqual(["odd[1]"]);
  });
});
