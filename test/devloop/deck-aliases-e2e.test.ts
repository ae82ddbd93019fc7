import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fleetEnv, TOKEN } from "../fleet/helpers/fleet-env.js";
import type { FleetEnv } from "../fleet/helpers/fleet-env.js";
import { runKplug } from "../helpers/run.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

interface ListJson {
  controlPlanes: { name: string }[];
}
const names = (stdout: string): string[] => (JSON.parse(stdout) as ListJson).controlPlanes.map((c) => c.name);
/** kplug's own variables unset, so that only the decK spellings can connect */
const NO_KPLUG_ENV = { KONNECT_TOKEN: undefined, KONNECT_ADDR: undefined };

describe("decK-compatible spellings", () => {
  it("--konnect-token, --konnect-control-plane-name and -o json work like kplug's own flags; the token is never printed", async () => {
    env = await fleetEnv({ hybrid: 2 });
    const result = await env.run(["list", "--konnect-addr", env.emulator.url, "--konnect-token", TOKEN, "--konnect-control-plane-name", "fleet-02", "-o", "json", "--debug"], { env: NO_KPLUG_ENV });
    expect(result.exitCode).toBe(0);
    expect(names(result.stdout)).toEqual(["fleet-02"]);
    expect(result.stderr).toContain("--konnect-token puts the token in your shell history");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it("--konnect-token-file is --token-file; giving both is a usage error", async () => {
    env = await fleetEnv({ hybrid: 2 });
    const tokenFile = join(env.dir, "token.txt");
    await writeFile(tokenFile, `${TOKEN}\n`);
    const ok = await env.run(["list", "--konnect-addr", env.emulator.url, "--konnect-token-file", tokenFile, "--control-plane", "fleet-01", "--output", "json"], { env: NO_KPLUG_ENV });
    expect(ok.exitCode).toBe(0);
    expect(names(ok.stdout)).toEqual(["fleet-01"]);
    expect(ok.stderr).not.toContain("shell history");

    const both = await env.run(["list", "--all", "--token-file", tokenFile, "--konnect-token-file", tokenFile]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("kplug: --token-file and --konnect-token-file are the same option, given twice");
  });

  it("DECK_KONNECT_TOKEN / _ADDR / _CONTROL_PLANE_NAME are read after kplug's own variables and flags", async () => {
    env = await fleetEnv({ hybrid: 3 });
    const deck = { ...NO_KPLUG_ENV, DECK_KONNECT_ADDR: env.emulator.url, DECK_KONNECT_TOKEN: TOKEN, DECK_KONNECT_CONTROL_PLANE_NAME: "fleet-03" };
    const fromDeck = await env.run(["list", "-o", "json"], { env: deck });
    expect(fromDeck.exitCode).toBe(0);
    expect(names(fromDeck.stdout)).toEqual(["fleet-03"]);

    // a selection flag wins over DECK_KONNECT_CONTROL_PLANE_NAME
    const flagWins = await env.run(["list", "--control-plane", "fleet-01", "-o", "json"], { env: deck });
    expect(names(flagWins.stdout)).toEqual(["fleet-01"]);

    // KONNECT_ADDR wins over DECK_KONNECT_ADDR: an unreachable decK address is never used
    const kplugAddrWins = await env.run(["list", "-o", "json"], { env: { ...deck, DECK_KONNECT_ADDR: "http://127.0.0.1:9", KONNECT_ADDR: env.emulator.url } });
    expect(kplugAddrWins.exitCode).toBe(0);
    expect(names(kplugAddrWins.stdout)).toEqual(["fleet-03"]);

    // KONNECT_TOKEN wins over DECK_KONNECT_TOKEN: a bad decK token is never sent
    const kplugTokenWins = await env.run(["list", "-o", "json"], { env: { ...deck, DECK_KONNECT_TOKEN: "kpat_wrong", KONNECT_TOKEN: TOKEN } });
    expect(kplugTokenWins.exitCode).toBe(0);
  });

  it("-o json on validate and rules, and on usage errors", async () => {
    const validate = await runKplug(["validate", "fixtures/examples/kong/plugins/ip-tag", "-o", "json"]);
    expect((JSON.parse(validate.stdout) as { plugins: unknown[] }).plugins).toHaveLength(1);
    const text = await runKplug(["validate", "fixtures/examples/kong/plugins/ip-tag", "-o", "text"]);
    expect(() => JSON.parse(text.stdout) as unknown).toThrow();
    expect(text.stdout).toContain("1 plugin valid");
    const rules = await runKplug(["rules", "-o", "json"]);
    expect((JSON.parse(rules.stdout) as { id: string }[]).map((r) => r.id)).toContain("konnect/no-require");
    const bad = await runKplug(["validate", "fixtures/examples/kong/plugins/ip-tag", "-o", "yaml"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/kplug: option '-o, --output <format>' argument 'yaml' is invalid/);
  });
});

describe("kplug validate - (stdin)", () => {
  const schema = 'return { name = "from-stdin", fields = { { config = { type = "record", fields = { { greeting = { type = "string", requird = true } } } } } } }\n';

  it("validates one schema.lua read from stdin, named by --name", async () => {
    const result = await runKplug(["validate", "-", "--name", "from-stdin", "--format", "json"], { input: schema });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { plugins: { name: string; findings: { ruleId: string; file: string }[] }[] };
    expect(report.plugins[0]?.name).toBe("from-stdin");
    expect(report.plugins[0]?.findings).toEqual([expect.objectContaining({ ruleId: "schema/unknown-attribute", file: "<stdin>" })]);

    const clean = await runKplug(["validate", "-", "--name", "from-stdin"], { input: schema.replace("requird", "required") });
    expect(clean.exitCode).toBe(0);
  });

  it("needs --name, stands alone, and refuses bad bytes like a file", async () => {
    const noName = await runKplug(["validate", "-"], { input: schema });
    expect(noName.exitCode).toBe(2);
    expect(noName.stderr).toBe("kplug: - (stdin) needs --name: there is no plugin directory to take the name from (e.g. cat schema.lua | kplug validate - --name my-plugin)\n");
    const mixed = await runKplug(["validate", "-", "fixtures/examples/kong/plugins/ip-tag", "--name", "x"], { input: schema });
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toContain("cannot be mixed with other paths");
    const empty = await runKplug(["validate", "-", "--name", "x"], { input: "  \n" });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/^kplug: <stdin>: is empty/);
  });

  it("reads the config's target and rules, like a path would", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kplug-stdin-"));
    try {
      await writeFile(join(dir, ".kplugrc.json"), JSON.stringify({ rules: { "schema/unknown-attribute": "warning" } }));
      const result = await runKplug(["validate", "-", "--name", "from-stdin"], { input: schema, cwd: dir });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain("requird");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
