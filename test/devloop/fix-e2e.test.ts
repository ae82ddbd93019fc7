import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturesRoot } from "../helpers/plugin.js";
import { runKplug } from "../helpers/run.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-fix-"));
  for (const name of ["exact-typedefs", "typos"]) await cp(join(fixturesRoot, "fix", name), join(dir, name), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kplug validate --fix / --fix-dry-run", () => {
  it("--fix-dry-run prints the diff and writes nothing", async () => {
    const before = await readFile(join(dir, "exact-typedefs/schema.lua"), "utf8");
    const result = await runKplug(["validate", "exact-typedefs", "--fix-dry-run"], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("--- a/exact-typedefs/schema.lua\n+++ b/exact-typedefs/schema.lua\n");
    expect(result.stdout).toContain('-local typedefs = require "kong.db.schema.typedefs"\n');
    expect(result.stdout).toContain('+          { method = { type = "string", match = "^%u+$",');
    expect(result.stderr).toBe("kplug: --fix-dry-run: 1 fix in 1 file; nothing written\n");
    expect(await readFile(join(dir, "exact-typedefs/schema.lua"), "utf8")).toBe(before);
  });

  it("--fix writes the fixes, then reports what is left (nothing under --strict here)", async () => {
    const result = await runKplug(["validate", "exact-typedefs", "typos", "--fix", "--strict"], { cwd: dir });
    expect(result.stderr).toBe("kplug: --fix: 5 fixes applied in 2 files: exact-typedefs/schema.lua, typos/schema.lua\n");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).not.toContain("exact-typedefs/schema.lua");
    expect(result.stdout).toContain("len_mix: unknown field");
    expect(result.stdout).toContain("✖ 2 problems (2 errors, 0 warnings) in 1 plugin");
    const fixed = await readFile(join(dir, "typos/schema.lua"), "utf8");
    expect(fixed).toContain("name = 'typos',");
    const strict = await runKplug(["validate", "exact-typedefs", "--strict"], { cwd: dir });
    expect(strict.stdout).toBe("✔ 1 plugin valid, no problems\n");
  });

  it("lists each finding's fix in JSON and SARIF", async () => {
    const json = JSON.parse((await runKplug(["validate", "typos", "--json"], { cwd: dir })).stdout) as {
      plugins: { findings: { message: string; fix: { description: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] } | null }[] }[];
    };
    const findings = json.plugins[0]?.findings ?? [];
    expect(findings.find((f) => f.message.includes("requird"))?.fix).toEqual({
      description: "rename requird to required",
      edits: [{ line: 9, column: 41, endLine: 9, endColumn: 48, text: "required" }],
    });
    expect(findings.find((f) => f.message.includes("nilable"))?.fix).toBeNull();

    const sarif = JSON.parse((await runKplug(["validate", "typos", "--format", "sarif"], { cwd: dir })).stdout) as {
      runs: { results: { message: { text: string }; fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[] }[] }[];
    };
    const requird = sarif.runs[0]?.results.find((r) => r.message.text.includes("requird"));
    expect(requird?.fixes).toEqual([
      {
        description: { text: "rename requird to required" },
        artifactChanges: [
          {
            artifactLocation: { uri: "typos/schema.lua", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { startLine: 9, startColumn: 41, endLine: 9, endColumn: 48 }, insertedContent: { text: "required" } }],
          },
        ],
      },
    ]);
  });

  it("refuses - (stdin) with --fix", async () => {
    const result = await runKplug(["validate", "-", "--name", "x", "--fix"], { input: "return {}" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("kplug: --fix and --fix-dry-run need files");
  });
});
