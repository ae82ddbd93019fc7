import type * as fs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/errors.js";
import { discoverPlugins } from "../../src/validate/discover.js";
import { loadPlugin } from "../../src/validate/load.js";
import { HANDLER, schemaOf, tempDir, writeTree } from "./temp.js";

/*
 * The tests run as root, for whom chmod never produces EACCES: fs calls on the paths in `locked`
 * fail as they would for an ordinary user after `chmod 000`. Discovery, listing and reading use
 * node:fs's synchronous calls, so those are the ones guarded (the test helpers' writes pass through).
 */
const locked = vi.hoisted(() => new Set<string>());

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  const eacces = (syscall: string, path: unknown) => Object.assign(new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), { code: "EACCES", syscall, path });
  const guard =
    <A extends unknown[], R>(syscall: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      if (locked.has(String(args[0]))) throw eacces(syscall, args[0]);
      return fn(...args);
    };
  const realpathSync = Object.assign(guard("realpath", actual.realpathSync), { native: guard("realpath", actual.realpathSync.native) });
  const guarded = {
    ...actual,
    statSync: guard("stat", actual.statSync),
    lstatSync: guard("lstat", actual.lstatSync),
    readdirSync: guard("scandir", actual.readdirSync),
    readFileSync: guard("open", actual.readFileSync),
    realpathSync,
  } as typeof actual;
  return { ...guarded, default: guarded };
});

describe("permission denied (EACCES) is an InputError naming the path", () => {
  afterEach(() => locked.clear());

  it("on an input path", async () => {
    const root = tempDir();
    writeTree(root, { "locked/schema.lua": schemaOf("locked") });
    locked.add(join(root, "locked"));
    const error = await discoverPlugins(["locked"], { cwd: root, target: "schema" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe("locked: permission denied");
    expect((error as InputError).hint).toMatch(/chmod u\+r/);
  });

  it("on a plugin's schema.lua while discovering", async () => {
    const root = tempDir();
    writeTree(root, { "locked-plugin/schema.lua": schemaOf("locked-plugin"), "locked-plugin/handler.lua": HANDLER });
    locked.add(join(root, "locked-plugin/schema.lua"));
    const error = await discoverPlugins(["locked-plugin"], { cwd: root, target: "schema" }).catch((e: unknown) => e);
    expect((error as InputError).message).toBe("locked-plugin/schema.lua: permission denied");
  });

  it("on a plugin file while loading", async () => {
    const root = tempDir();
    writeTree(root, { "plugin/schema.lua": schemaOf("plugin"), "plugin/handler.lua": HANDLER });
    locked.add(join(root, "plugin/handler.lua"));
    const location = { dir: join(root, "plugin"), schemaPath: join(root, "plugin/schema.lua"), name: "plugin", target: "schema" as const };
    const error = await loadPlugin(location, { strict: false, cwd: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe("plugin/handler.lua: permission denied");
  });

  it("on a subdirectory of the plugin while listing its entries", async () => {
    const root = tempDir();
    writeTree(root, { "plugin/schema.lua": schemaOf("plugin"), "plugin/locked/x.lua": "return 1" });
    locked.add(join(root, "plugin/locked"));
    const location = { dir: join(root, "plugin"), schemaPath: join(root, "plugin/schema.lua"), name: "plugin", target: "schema" as const };
    const error = await loadPlugin(location, { strict: false, cwd: root }).catch((e: unknown) => e);
    expect((error as InputError).message).toBe("plugin/locked: permission denied");
  });
});
