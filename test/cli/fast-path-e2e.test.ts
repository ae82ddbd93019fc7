import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as nodeModule from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import { version } from "../../src/version.js";
import { runKplug } from "../helpers/run.js";

// bin/kplug.js runs validate, rules and --version through dist/cli/fast.cjs (no commander, a V8 code
// cache) and hands everything else to the full CLI. `--debug` always takes the full CLI, so comparing
// the two shows the fast path changes nothing a user sees.

/** Node 22+ caches through module.enableCompileCache (a directory of its own) instead of vm.Script's cachedData file */
const compileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === "function";
const cacheFiles = async (dir: string): Promise<string[]> => (await readdir(join(dir, "kplug")).catch(() => [])).filter((name) => name.endsWith(".v8") || name === "node-compile-cache");

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kplug-fast-"));
  dirs.push(dir);
  return dir;
}

/** A cache home and a tmpdir of the test's own, so that nothing is read from or left in the user's. */
async function cacheEnv(): Promise<{ env: Record<string, string>; cacheHome: string; tmp: string }> {
  const cacheHome = await tempDir();
  const tmp = await tempDir();
  return { env: { XDG_CACHE_HOME: cacheHome, TMPDIR: tmp }, cacheHome, tmp };
}

const cases: string[][] = [
  ["validate", "fixtures/examples", "--format", "json"],
  ["validate", "fixtures/rules/schema/attribute-value", "--target", "streamed", "--strict", "--format", "sarif"],
  ["validate", "fixtures/legacy/ip-gate", "--no-color"],
  ["validate", "fixtures/rules/konnect-content/name-mismatch", "--name", "other", "-o", "json", "--max-warnings", "0"],
  ["validate", "fixtures/rules/files/forbidden", "-q", "--format", "github"],
  ["validate", "fixtures/no-such-plugin", "--json"],
  ["rules", "--json"],
];

describe("the cold-start path", () => {
  it.each(cases)("prints and exits exactly as the full CLI: %s %s", async (...args) => {
    const { env } = await cacheEnv();
    const fast = await runKplug(args, { env });
    const full = await runKplug([...args, "--debug"], { env });
    expect(fast.exitCode).toBe(full.exitCode);
    expect(fast.stdout).toBe(full.stdout);
    // --debug adds a stack trace after an error's one line
    expect(full.stderr.startsWith(fast.stderr)).toBe(true);
    expect(fast.stderr === full.stderr || fast.exitCode === 2).toBe(true);
  });

  it("--version prints the version", async () => {
    const { env } = await cacheEnv();
    expect(await runKplug(["--version"], { env })).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
  });

  it("writes a code cache named by version after a validate run, outside the project, and uses it after", async () => {
    const { env, cacheHome } = await cacheEnv();
    const first = await runKplug(["validate", "fixtures/examples", "--format", "json"], { env });
    const files = await cacheFiles(cacheHome);
    expect(files).toEqual([compileCache ? "node-compile-cache" : expect.stringMatching(new RegExp(`^fast-${version.replace(/\./g, "\\.")}-[0-9a-f]{16}-v[\\d.]+-\\w+\\.v8$`))]);
    const second = await runKplug(["validate", "fixtures/examples", "--format", "json"], { env });
    expect(second).toEqual(first);
    expect(await cacheFiles(cacheHome)).toEqual(files);
  });

  it("replaces an older build's cache of the same command instead of piling up files", async () => {
    const { env, cacheHome } = await cacheEnv();
    await mkdir(join(cacheHome, "kplug"), { recursive: true });
    const stale = "fast-0.0.1-0123456789abcdef-v20.0.0-x64.v8";
    const otherCommand = "full-list-0.0.1-0123456789abcdef-v20.0.0-x64.v8";
    for (const name of [stale, otherCommand]) await writeFile(join(cacheHome, "kplug", name), "old");
    expect((await runKplug(["validate", "fixtures/examples", "--format", "json"], { env })).exitCode).toBe(0);
    const files = await cacheFiles(cacheHome);
    // Node 22+ keeps its own compile cache and never writes these files: the old ones stay untouched
    if (compileCache) expect(files).toEqual(expect.arrayContaining([stale, otherCommand]));
    else {
      expect(files).toHaveLength(2);
      expect(files).toContain(otherCommand);
      expect(files.find((name) => name !== otherCommand)).toMatch(new RegExp(`^fast-${version.replace(/\./g, "\\.")}-[0-9a-f]{16}-`));
    }
  });

  it("runs without a cache when none can be written (the cache home is a file), falling back to tmpdir", async () => {
    const { env, tmp } = await cacheEnv();
    const notADir = join(await tempDir(), "file");
    await writeFile(notADir, "x");
    const result = await runKplug(["validate", "fixtures/examples", "--format", "json"], { env: { ...env, XDG_CACHE_HOME: notADir } });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ summary: { plugins: 3, errors: 0 } });
    expect((await readdir(tmp)).filter((name) => name.startsWith("kplug-"))).toHaveLength(1);
  });

  it("concurrent first runs all succeed alike and leave one whole cache file", async () => {
    const { env, cacheHome } = await cacheEnv();
    const runs = await Promise.all(Array.from({ length: 4 }, () => runKplug(["validate", "fixtures/examples", "--format", "json"], { env })));
    for (const run of runs) expect(run).toEqual(runs[0]);
    expect(await cacheFiles(cacheHome)).toHaveLength(1);
    expect((await readdir(join(cacheHome, "kplug"))).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("hands what it does not know to the full CLI: --help, a flag it lacks, a glob, a YAML config file", async () => {
    const { env, cacheHome } = await cacheEnv();
    const help = await runKplug(["validate", "--help"], { env });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kplug validate \[options\] \[paths\.\.\.\]/);
    const unknown = await runKplug(["validate", "fixtures/examples", "--no-such-flag"], { env });
    expect(unknown).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^kplug: unknown option '--no-such-flag'/) });
    const glob = await runKplug(["validate", "fixtures/examples/kong/plugins/*", "--format", "json"], { env });
    expect(JSON.parse(glob.stdout)).toMatchObject({ summary: { plugins: 3 } });
    const configured = await tempDir();
    await writeFile(join(configured, "kplug.config.yaml"), "rules:\n  konnect/schema-name: off\n");
    const withConfig = await runKplug(["validate", join(process.cwd(), "fixtures/rules/konnect-content/name-mismatch"), "--format", "json"], { env, cwd: configured });
    expect(JSON.parse(withConfig.stdout).plugins[0].findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("konnect/schema-name");
    // none of these ran the fast path's validate, so it wrote no cache of its own (the full CLI keeps its own)
    if (!compileCache) expect((await cacheFiles(cacheHome)).filter((name) => name.startsWith("fast-"))).toEqual([]);
  });
});

describe("the cold-start path with a JSON config file", () => {
  const plugin = join(process.cwd(), "fixtures/rules/konnect-content/name-mismatch");
  const examples = join(process.cwd(), "fixtures/examples/kong/plugins");
  const configs: [string, unknown][] = [
    ["rules and a warning budget", { rules: { "konnect/schema-name": "off" }, maxWarnings: 0 }],
    ["plugins listed, with a target and strict", { plugins: [plugin, { path: join(examples, "ip-tag"), target: "streamed" }], strict: true }],
    ["konnect settings only", { konnect: { rateLimit: 100, concurrency: 4 } }],
    ["a glob in plugins (handed over)", { plugins: [join(examples, "*")] }],
    ["a decK file (handed over)", { deck: join(process.cwd(), "fixtures/deck/kong.yaml") }],
    ["an unknown rule (handed over, reported)", { rules: { "konnect/no-such-rule": "off" } }],
    ["a wrong type (handed over, reported)", { konnect: { rateLimit: "fast" } }],
  ];

  it.each(configs)("prints and exits exactly as the full CLI: %s", async (_, config) => {
    const { env } = await cacheEnv();
    const configured = await tempDir();
    await writeFile(join(configured, "kplug.config.json"), JSON.stringify(config));
    const args = (config as { plugins?: unknown }).plugins ? ["validate", "--format", "json"] : ["validate", plugin, "--format", "json"];
    const fast = await runKplug(args, { env, cwd: configured });
    const full = await runKplug([...args, "--debug"], { env, cwd: configured });
    expect(fast.exitCode).toBe(full.exitCode);
    expect(fast.stdout).toBe(full.stdout);
    expect(full.stderr.startsWith(fast.stderr)).toBe(true);
  });

  it("reads it in a bundle of its own, kept with a code cache of its own beside the fast path's", async () => {
    const { env, cacheHome } = await cacheEnv();
    const configured = await tempDir();
    await writeFile(join(configured, "kplug.config.json"), JSON.stringify({ rules: { "konnect/schema-name": "off" } }));
    const first = await runKplug(["validate", plugin, "--format", "json"], { env, cwd: configured });
    expect(JSON.parse(first.stdout).plugins[0].findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("konnect/schema-name");
    const files = await cacheFiles(cacheHome);
    if (compileCache) expect(files).toEqual(["node-compile-cache"]);
    else expect(files.map((name) => name.replace(/-\d.*$/, "")).sort()).toEqual(["config-reader", "fast"]);
    expect(await runKplug(["validate", plugin, "--format", "json"], { env, cwd: configured })).toEqual(first);
    expect(await cacheFiles(cacheHome)).toEqual(files);
  });
});

describe("the full CLI's bundle", () => {
  it("keeps a code cache per command, outside the project, and prints the same with it", async () => {
    const { env, cacheHome } = await cacheEnv();
    const emulator = await startEmulator({ seed: { generate: { hybrid: 3, namePrefix: "cache" } } });
    try {
      const konnect = { ...env, KONNECT_ADDR: emulator.url, KONNECT_TOKEN: "kpat_cachetest0123456789" };
      const first = await runKplug(["list", "--all", "--json"], { env: konnect });
      expect(first.exitCode).toBe(0);
      expect(JSON.parse(first.stdout).controlPlanes).toHaveLength(3);
      const files = await cacheFiles(cacheHome);
      expect(files).toEqual([compileCache ? "node-compile-cache" : expect.stringMatching(new RegExp(`^full-list-${version.replace(/\./g, "\\.")}-[0-9a-f]{16}-v[\\d.]+-\\w+\\.v8$`))]);
      const second = await runKplug(["list", "--all", "--json"], { env: konnect });
      expect(second).toEqual(first);
      expect(await runKplug(["list", "--all", "--json", "--debug"], { env: konnect })).toMatchObject({ exitCode: 0, stdout: first.stdout });
      expect(await cacheFiles(cacheHome)).toEqual(files);
    } finally {
      await emulator.stop();
    }
  });

  it("loads a JavaScript config file (import() from the bundle)", async () => {
    const { env } = await cacheEnv();
    const configured = await tempDir();
    await writeFile(join(configured, "kplug.config.mjs"), `export default { rules: { "konnect/schema-name": "off" } };\n`);
    const plugin = join(process.cwd(), "fixtures/rules/konnect-content/name-mismatch");
    const ruleIds = (stdout: string) => JSON.parse(stdout).plugins[0].findings.map((f: { ruleId: string }) => f.ruleId);
    const unconfigured = await runKplug(["validate", plugin, "--format", "json"], { env });
    expect(ruleIds(unconfigured.stdout)).toContain("konnect/schema-name");
    for (const debug of [[], ["--debug"]]) {
      const result = await runKplug(["validate", plugin, "--format", "json", ...debug], { env, cwd: configured });
      expect(ruleIds(result.stdout)).not.toContain("konnect/schema-name");
    }
  });
});
