import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, searchDirectories } from "../../src/config/load.js";
import { ConfigError } from "../../src/errors.js";

const fixtures = join(import.meta.dirname, "../../fixtures/config");
const at = (name: string) => join(fixtures, name);
const knownRuleIds = ["konnect/no-require", "konnect/schema-name", "schema/description-length"];

/** The ConfigError a load fails with (the test fails if it does not). */
async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("loadConfig: valid files", () => {
  it("reads kplug.config.json, resolving paths against the config's directory", async () => {
    const loaded = await loadConfig({ cwd: at("valid-json"), knownRuleIds });
    const dir = at("valid-json");
    expect(loaded).toEqual({
      filepath: join(dir, "kplug.config.json"),
      dir,
      config: {
        plugins: [join(dir, "plugins/header-echo"), { path: join(dir, "plugins/ip-gate"), name: "ip-gate", target: "streamed" }],
        target: "schema",
        strict: true,
        rules: { "konnect/no-require": "warning", "schema/description-length": "off" },
        maxWarnings: 0,
        konnect: {
          region: "eu",
          addr: "https://eu.api.konghq.com",
          tokenFile: join(dir, "secrets/konnect-token"),
          controlPlanes: ["prod-eu", "staging"],
          labels: { env: "prod" },
          all: false,
          concurrency: 4,
          rateLimit: 2.5,
          timeoutMs: 30000,
          retries: 3,
          mode: "auto",
          allowInsecureHttp: false,
        },
      },
    });
  });

  it("reads .kplugrc.yaml", async () => {
    const loaded = await loadConfig({ cwd: at("valid-yaml") });
    expect(loaded?.config).toEqual({ plugins: [join(at("valid-yaml"), "plugins/quota-lite")], target: "streamed", maxWarnings: 5, konnect: { region: "us", labels: { team: "gateway" } } });
  });

  it("reads the kplug key of package.json", async () => {
    const loaded = await loadConfig({ cwd: at("package-json") });
    expect(loaded?.filepath).toBe(join(at("package-json"), "package.json"));
    expect(loaded?.config).toEqual({ plugins: [join(at("package-json"), "kong/plugins/header-echo")], strict: false });
  });

  it("reads .kplugrc (YAML, no extension)", async () => {
    expect((await loadConfig({ cwd: at("rc-file") }))?.config).toEqual({ target: "schema", konnect: { concurrency: 16 } });
  });

  it("runs kplug.config.mjs", async () => {
    expect((await loadConfig({ cwd: at("js") }))?.config).toEqual({ konnect: { region: "eu", retries: 2 }, plugins: [join(at("js"), "a")] });
  });

  // Node 20 has no type stripping: this goes through cosmiconfig's loader and the typescript devDependency
  it("compiles kplug.config.ts", async () => {
    expect((await loadConfig({ cwd: at("ts") }))?.config).toEqual({ target: "streamed", maxWarnings: 1 });
  });

  it("takes the first search place in a directory: package.json, then .kplugrc*, then kplug.config.*", async () => {
    expect((await loadConfig({ cwd: at("precedence") }))?.filepath).toBe(join(at("precedence"), "package.json"));
  });

  it("loads exactly the --config file, relative to cwd", async () => {
    const loaded = await loadConfig({ cwd: fixtures, explicitPath: "precedence/kplug.config.json" });
    expect(loaded).toEqual({ filepath: join(at("precedence"), "kplug.config.json"), dir: at("precedence"), config: { target: "schema" } });
  });
});

describe("loadConfig: search", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tree = (files: Record<string, string>): void => {
    root = mkdtempSync(join(tmpdir(), "kplug-config-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  };

  it("walks up from cwd to the config", async () => {
    tree({ "repo/.git/HEAD": "", "repo/kplug.config.yaml": "strict: true\n", "repo/packages/a/src/.keep": "" });
    const loaded = await loadConfig({ cwd: join(root, "repo/packages/a/src") });
    expect(loaded?.filepath).toBe(join(root, "repo/kplug.config.yaml"));
    expect(loaded?.config).toEqual({ strict: true });
  });

  it("passes over a package.json without a kplug key", async () => {
    tree({ "repo/.git/HEAD": "", "repo/.kplugrc.json": '{"strict": true}', "repo/packages/a/package.json": '{"name": "a"}' });
    expect((await loadConfig({ cwd: join(root, "repo/packages/a") }))?.filepath).toBe(join(root, "repo/.kplugrc.json"));
  });

  it("stops at the repository root", async () => {
    tree({ "kplug.config.json": '{"strict": true}', "repo/.git": "gitdir: elsewhere\n", "repo/sub/.keep": "" });
    expect(await loadConfig({ cwd: join(root, "repo/sub") })).toBeUndefined();
  });

  it("skips empty files while searching, but an explicit empty file is an empty config", async () => {
    tree({ "repo/.git/HEAD": "", "repo/.kplugrc": "", "repo/kplug.config.json": '{"target": "streamed"}' });
    expect((await loadConfig({ cwd: join(root, "repo") }))?.config).toEqual({ target: "streamed" });
    expect((await loadConfig({ cwd: join(root, "repo"), explicitPath: ".kplugrc" }))?.config).toEqual({});
  });

  it("resolves a tokenFile starting with ~ against the home directory", async () => {
    tree({ "repo/.git/HEAD": "", "repo/kplug.config.yaml": "konnect:\n  tokenFile: ~/.konnect/token\n" });
    expect((await loadConfig({ cwd: join(root, "repo") }))?.config.konnect?.tokenFile).toBe(join(homedir(), ".konnect/token"));
  });

  it("refuses cosmiconfig's $import", async () => {
    tree({ "repo/.git/HEAD": "", "repo/other.json": '{"strict": true}', "repo/kplug.config.json": '{"$import": "other.json"}' });
    const error = await failure(loadConfig({ cwd: join(root, "repo") }));
    expect(error.message).toBe("kplug.config.json: $import: unknown key");
  });

  it("lists cwd and its parents up to home", () => {
    expect(searchDirectories("/home/me/work/repo/pkg", "/home/me")).toEqual(["/home/me/work/repo/pkg", "/home/me/work/repo", "/home/me/work", "/home/me"]);
    expect(searchDirectories("/srv/a", "/home/me")).toEqual(["/srv/a", "/srv", "/"]);
  });
});

describe("loadConfig: errors are one line, naming the file and the key", () => {
  it("an unknown key, with the closest known key", async () => {
    const error = await failure(loadConfig({ cwd: at("invalid-key") }));
    expect(error.message).toBe("kplug.config.json: konnect.concurency: unknown key");
    expect(error.hint).toBe('did you mean "concurrency"?');
  });

  it("a value of the wrong kind", async () => {
    const error = await failure(loadConfig({ cwd: at("bad-type") }));
    expect(error.message).toBe("kplug.config.json: konnect.concurrency: expected a whole number from 1 to 128");
    expect(error.exitCode).toBe(2);
  });

  it("a token in the file, without repeating it", async () => {
    const error = await failure(loadConfig({ cwd: at("token-in-config") }));
    expect(error.message).toBe("kplug.config.json: konnect.token: a token is never read from the config file; use konnect.tokenFile, --token-file or KONNECT_TOKEN");
    expect(JSON.stringify({ message: error.message, hint: error.hint, json: error.toJSON() })).not.toContain("FAKE");
  });

  it("a token pasted as a value", async () => {
    const error = await failure(loadConfig({ cwd: at("token-value") }));
    expect(error.message).toMatch(/^kplug\.config\.yaml: konnect\.tokenFile: this looks like a Konnect token; a token is never read/);
    expect(error.message).not.toContain("FAKE");
  });

  it("a JSON syntax error, with its line and column, without quoting the file", async () => {
    const error = await failure(loadConfig({ cwd: at("syntax-error-json") }));
    expect(error.message).toBe("kplug.config.json: invalid JSON at line 3, column 32: trailing comma");
    expect(error.stack).toBeDefined(); // an Error, but the CLI shows the message only
  });

  it("a YAML syntax error, with its line", async () => {
    const error = await failure(loadConfig({ cwd: at("syntax-error-yaml") }));
    expect(error.message).toBe(".kplugrc.yml: invalid YAML at line 2, column 1: Map keys must be unique");
  });

  it("an unknown rule id, with a did-you-mean", async () => {
    const error = await failure(loadConfig({ cwd: at("unknown-rule"), knownRuleIds }));
    expect(error.message).toBe('kplug.config.json: rules["konnect/no-requir"]: unknown rule');
    expect(error.hint).toBe('did you mean "konnect/no-require"?');
    // without the list of rules, rule ids are not checked
    expect((await loadConfig({ cwd: at("unknown-rule") }))?.config.rules).toEqual({ "konnect/no-requir": "off" });
  });

  it("a file that is not an object", async () => {
    const error = await failure(loadConfig({ cwd: at("not-an-object") }));
    expect(error.message).toBe("kplug.config.yaml: expected key: value pairs at the top level");
  });

  it("a JS config that throws", async () => {
    const error = await failure(loadConfig({ cwd: at("js-throws") }));
    expect(error.message).toBe("kplug.config.mjs: the config threw while loading: boom from the config");
  });

  it("a missing --config file, by the name given", async () => {
    const error = await failure(loadConfig({ cwd: fixtures, explicitPath: "nope/kplug.json" }));
    expect(error.message).toBe("nope/kplug.json: config file not found");
  });

  it("a --config directory, or a package.json without the kplug key", async () => {
    expect((await failure(loadConfig({ cwd: fixtures, explicitPath: "valid-json" }))).message).toBe("valid-json: is a directory, not a config file");
    expect((await failure(loadConfig({ cwd: fixtures, explicitPath: "package-json-without-kplug/package.json" }))).message).toBe(
      'package-json-without-kplug/package.json: has no "kplug" key',
    );
  });

  it("names a file found above cwd by its absolute path", async () => {
    const root = mkdtempSync(join(tmpdir(), "kplug-config-"));
    try {
      mkdirSync(join(root, ".git"));
      mkdirSync(join(root, "sub"));
      writeFileSync(join(root, "kplug.config.json"), '{"strict": "yes"}');
      const error = await failure(loadConfig({ cwd: join(root, "sub") }));
      expect(error.message).toBe(`${join(root, "kplug.config.json")}: strict: expected true or false`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
