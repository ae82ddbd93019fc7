import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assertSafePluginName, writePulledPlugin } from "../../src/fleet/pull.js";
import { KplugError } from "../../src/errors.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("pulled plugin files", () => {
  it("accepts Konnect-style names and rejects anything that could leave the directory", () => {
    for (const ok of ["demo", "rate-limit-v2", "A1"]) expect(() => assertSafePluginName(ok, "name")).not.toThrow();
    for (const bad of ["../x", "..", "a/b", "a\\b", "/etc", ".hidden", "-lead", "", "x y", "x\u0000", "é"]) {
      expect(() => assertSafePluginName(bad, "name")).toThrow(KplugError);
    }
  });

  it("writes schema.lua and handler.lua under DIR/kong/plugins/<name>, and keeps existing files without force", async () => {
    dir = await mkdtemp(join(tmpdir(), "kplug-pull-"));
    const files = await writePulledPlugin(dir, { name: "demo", mechanism: "streamed", schema: "return {}", handler: "return {}\n" }, false);
    expect(files).toEqual([join(dir, "kong/plugins/demo/schema.lua"), join(dir, "kong/plugins/demo/handler.lua")]);
    expect(await readFile(files[0] as string, "utf8")).toBe("return {}\n");
    await writeFile(files[0] as string, "mine\n");
    await expect(writePulledPlugin(dir, { name: "demo", mechanism: "schema", schema: "theirs" }, false)).rejects.toThrow(/already exists/);
    expect(await readFile(files[0] as string, "utf8")).toBe("mine\n");
    await writePulledPlugin(dir, { name: "demo", mechanism: "schema", schema: "theirs" }, true);
    expect(await readFile(files[0] as string, "utf8")).toBe("theirs\n");
  });

  it("never writes outside DIR even for a name that slipped through", async () => {
    dir = await mkdtemp(join(tmpdir(), "kplug-pull-"));
    const out = join(dir, "out");
    await mkdir(out);
    await expect(writePulledPlugin(out, { name: "../../escape", mechanism: "schema", schema: "x" }, true)).rejects.toThrow(KplugError);
    expect(existsSync(join(dir, "escape"))).toBe(false);
  });
});
