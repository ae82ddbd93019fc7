import { cp, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runKplug } from "../helpers/run.js";
import { expectInputError, expectUsageError, findingsOf, parseJson, tempDirs } from "./validate-helpers.js";

// `kplug validate` on input it cannot use: exit 2, one `kplug: <path>: <problem> (<fix>)` line, no stack.

const IP_TAG = "fixtures/examples/kong/plugins/ip-tag";
const TOKEN = "kpat_FAKEFAKEFAKEFAKEFAKEFAKE0123456789";

const temp = tempDirs();
let dir = "";

beforeAll(async () => {
  dir = await temp.make();
  const plugin = async (name: string, schema: string | Buffer | undefined, handler?: string | Buffer): Promise<void> => {
    await mkdir(join(dir, name), { recursive: true });
    if (schema !== undefined) await writeFile(join(dir, name, "schema.lua"), schema);
    if (handler !== undefined) await writeFile(join(dir, name, "handler.lua"), handler);
  };
  await plugin("no-schema", undefined);
  await writeFile(join(dir, "no-schema", "handler.lua"), "return {}\n");
  await plugin("empty", "  \n\n");
  await plugin("binary", Buffer.from("return {\0}\n", "latin1"));
  await plugin("latin1", Buffer.from([...Buffer.from('return { name = "caf'), 0xe9, ...Buffer.from('" }\n')]));
  await plugin("huge", `-- ${"x".repeat(1024 * 1024)}\nreturn {}\n`);
  await plugin("binary-handler", 'return { name = "binary-handler", fields = {} }\n', Buffer.from([0x72, 0x00, 0x01]));
  await mkdir(join(dir, "dir-schema", "schema.lua"), { recursive: true });
  await mkdir(join(dir, "loop"));
  await symlink("schema.lua", join(dir, "loop", "schema.lua"));
  await symlink("self-link", join(dir, "self-link"));
  await writeFile(join(dir, "notes.md"), "# notes\n");
  await mkdir(join(dir, "docs", "guide"), { recursive: true });
  // the comma after the name is missing: the parser stops at `fields` (line 3, column 3)
  await plugin("malformed", 'return {\n  name = "malformed"\n  fields = {\n    { config = { type = "record", fields = {} } },\n  },\n}\n');
});
afterAll(() => temp.cleanup());

describe.concurrent("kplug validate: unusable input is exit 2 with the path and a fix", () => {
  const cases: [string, string, string[]][] = [
    ["a missing path", "no/such/plugin", ["kplug: no/such/plugin: no such file or directory (check the path; pass a plugin directory"]],
    ["a directory with no schema.lua", "no-schema", ["kplug: no-schema: has no schema.lua and no kong/plugins/<name>/schema.lua below it (pass a plugin directory"]],
    ["a blank schema.lua", "empty", ["kplug: empty/schema.lua: is empty (write the schema: return { name ="]],
    ["a binary schema.lua", "binary", ["kplug: binary/schema.lua: is a binary file (it contains NUL bytes) (schema.lua must be Lua source text)"]],
    ["a schema.lua that is not UTF-8", "latin1/schema.lua", ["kplug: latin1/schema.lua: is not valid UTF-8 text (save the file as UTF-8"]],
    ["a schema.lua over 1 MiB", "huge", ["kplug: huge/schema.lua: is ", "bytes, over the 1 MiB (1,048,576 bytes) limit (check that this is the plugin's schema.lua"]],
    ["a binary handler.lua", "binary-handler", ["kplug: binary-handler/handler.lua: is a binary file (it contains NUL bytes) (handler.lua must be Lua source text)"]],
    ["a schema.lua that is a directory", "dir-schema", ["kplug: dir-schema/schema.lua: is a directory, not a file (schema.lua must be a Lua file"]],
    ["a schema.lua that is a symlink loop", "loop", ["kplug: loop/schema.lua: too many levels of symbolic links (a symlink loop) (fix or remove the symbolic link)"]],
    ["a path that is a symlink loop", "self-link", ["kplug: self-link: too many levels of symbolic links (a symlink loop) (fix or remove the symbolic link)"]],
    ["a file that is not a schema.lua", "notes.md", ["kplug: notes.md: is a file but not a schema.lua (pass the plugin directory or its schema.lua)"]],
    ["a glob matching nothing", "nothing-here-*", ["kplug: nothing-here-*: the glob matched nothing (check the pattern, and quote it"]],
    ["a glob matching no plugin", "docs/*", ["kplug: docs/*: the glob matched 1 path(s) but no plugin (match plugin directories or their schema.lua"]],
  ];
  it.each(cases)("%s", async (_, input, fragments) => {
    expectInputError(await runKplug(["validate", input], { cwd: dir }), ...fragments);
  });

  it("the current directory when it holds no plugin", async () => {
    expectInputError(await runKplug(["validate"], { cwd: join(dir, "docs") }), "kplug: .: has no schema.lua");
  });

  it("a bad input among good ones: nothing is validated", async () => {
    expectInputError(await runKplug(["validate", join(repoRoot, IP_TAG), "empty"], { cwd: dir }), "kplug: empty/schema.lua: is empty");
  });

  it("malformed Lua is not an input error: a lua/syntax finding with line and column, exit 1", async () => {
    const result = await runKplug(["validate", "malformed", "--json"], { cwd: dir });
    expect(result).toMatchObject({ exitCode: 1, stderr: "" });
    expect(findingsOf(parseJson(result)).map((f) => [f.ruleId, f.file, f.line, f.column, f.message])).toEqual([
      ["lua/syntax", "malformed/schema.lua", 3, 3, "syntax error: '}' expected near 'fields'"],
    ]);
  });

  it("--format json also writes the error as JSON on stdout", async () => {
    for (const args of [["--format", "json"], ["--format=json"], ["--json"]]) {
      const result = await runKplug(["validate", "no/such/plugin", ...args], { cwd: dir });
      expect(result.exitCode, args.join(" ")).toBe(2);
      expect(JSON.parse(result.stdout), args.join(" ")).toEqual({
        error: { code: "input", message: "no/such/plugin: no such file or directory", hint: expect.stringContaining("check the path") as string },
      });
      expect(result.stderr).toMatch(/^kplug: no\/such\/plugin: no such file or directory \(.+\)\n$/);
    }
  });

  it("--debug adds the stack trace after the one-line message", async () => {
    const result = await runKplug(["--debug", "validate", "empty"], { cwd: dir });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.split("\n");
    expect(lines[0]).toMatch(/^kplug: empty\/schema.lua: is empty \(/);
    expect(lines[1]).toBe("InputError: empty/schema.lua: is empty");
    expect(result.stderr).toMatch(/^ {4}at /m);
  });
});

describe.concurrent("kplug validate: bad flags are exit 2", () => {
  const cases: [string[], string][] = [
    [["--format", "xml"], "option '--format <format>' argument 'xml' is invalid. Allowed choices are pretty, json, github, sarif."],
    [["--target", "cloud"], "option '--target <target>' argument 'cloud' is invalid. Allowed choices are schema, streamed."],
    [["--max-warnings", "-1"], "option '--max-warnings <n>' argument '-1' is invalid. expected a whole number, e.g. --max-warnings 0"],
    [["--max-warnings", "few"], "option '--max-warnings <n>' argument 'few' is invalid."],
    [["--max-warnings"], "option '--max-warnings <n>' argument missing"],
    [["--colour"], "unknown option '--colour'"],
  ];
  it.each(cases)("%j", async (flags, message) => {
    expectUsageError(await runKplug(["validate", IP_TAG, ...flags]), message);
  });
});

describe.concurrent("kplug validate: a bad config file is exit 2 naming the file and the key", () => {
  const configIn = async (text: string, name = "kplug.config.json"): Promise<string> => {
    const cwd = await temp.make();
    await cp(join(repoRoot, IP_TAG), join(cwd, "ip-tag"), { recursive: true });
    await writeFile(join(cwd, name), text);
    return cwd;
  };

  it("an unknown key, with the closest known one", async () => {
    const cwd = await configIn(JSON.stringify({ konnect: { region: "eu", concurency: 4 } }));
    expectInputError(await runKplug(["validate", "ip-tag"], { cwd }), 'kplug: kplug.config.json: konnect.concurency: unknown key (did you mean "concurrency"?)');
  });

  it("a bad value deep in the plugins list", async () => {
    const cwd = await configIn("plugins:\n  - ip-tag\n  - path: ip-tag\n    target: cloud\n", ".kplugrc.yaml");
    expectInputError(await runKplug(["validate"], { cwd }), "kplug: .kplugrc.yaml: plugins[1].target: expected \"schema\" or \"streamed\"");
  });

  it("a token in the file: rejected, and its value never printed, not even with --debug", async () => {
    const inline = await configIn(JSON.stringify({ konnect: { token: TOKEN } }));
    const asFile = await configIn(`konnect:\n  tokenFile: ${TOKEN}\n`, "kplug.config.yaml");
    const results = await Promise.all([
      runKplug(["validate", "ip-tag"], { cwd: inline }),
      runKplug(["validate", "ip-tag", "--format", "json"], { cwd: inline }),
      runKplug(["validate", "ip-tag"], { cwd: asFile }),
      runKplug(["--debug", "validate", "ip-tag"], { cwd: asFile }),
    ]);
    expectInputError(results[0]!, "kplug: kplug.config.json: konnect.token: a token is never read from the config file", "KONNECT_TOKEN");
    expectInputError(results[2]!, "kplug: kplug.config.yaml: konnect.tokenFile: this looks like a Konnect token");
    expect(JSON.parse(results[1]!.stdout)).toMatchObject({ error: { code: "config" } });
    expect(results[3]!.exitCode).toBe(2);
    for (const result of results) {
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
      expect(result.stdout + result.stderr).not.toContain("FAKEFAKE");
    }
  });

  it("a plugins entry that is not a plugin: the path, and that the fix is in the config file", async () => {
    const cwd = await configIn(JSON.stringify({ plugins: ["ip-tag", "gone"] }));
    await mkdir(join(cwd, "sub"));
    const [atRoot, below] = await Promise.all([runKplug(["validate"], { cwd }), runKplug(["validate"], { cwd: join(cwd, "sub") })]);
    const fix = "fix or remove that entry, or pass plugin paths on the command line";
    expectInputError(atRoot, `kplug: ${join(cwd, "gone")}: no such file or directory (it is plugins[1] in kplug.config.json: ${fix})`);
    expectInputError(below, `kplug: ${join(cwd, "gone")}: no such file or directory (it is plugins[1] in ${join(cwd, "kplug.config.json")}: ${fix})`);
  });

  it("an explicit --config that does not exist", async () => {
    expectInputError(await runKplug(["--config", "nope.json", "validate", IP_TAG]), "kplug: nope.json: config file not found (check the --config path)");
  });
});
