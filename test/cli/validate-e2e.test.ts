import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runKplug } from "../helpers/run.js";
import { ANSI, expectUsageError, findingsOf, locate, parseJson, tempDirs } from "./validate-helpers.js";

// `kplug validate` end to end: the built bin, spawned as a user would (CI=true, NO_COLOR=1, cwd = repo root).

const EXAMPLES = "fixtures/examples";
const PLUGINS = `${EXAMPLES}/kong/plugins`;
const IP_TAG = `${PLUGINS}/ip-tag`;
const LEGACY = "fixtures/legacy/ip-gate";
const LEGACY_SCHEMA = `${LEGACY}/schema.lua`;
const TYPEDEFS = "fixtures/rules/konnect-content/valid-typedefs";
const TYPEDEFS_SCHEMA = `${TYPEDEFS}/schema.lua`;
const SYNTAX = "fixtures/rules/konnect-content/syntax-error";
const NO_HANDLER = "fixtures/rules/streamed/no-handler";

const temp = tempDirs();
afterAll(() => temp.cleanup());

/** ip-gate's six findings, each at the text the fixture has there (rule, needle) in report order. */
const LEGACY_FINDINGS: [string, string][] = [
  ["konnect/no-require", 'require "kong.dao.errors"'],
  ["schema/top-level-keys", "{\n  no_consumer"],
  ["schema/legacy-format", "no_consumer"],
  ["schema/top-level-keys", "no_consumer"],
  ["schema/field-definition", "whitelist"],
  ["schema/top-level-keys", "self_check"],
];

describe("kplug validate: reports", () => {
  it("valid examples: exit 0, the summary line on stdout, nothing on stderr", async () => {
    const result = await runKplug(["validate", EXAMPLES]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(result.stdout).toBe("✔ 3 plugins valid, no problems\n");
  });

  it("--format json (and its --json alias) follows the documented shape", async () => {
    const { default: pkg } = await import("../../package.json", { with: { type: "json" } });
    const [json, alias] = await Promise.all([runKplug(["validate", EXAMPLES, "--format", "json"]), runKplug(["validate", EXAMPLES, "--json"])]);
    expect(json).toMatchObject({ exitCode: 0, stderr: "" });
    expect(alias.stdout).toBe(json.stdout);
    expect(parseJson(json)).toEqual({
      version: 1,
      tool: { name: "kplug", version: pkg.version },
      plugins: ["api-quota", "ip-tag", "request-tag"].map((name) => ({
        name,
        dir: `${PLUGINS}/${name}`,
        target: "schema",
        errors: 0,
        warnings: 0,
        findings: [],
        internalErrors: [],
      })),
      summary: { plugins: 3, errors: 0, warnings: 0, internalErrors: 0, failed: false, maxWarningsExceeded: null },
      configs: null,
    });
  });

  it("a failing plugin: exit 1, findings by file with rule ids, line:column and code frames", async () => {
    const result = await runKplug(["validate", LEGACY]);
    expect(result).toMatchObject({ exitCode: 1, stderr: "" });
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(LEGACY_SCHEMA);
    for (const [ruleId, needle] of LEGACY_FINDINGS) {
      const at = locate(LEGACY_SCHEMA, needle);
      expect(result.stdout).toMatch(new RegExp(`^  ${at.line}:${at.column} +error +.*  ${ruleId}$`, "m"));
    }
    // the frame under the first finding points at the require call
    expect(result.stdout).toContain(["    > 1 | local Errors = require \"kong.dao.errors\"", `        |                ${"^".repeat('require "kong.dao.errors"'.length)}`].join("\n"));
    expect(lines.at(-2)).toBe("✖ 6 problems (6 errors, 0 warnings) in 1 plugin");
    expect(lines.at(-1)).toBe("");
  });

  it("a failing plugin in JSON: every finding field, with spans that cover the offending text", async () => {
    const result = await runKplug(["validate", LEGACY, "--format", "json"]);
    expect(result.exitCode).toBe(1);
    const report = parseJson(result);
    expect(report.summary).toEqual({ plugins: 1, errors: 6, warnings: 0, internalErrors: 0, failed: true, maxWarningsExceeded: null });
    expect(report.plugins.map((p) => [p.name, p.dir, p.errors, p.warnings])).toEqual([["ip-gate", LEGACY, 6, 0]]);
    const findings = findingsOf(report);
    expect(findings.map((f) => f.ruleId)).toEqual(LEGACY_FINDINGS.map(([id]) => id));
    for (const [i, [, needle]] of LEGACY_FINDINGS.entries()) {
      const at = locate(LEGACY_SCHEMA, needle);
      expect([findings[i]?.line, findings[i]?.column]).toEqual([at.line, at.column]);
    }
    const legacy = findings.find((f) => f.ruleId === "schema/legacy-format");
    expect(legacy).toEqual({
      ruleId: "schema/legacy-format",
      severity: "error",
      message: expect.stringContaining("0.x-style plugin schema") as string,
      hint: expect.stringContaining('name = "ip-gate"') as string,
      file: LEGACY_SCHEMA,
      line: 4,
      column: 3,
      endLine: 4,
      endColumn: 3 + "no_consumer".length,
      docs: "https://github.com/kplug/kplug#rule-schema-legacy-format",
      fix: null,
    });
  });

  it("malformed Lua is a lua/syntax finding (exit 1) at the token where parsing stopped, not an input error", async () => {
    const result = await runKplug(["validate", SYNTAX, "--format", "json"]);
    expect(result).toMatchObject({ exitCode: 1, stderr: "" });
    const findings = findingsOf(parseJson(result));
    const handlerText = await readFile(join(repoRoot, SYNTAX, "handler.lua"), "utf8");
    const schemaAt = locate(`${SYNTAX}/schema.lua`, "fields = {} }");
    expect(findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([
      // handler.lua misses an `end`: the parser gives up at the end of the file
      ["lua/syntax", `${SYNTAX}/handler.lua`, handlerText.split("\n").length, 1],
      // schema.lua misses a `,` before `fields`
      ["lua/syntax", `${SYNTAX}/schema.lua`, schemaAt.line, schemaAt.column],
    ]);
    expect(findings[1]?.message).toBe("syntax error: '}' expected near 'fields'");
  });
});

describe("kplug validate: inputs", () => {
  it("a plugin directory, its schema.lua, a repository root, a quoted glob, several paths: same plugins found", async () => {
    const cases: [string[], string[]][] = [
      [[IP_TAG], ["ip-tag"]],
      [[`${IP_TAG}/schema.lua`], ["ip-tag"]],
      [[EXAMPLES], ["api-quota", "ip-tag", "request-tag"]],
      [[PLUGINS], ["api-quota", "ip-tag", "request-tag"]],
      [[`${PLUGINS}/*`], ["api-quota", "ip-tag", "request-tag"]],
      [[`${PLUGINS}/{ip,api}-*/schema.lua`], ["api-quota", "ip-tag"]],
      [[IP_TAG, LEGACY], ["ip-tag", "ip-gate"]],
      // overlapping inputs: each plugin once
      [[EXAMPLES, IP_TAG, `${IP_TAG}/schema.lua`], ["api-quota", "ip-tag", "request-tag"]],
    ];
    const results = await Promise.all(cases.map(([paths]) => runKplug(["validate", ...paths, "--json"])));
    for (const [i, [paths, names]] of cases.entries()) {
      const result = results[i];
      expect(result?.stderr, paths.join(" ")).toBe("");
      const report = JSON.parse(result?.stdout ?? "") as ReturnType<typeof parseJson>;
      expect(report.plugins.map((p) => p.name).sort(), paths.join(" ")).toEqual([...names].sort());
      expect(result?.exitCode, paths.join(" ")).toBe(names.includes("ip-gate") ? 1 : 0);
    }
  });

  it("no path: the current directory (a repository root, or a plugin directory)", async () => {
    const [root, plugin] = await Promise.all([
      runKplug(["validate", "--json"], { cwd: join(repoRoot, EXAMPLES) }),
      runKplug(["validate", "--json"], { cwd: join(repoRoot, IP_TAG) }),
    ]);
    expect(root.exitCode).toBe(0);
    expect(parseJson(root).plugins.map((p) => p.dir)).toEqual(["kong/plugins/api-quota", "kong/plugins/ip-tag", "kong/plugins/request-tag"]);
    expect(plugin.exitCode).toBe(0);
    expect(parseJson(plugin).plugins.map((p) => [p.name, p.dir])).toEqual([["ip-tag", "."]]);
  });

  it("--name overrides the directory name: a match passes, a mismatch is a konnect/schema-name error at the name", async () => {
    const dir = await temp.make();
    await cp(join(repoRoot, IP_TAG), join(dir, "renamed"), { recursive: true });
    const [byDir, matching, mismatched] = await Promise.all([
      runKplug(["validate", "renamed", "--json"], { cwd: dir }),
      runKplug(["validate", "renamed", "--name", "ip-tag"], { cwd: dir }),
      runKplug(["validate", IP_TAG, "--name", "other-name"]),
    ]);
    expect(byDir.exitCode).toBe(1);
    expect(findingsOf(parseJson(byDir)).map((f) => f.ruleId)).toEqual(["konnect/schema-name"]);
    expect(matching).toMatchObject({ exitCode: 0, stdout: "✔ 1 plugin valid, no problems\n", stderr: "" });

    expect(mismatched.exitCode).toBe(1);
    const at = locate(`${IP_TAG}/schema.lua`, '"ip-tag"');
    expect(mismatched.stdout).toContain(`${IP_TAG}/schema.lua\n  ${at.line}:${at.column}  error    schema name "ip-tag" does not match the plugin name "other-name"  konnect/schema-name`);
  });

  it("--name with several plugins is a usage error (exit 2)", async () => {
    const result = await runKplug(["validate", EXAMPLES, "--name", "foo"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "kplug: --name applies to exactly one plugin, but the inputs hold 3 (pass a single plugin directory with --name, or drop --name to use each directory's name)\n",
    );
  });

  describe("with a config file listing plugins", () => {
    let dir = "";
    beforeAll(async () => {
      dir = await temp.make();
      await mkdir(join(dir, "sub"));
      await cp(join(repoRoot, IP_TAG), join(dir, "plugins", "ip-tag"), { recursive: true });
      await cp(join(repoRoot, NO_HANDLER), join(dir, "plugins", "no-handler"), { recursive: true });
      await cp(join(repoRoot, PLUGINS, "api-quota"), join(dir, "elsewhere", "quota"), { recursive: true });
      const config = {
        plugins: ["plugins/ip-tag", { path: "plugins/no-handler", target: "streamed" }, { path: "elsewhere/quota", name: "api-quota" }],
      };
      await writeFile(join(dir, "kplug.config.json"), JSON.stringify(config));
    });

    it("no path: validates the config's plugins, paths relative to the config file, with their name and target", async () => {
      const [atRoot, below] = await Promise.all([runKplug(["validate", "--json"], { cwd: dir }), runKplug(["validate", "--json"], { cwd: join(dir, "sub") })]);
      expect(atRoot.stdout).toBe(below.stdout.replaceAll(`${dir}/`, ""));
      expect(atRoot.exitCode).toBe(1);
      const report = parseJson(atRoot);
      expect(report.plugins.map((p) => [p.name, p.dir, p.target, p.errors])).toEqual([
        ["ip-tag", "plugins/ip-tag", "schema", 0],
        ["no-handler", "plugins/no-handler", "streamed", 1],
        ["api-quota", "elsewhere/quota", "schema", 0],
      ]);
      expect(findingsOf(report).map((f) => f.ruleId)).toEqual(["streamed/files"]);
    });

    it("a path given wins over the list (its entry still lends the name), and --name with the config's several plugins is exit 2", async () => {
      const [path, named, name, nameAndPath] = await Promise.all([
        runKplug(["validate", "plugins/ip-tag"], { cwd: dir }),
        runKplug(["validate", "elsewhere/quota"], { cwd: dir }),
        runKplug(["validate", "--name", "ip-tag"], { cwd: dir }),
        runKplug(["validate", "elsewhere/quota", "--name", "api-quota"], { cwd: dir }),
      ]);
      expect(path).toMatchObject({ exitCode: 0, stdout: "✔ 1 plugin valid, no problems\n" });
      expect(named).toMatchObject({ exitCode: 0, stdout: "✔ 1 plugin valid, no problems\n" });
      expect(name.exitCode).toBe(2);
      expect(name.stdout).toBe("");
      expect(name.stderr).toMatch(/^kplug: --name applies to exactly one plugin, but the config's plugins hold 3 \(.+\)\n$/);
      expect(nameAndPath).toMatchObject({ exitCode: 0, stderr: "" });
    });
  });
});

describe("kplug validate: flags", () => {
  it("--target streamed turns on the streamed rules (a plugin without handler.lua fails)", async () => {
    const [schema, streamed, examples] = await Promise.all([
      runKplug(["validate", NO_HANDLER]),
      runKplug(["validate", NO_HANDLER, "--target", "streamed", "--json"]),
      runKplug(["validate", EXAMPLES, "--target", "streamed", "--json"]),
    ]);
    expect(schema).toMatchObject({ exitCode: 0, stdout: "✔ 1 plugin valid, no problems\n" });
    expect(streamed.exitCode).toBe(1);
    const report = parseJson(streamed);
    expect(report.plugins[0]?.target).toBe("streamed");
    expect(findingsOf(report).map((f) => [f.ruleId, f.severity, f.file, f.line, f.column])).toEqual([["streamed/files", "error", `${NO_HANDLER}/schema.lua`, null, null]]);
    expect(findingsOf(report)[0]?.message).toContain("no handler.lua");
    expect(examples.exitCode).toBe(0);
    expect(parseJson(examples).plugins.map((p) => p.target)).toEqual(["streamed", "streamed", "streamed"]);
  });

  it("--strict turns the warning for require(\"kong.db.schema.typedefs\") into an error", async () => {
    const [lax, strict] = await Promise.all([runKplug(["validate", TYPEDEFS]), runKplug(["validate", TYPEDEFS, "--strict"])]);
    const at = locate(TYPEDEFS_SCHEMA, 'require "kong.db.schema.typedefs"');
    expect(lax.exitCode).toBe(0);
    expect(lax.stdout).toMatch(new RegExp(`^  ${at.line}:${at.column}  warning  require\\("kong.db.schema.typedefs"\\).*  konnect/no-require$`, "m"));
    expect(lax.stdout).toContain("✖ 1 problem (0 errors, 1 warning) in 1 plugin\n");
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toMatch(new RegExp(`^  ${at.line}:${at.column}  error    require\\("kong.db.schema.typedefs"\\).*\\(--strict\\)  konnect/no-require$`, "m"));
    expect(strict.stdout).toContain("✖ 1 problem (1 error, 0 warnings) in 1 plugin\n");
  });

  it("--max-warnings: over the limit is exit 1 with a message, at the limit is exit 0", async () => {
    const [zero, one, json, github] = await Promise.all([
      runKplug(["validate", TYPEDEFS, "--max-warnings", "0"]),
      runKplug(["validate", TYPEDEFS, "--max-warnings", "1"]),
      runKplug(["validate", TYPEDEFS, "--max-warnings", "0", "--format", "json"]),
      runKplug(["validate", TYPEDEFS, "--max-warnings", "0", "--format", "github"]),
    ]);
    expect(zero.exitCode).toBe(1);
    expect(zero.stdout).toMatch(/✖ 1 problem \(0 errors, 1 warning\) in 1 plugin\n✖ too many warnings: 1 found, max-warnings is 0\n$/);
    expect(one.exitCode).toBe(0);
    expect(one.stdout).not.toContain("too many warnings");
    expect(json.exitCode).toBe(1);
    expect(parseJson(json).summary).toEqual({ plugins: 1, errors: 0, warnings: 1, internalErrors: 0, failed: true, maxWarningsExceeded: { limit: 0, found: 1 } });
    expect(github.exitCode).toBe(1);
    expect(github.stdout.trimEnd().split("\n").at(-1)).toBe("✖ too many warnings: 1 found, max-warnings is 0");
  });

  it("--quiet hides warnings: nothing at all when only warnings, errors still listed", async () => {
    const [onlyWarnings, mixed] = await Promise.all([
      runKplug(["validate", TYPEDEFS, "--quiet"]),
      runKplug(["validate", TYPEDEFS, "-q", "--name", "other"]),
    ]);
    expect(onlyWarnings).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect(mixed.exitCode).toBe(1);
    expect(mixed.stdout).toContain("konnect/schema-name");
    expect(mixed.stdout).not.toContain("konnect/no-require");
    expect(mixed.stdout).not.toContain("warning  ");
    // on pull requests too: no warning annotations, the errors still annotated
    const github = await runKplug(["validate", TYPEDEFS, "-q", "--name", "other", "--format", "github"]);
    expect(github.stdout).toContain("::error ");
    expect(github.stdout).not.toContain("::warning ");
  });

  it("--format github: one workflow command per finding with file, line and col, then the summary", async () => {
    const [legacy, warning] = await Promise.all([runKplug(["validate", LEGACY, "--format", "github"]), runKplug(["validate", TYPEDEFS, "--format", "github"])]);
    expect(legacy.exitCode).toBe(1);
    const lines = legacy.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(LEGACY_FINDINGS.length + 1);
    for (const [i, [ruleId, needle]] of LEGACY_FINDINGS.entries()) {
      const at = locate(LEGACY_SCHEMA, needle);
      expect(lines[i]).toMatch(new RegExp(`^::error file=${LEGACY_SCHEMA},line=${at.line},col=${at.column},endLine=\\d+,endColumn=\\d+,title=${ruleId}::\\S`));
    }
    expect(lines[0]).toBe(
      `::error file=${LEGACY_SCHEMA},line=1,col=16,endLine=1,endColumn=41,title=konnect/no-require::require("kong.dao.errors"): this Kong 0.x module no longer exists in Kong ≥ 1.0 (port the schema to the Kong ≥ 1.0 format; entity_checks replace self_check errors)`,
    );
    expect(lines.at(-1)).toBe("✖ 6 problems (6 errors, 0 warnings) in 1 plugin");
    expect(warning.exitCode).toBe(0);
    expect(warning.stdout).toMatch(new RegExp(`^::warning file=${TYPEDEFS_SCHEMA},line=2,col=18,`, "m"));
  });

  it("--format sarif: SARIF 2.1.0 with relative artifact URIs and the right regions", async () => {
    const result = await runKplug(["validate", LEGACY, "--format", "sarif"]);
    expect(result).toMatchObject({ exitCode: 1, stderr: "" });
    const log = JSON.parse(result.stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[] }[];
      }[];
    };
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toContain("sarif-2.1.0");
    const run = log.runs[0];
    expect(run?.tool.driver.name).toBe("kplug");
    expect(run?.originalUriBaseIds["%SRCROOT%"]?.uri).toBe(pathToFileURL(repoRoot).href.replace(/\/?$/, "/"));
    expect(run?.results).toHaveLength(LEGACY_FINDINGS.length);
    for (const [i, [ruleId, needle]] of LEGACY_FINDINGS.entries()) {
      const r = run?.results[i];
      const at = locate(LEGACY_SCHEMA, needle);
      expect(r?.ruleId).toBe(ruleId);
      expect(r?.level).toBe("error");
      expect(run?.tool.driver.rules[r?.ruleIndex ?? -1]?.id).toBe(ruleId);
      expect(r?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: LEGACY_SCHEMA, uriBaseId: "%SRCROOT%" });
      expect(r?.locations[0]?.physicalLocation.region).toMatchObject({ startLine: at.line, startColumn: at.column });
    }
  });

  it("colors: ANSI escapes with FORCE_COLOR=1, none with NO_COLOR=1, --no-color or in JSON", async () => {
    const colorEnv = { NO_COLOR: undefined, FORCE_COLOR: "1" };
    const [forced, plain, noColorFlag, json, valid] = await Promise.all([
      runKplug(["validate", LEGACY], { env: colorEnv }),
      runKplug(["validate", LEGACY]),
      runKplug(["--no-color", "validate", LEGACY], { env: colorEnv }),
      runKplug(["validate", LEGACY, "--format", "json"], { env: colorEnv }),
      runKplug(["validate", EXAMPLES], { env: colorEnv }),
    ]);
    expect(forced.exitCode).toBe(1);
    expect(forced.stdout).toContain("\u001b[31merror");
    expect(forced.stdout).toContain(`\u001b[4m${LEGACY_SCHEMA}\u001b[24m`);
    expect(valid.stdout).toBe("\u001b[32m✔ 3 plugins valid, no problems\u001b[39m\n");
    for (const result of [plain, noColorFlag, json]) {
      expect(result.exitCode).toBe(1);
      expect(result.stdout).not.toMatch(ANSI);
    }
    // same text once the escapes are gone
    // eslint-disable-next-line no-control-regex
    expect(forced.stdout.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain.stdout);
  });
});

describe("kplug validate: help and commands", () => {
  it("validate --help lists every flag", async () => {
    const result = await runKplug(["validate", "--help"]);
    expect(result).toMatchObject({ exitCode: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Usage: kplug validate \[options\] \[paths\.\.\.\]/);
    for (const flag of ["--name <name>", "--target <target>", "--strict", "--format <format>", "--max-warnings <n>", "-q, --quiet", "-h, --help"]) {
      expect(result.stdout).toContain(flag);
    }
    // commander wraps help text to the width of the longest flag: compare with the wrapping undone
    const unwrapped = result.stdout.replace(/\s+/g, " ");
    expect(unwrapped).toContain('(choices: "pretty", "json", "github", "sarif")');
    expect(unwrapped).toContain('(choices: "schema", "streamed")');
  });

  it("an unknown command suggests the closest one", async () => {
    const result = await runKplug(["valdate", EXAMPLES]);
    expectUsageError(result, "unknown command 'valdate'");
    expect(result.stderr).toContain("(Did you mean validate?)");
  });
});
