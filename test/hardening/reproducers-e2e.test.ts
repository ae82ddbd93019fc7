import { execFileSync } from "node:child_process";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKplug, type RunResult } from "../helpers/run.js";
import { expectInputError, findingsOf, parseJson, tempDirs } from "../cli/validate-helpers.js";
import { reproducers, type ReproducerName } from "./reproducers.js";

// The issue-9 reproducers and the hostile inputs found since, through the built bin/kplug.js as a
// user runs it (the fast path, the main thread's stack, every output format): each ends in a report
// or in one `kplug:` line, never exit 70 or a stack trace.

const temp = tempDirs();
let dir = "";
const names = Object.keys(reproducers) as ReproducerName[];
const schema = `return { name = "p", fields = { { config = { type = "record", fields = { { a = { type = "string" } }, { arr = { type = "array", elements = { type = "string" } } } } } } } }\n`;

/** A plugin directory `name` under the temp dir with these files. */
async function plugin(name: string, files: Record<string, string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(path, file), text);
  return path;
}

/** Exit 0 or 1 with a report on stdout and nothing on stderr. */
function expectReport(result: RunResult): void {
  expect(result.stderr).toBe("");
  expect([0, 1], result.stderr).toContain(result.exitCode);
  expect(result.stdout).not.toMatch(/^\s+at /m);
}

beforeAll(async () => {
  dir = await temp.make();
  for (const name of names) await plugin(`repro/${name}`, { "schema.lua": reproducers[name] });
});
afterAll(() => temp.cleanup());

describe.concurrent("kplug validate (spawned) on the issue-9 reproducers", () => {
  for (const name of names) {
    it(`${name}: a report, no internal error`, { timeout: 120_000 }, async () => {
      const result = await runKplug(["validate", join(dir, "repro", name), "--name", "repro", "--format", "json"]);
      expectReport(result);
      expect(JSON.parse(result.stdout)).toMatchObject({ summary: { internalErrors: 0 } });
    });
  }

  it("all of them in one run: every plugin reported, in every output format", { timeout: 300_000 }, async () => {
    for (const format of ["json", "sarif", "github", "pretty"]) {
      const result = await runKplug(["validate", ...names.map((name) => join(dir, "repro", name)), "--format", format]);
      expectReport(result);
      if (format === "json") expect(parseJson(result).plugins.map((p) => p.name).sort()).toEqual([...names].sort());
    }
  });

  it("--fix-dry-run on them: a diff or nothing, never an internal error", { timeout: 300_000 }, async () => {
    const result = await runKplug(["validate", ...names.map((name) => join(dir, "repro", name)), "--fix-dry-run"]);
    expect([0, 1], result.stderr).toContain(result.exitCode);
    // stderr: one summary line
    expect(result.stderr).toMatch(/^kplug: --fix-dry-run: [^\n]*nothing written\n$/);
  });
});

describe.concurrent("kplug validate (spawned) on hostile inputs found by the hostile families of scripts/fuzz.mjs", () => {
  it("a handler reading conf.b.b.b… 40,000 deep (quadratic before): finished, the first unknown field reported once", { timeout: 120_000 }, async () => {
    const handler = `local H = { PRIORITY = 1, VERSION = "1" }\nfunction H:access(conf)\n  local v = conf${".b".repeat(40_000)}\nend\nreturn H\n`;
    const path = await plugin("conf-chain", { "schema.lua": schema, "handler.lua": handler });
    const result = await runKplug(["validate", path, "--name", "p", "--format", "json"]);
    expectReport(result);
    expect(findingsOf(parseJson(result)).filter((f) => f.ruleId === "handler/unknown-config-field").map((f) => f.message)).toEqual([
      "conf.b: the schema's config has no field b, so this is always nil",
    ]);
  });

  it("a 6 KB unknown type shared by 4^10 fields (fuzz #13830; hung in did-you-mean before): a report, each finding without a suggestion", { timeout: 120_000 }, async () => {
    const lines = [`local t0 = { type = "${"string{ fields = ".repeat(400)}" }`];
    for (let i = 1; i <= 10; i++) lines.push(`local t${i} = { type = "record", fields = { { f0 = t${i - 1} }, { f1 = t${i - 1} }, { f2 = t${i - 1} }, { f3 = t${i - 1} } } }`);
    const path = await plugin("long-type-shared", { "schema.lua": `${lines.join("\n")}\nreturn { name = "p", fields = { { config = t10 } } }\n` });
    const result = await runKplug(["validate", path, "--name", "p", "--format", "json"]);
    expectReport(result);
    const typeFindings = findingsOf(parseJson(result)).filter((f) => /: type: expected one of: array, set, string/.test(f.message));
    expect(typeFindings.length).toBeGreaterThan(0);
    expect(typeFindings.some((f) => /did you mean/.test(f.message))).toBe(false);
  });

  it("150 nested `for i = 1, 2` loops and helpers calling helpers 8 times over 8 levels (fuzz seed 4 #1405: 2^150 rounds before): the load-time budget forgets them, a report comes back", { timeout: 120_000 }, async () => {
    const loops = `${"for i = 1, 2 do ".repeat(150)}x = 1${" end".repeat(150)}\n`;
    const helpers = Array.from({ length: 8 }, (_, i) => `local function h${i + 1}(t) ${i === 0 ? "t.n = 1" : `h${i}(t) h${i}(t) h${i}(t) h${i}(t) h${i}(t) h${i}(t) h${i}(t) h${i}(t)`} end`).join("\n");
    const path = await plugin("load-time-bomb", {
      "schema.lua": `${loops}${helpers}\nlocal d = {}\nh8(d)\nreturn { name = "p", fields = { { config = { type = "record", fields = { { a = { type = "string", default = 5 } } } } } } }\n`,
    });
    const result = await runKplug(["validate", path, "--name", "p", "--format", "json"]);
    expectReport(result);
    expect(findingsOf(parseJson(result)).map((f) => f.ruleId)).toContain("schema/default-value");
  });

  it("a file of more than 100,000 tokens is lua/syntax 'too large to check', not parsed into ~0.6 KB per token", { timeout: 120_000 }, async () => {
    const path = await plugin("many-tokens", { "schema.lua": `local x = 1\n${"x = x\n".repeat(40_000)}${schema}` });
    const result = await runKplug(["validate", path, "--name", "p", "--format", "json"]);
    expectReport(result);
    expect(findingsOf(parseJson(result)).filter((f) => f.ruleId === "lua/syntax")).toMatchObject([
      // 4 tokens on line 1, 3 on each next line: token 100,001 is on line 2 + 33,332
      { message: expect.stringMatching(/^too large to check: more than 100000 tokens/), line: 33_334 },
    ]);
  });

  it("3,000 misspelled fields on one line: every finding framed (pretty) and every rename offered (--fix-dry-run)", { timeout: 300_000 }, async () => {
    const fields = Array.from({ length: 3000 }, (_, i) => `{ f${i} = { type = "string", requird = true } }`).join(", ");
    const path = await plugin("many-findings", { "schema.lua": `return { name = "p", fields = { { config = { type = "record", fields = { ${fields} } } } } }\n` });
    const pretty = await runKplug(["validate", path, "--name", "p", "--format", "pretty"]);
    expect(pretty.exitCode, pretty.stderr).toBe(1);
    expect(pretty.stdout.match(/requird/g)?.length).toBeGreaterThanOrEqual(3000);
    const dryRun = await runKplug(["validate", path, "--name", "p", "--fix-dry-run"]);
    expect(dryRun.stderr).toMatch(/^kplug: --fix-dry-run: 3000 fixes in 1 file; nothing written\n$/);
  });
});

describe.concurrent("kplug validate --deck (spawned) on hostile decK files", () => {
  const deck = async (name: string, make: (path: string) => Promise<void> | void): Promise<[string, string]> => {
    const path = await plugin(`deck-${name}/p`, { "schema.lua": schema });
    const file = join(dir, `deck-${name}`, "kong.yaml");
    await make(file);
    return [path, file];
  };

  it("a FIFO, /dev/zero or a directory as the decK file: exit 2 'is not a regular file', without blocking or reading forever", { timeout: 120_000 }, async () => {
    const fifo = await deck("fifo", (file) => void execFileSync("mkfifo", [file]));
    expectInputError(await runKplug(["validate", fifo[0], "--deck", fifo[1]]), "kong.yaml", "is not a regular file");
    const zero = await deck("zero", (file) => symlink("/dev/zero", file));
    expectInputError(await runKplug(["validate", zero[0], "--deck", zero[1]]), "kong.yaml", "is not a regular file");
  });

  it("a billion-laughs YAML file (aliases of aliases) is exit 2 'excessive aliasing'", { timeout: 120_000 }, async () => {
    let yaml = `_format_version: "3.0"\nl0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
    for (let i = 1; i < 10; i++) yaml += `l${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    yaml += `plugins:\n- name: p\n  config:\n    arr: *a9\n`;
    const [path, file] = await deck("laughs", (f) => writeFile(f, yaml));
    expectInputError(await runKplug(["validate", path, "--deck", file]), "kong.yaml", "excessive aliasing");
  });

  it("merge keys doubling 40 times are the same refusal", { timeout: 120_000 }, async () => {
    let yaml = `_format_version: "3.0"\nm0: &m0 { a: lol }\n`;
    for (let i = 1; i < 40; i++) yaml += `m${i}: &m${i} { <<: [*m${i - 1}, *m${i - 1}], k${i}: v }\n`;
    yaml += `plugins:\n- name: p\n  config:\n    <<: *m39\n`;
    const [path, file] = await deck("merges", (f) => writeFile(f, yaml));
    expectInputError(await runKplug(["validate", path, "--deck", file]), "kong.yaml", "excessive aliasing");
  });

  it("lists nested 100,000 levels deep (flow brackets, or a run of `- `): exit 2 naming the nesting, not the parser's stack", { timeout: 120_000 }, async () => {
    const head = `_format_version: "3.0"\nplugins:\n- name: p\n  config:\n    a:\n      `;
    for (const [name, body] of [["brackets", "[".repeat(100_000) + "]".repeat(100_000)], ["dashes", "- ".repeat(100_000) + "1"]] as const) {
      const [path, file] = await deck(`deep-${name}`, (f) => writeFile(f, `${head}${body}\n`));
      const result = await runKplug(["validate", path, "--deck", file]);
      expectInputError(result, "kong.yaml:6:", "nests lists or maps hundreds of levels deep");
      expect(result.stderr).not.toContain("call stack");
    }
  });

  it("5,000 schema fields and 200 unknown config keys (fuzz #17718: 20,000 fields, 30 s before, 4.6 s after): did-you-mean skips names ruled out by length, and each hint lists 30 field names", { timeout: 180_000 }, async () => {
    const fields = Array.from({ length: 5_000 }, (_, i) => `{ f${i} = { type = "string" } }`).join(", ");
    const path = await plugin("deck-wide/p", { "schema.lua": `return { name = "p", fields = { { config = { type = "record", fields = { ${fields} } } } } }\n` });
    const keys = Array.from({ length: 200 }, (_, i) => `unknown_key_${i}: 1`).join(", ");
    const file = join(dir, "deck-wide", "kong.yaml");
    await writeFile(file, `_format_version: "3.0"\nplugins:\n- name: p\n  config: { f1: a, ff2: b, ${keys} }\n`);
    const result = await runKplug(["validate", path, "--deck", file, "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(1);
    const messages = JSON.stringify(JSON.parse(result.stdout));
    expect(messages).toContain("did you mean f2?");
    expect(messages.match(/remove it; this record's fields are: f0, f1, f2, [^"]*, f29 and 4970 more/g)?.length).toBe(200);
  });

  it("5,000 copies of one entity check on 1,000 instances (fuzz seed 4 #643: past 60 s before): a passing check is not re-run, a failing one reports once per copy", { timeout: 180_000 }, async () => {
    const checks = Array(5000).fill(`{ at_least_one_of = { "config.a" } }`).join(", ");
    const path = await plugin("deck-checks/p", { "schema.lua": `return { name = "p", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } }, entity_checks = { ${checks} } }\n` });
    const file = join(dir, "deck-checks", "kong.yaml");
    await writeFile(file, `_format_version: "3.0"\nplugins:\n${"- name: p\n  config: { a: x }\n".repeat(999)}- name: p\n  config: {}\n`);
    const result = await runKplug(["validate", path, "--deck", file, "--format", "json"]);
    expect(result.exitCode, result.stderr).toBe(1);
    const failing = findingsOf(parseJson(result)).filter((f) => f.file.endsWith("kong.yaml"));
    expect(new Set(failing.map((f) => f.message.split(":")[0]))).toEqual(new Set(["plugins[999]"]));
    expect(failing).toHaveLength(5000);
  });

  it("5,000 anchors each aliased once: aliases are resolved in one pass, and each instance is checked", { timeout: 120_000 }, async () => {
    const count = 5000;
    const yaml = `_format_version: "3.0"\nconsumers:\n${Array.from({ length: count }, (_, i) => `- &c${i} { username: u${i} }`).join("\n")}\nplugins:\n${Array.from({ length: count }, (_, i) => `- { name: p, consumer: *c${i}, config: { a: x } }`).join("\n")}\n- { name: p, config: { a: 1 } }\n`;
    const [path, file] = await deck("anchors", (f) => writeFile(f, yaml));
    const result = await runKplug(["validate", path, "--deck", file, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("kong.yaml");
  });
});

describe.concurrent("kplug validate (spawned) with hostile config files", () => {
  const deep = 100_000;
  // before: the JSON ones were exit 70 (the scan for committed tokens recursed), the YAML one quoted the reader's stack overflow
  const cases: Array<[string, string, string, string]> = [
    ["kplug.config.json", "an array", `{"plugins": ${"[".repeat(deep)}${"]".repeat(deep)}}`, "plugins"],
    ["kplug.config.json", "an object", `{"konnect": {"labels": ${'{"x":'.repeat(deep)}1${"}".repeat(deep)}}}`, "konnect.labels"],
    [".kplugrc.yaml", "an array", `plugins: ${"[".repeat(deep)}${"]".repeat(deep)}\n`, "nests lists or maps hundreds of levels deep"],
  ];
  for (const [file, what, text, expected] of cases) {
    it(`${file} with ${what} nested ${deep.toLocaleString("en-US")} levels deep: exit 2 naming the file and '${expected}'`, { timeout: 120_000 }, async () => {
      const path = await plugin(`config-${file}-${what.replace(/\W/g, "")}/p`, { "schema.lua": schema });
      await writeFile(join(path, "..", file), text);
      const result = await runKplug(["validate", "p"], { cwd: join(path, "..") });
      expectInputError(result, file, expected);
    });
  }
});
