import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FleetEnv } from "./helpers/fleet-env.js";
import { fleetEnv, TOKEN } from "./helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

const PLUGIN = "kong/plugins/header-stamp";
/** `nilable` is not a Kong field attribute: kplug reports it; the emulator (like Konnect) takes the text as long as it names itself. */
const addUnknownAttribute = (text: string): string => text.replace('{ value = { type = "string",', '{ value = { type = "string", nilable = true,');

describe("kplug push: validation before any request", () => {
  it("refuses a plugin with validation errors and sends nothing; --no-validate pushes it with a warning", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.editSchema(addUnknownAttribute);

    const refused = await env.run(["push", "--all", PLUGIN]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("schema/unknown-attribute");
    expect(refused.stderr).toContain("refusing to push: 1 validation error(s) for target schema");
    expect(env.emulator.requestLog).toEqual([]);

    const forced = await env.run(["push", "--all", PLUGIN, "--no-validate"]);
    expect(forced.exitCode).toBe(0);
    expect(forced.stderr).toContain("warning: --no-validate");
    expect(env.holders()).toEqual(["fleet-01", "fleet-02"]);
  });

  it("applies the streamed rules when a Dedicated Cloud Gateway is selected: no handler.lua, no push", async () => {
    env = await fleetEnv({ hybrid: 1, extra: [{ name: "edge", cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: true }] });
    await rm(join(env.pluginDir, "handler.lua"));

    const toHybrid = await env.run(["push", "--control-plane", "fleet-01", PLUGIN]);
    expect(toHybrid.exitCode).toBe(0);

    const toEdge = await env.run(["push", "--control-plane", "edge", PLUGIN]);
    expect(toEdge.exitCode).toBe(1);
    expect(toEdge.stderr).toContain("streamed/files");
    expect(toEdge.stderr).toContain("refusing header-stamp on the 1 control plane: edge (they take streamed plugins)");
    expect(toEdge.stdout).toMatch(/refused: fails the streamed checks that Dedicated Cloud Gateways need \(streamed\/files\)/);
    const edge = env.emulator.controlPlane("edge");
    expect(env.emulator.snapshot().customPlugins[edge?.id ?? ""] ?? []).toEqual([]);
  });

  it("--json on a validation failure: one JSON document on stdout with error and the findings", async () => {
    env = await fleetEnv({ hybrid: 2 });
    await env.editSchema(addUnknownAttribute);
    const refused = await env.run(["push", "--all", PLUGIN, "--json"]);
    expect(refused.exitCode).toBe(1);
    const doc = JSON.parse(refused.stdout) as { error: { code: string; message: string }; validation: { plugins: { findings: { ruleId: string }[] }[] }[] };
    expect(doc.error.code).toBe("validation");
    expect(doc.validation[0]?.plugins[0]?.findings.map((f) => f.ruleId)).toContain("schema/unknown-attribute");
    expect(env.emulator.requestLog).toEqual([]);
  });
});

describe("kplug push: what to push", () => {
  it("takes a lone schema.lua, as developers type it", async () => {
    env = await fleetEnv({ hybrid: 2 });
    const result = await env.run(["push", `${PLUGIN}/schema.lua`, "--control-plane", "fleet-02"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/header-stamp\s+schema\s+create\s+1\s+fleet-02\s+ok/);
    expect(env.holders()).toEqual(["fleet-02"]);
  });
});

describe("kplug push: connection settings", () => {
  it("takes the token from --token-file and the control planes from the config's default set", async () => {
    env = await fleetEnv({ hybrid: 3, extra: [{ name: "other", labels: { fleet: "elsewhere" } }] });
    const tokenFile = join(env.dir, "konnect.token");
    await writeFile(tokenFile, `${TOKEN}\n`);
    await writeFile(join(env.dir, "kplug.config.json"), JSON.stringify({ plugins: [PLUGIN], konnect: { labels: { fleet: "e2e" }, concurrency: 2 } }));

    const result = await env.run(["push", "--token-file", "konnect.token"], { env: { KONNECT_TOKEN: undefined } });
    expect(result.stderr).not.toContain("warning");
    expect(result.exitCode).toBe(0);
    expect(env.holders()).toEqual(["fleet-01", "fleet-02", "fleet-03"]);
  });

  it("never prints the token: not on a 401, not in --debug request logs, not in --json errors", async () => {
    env = await fleetEnv({ hybrid: 1 });
    env.emulator.setTokens({ kpat_theonlyvalidtoken: { controlPlanes: "*" } });
    const secret = "kpat_s3cretS3cretS3cret0123456789";

    const denied = await env.run(["--debug", "push", "--all", PLUGIN, "--json"], { env: { KONNECT_TOKEN: secret } });
    expect(denied.exitCode).toBe(1);
    expect(denied.stderr).toMatch(/401/);
    expect(denied.stderr).toContain("Bearer [REDACTED]");
    for (const output of [denied.stdout, denied.stderr]) expect(output).not.toContain(secret);
    expect(JSON.parse(denied.stdout)).toMatchObject({ error: { code: "konnect" } });
  });

  it("refuses plain http to a non-loopback address before sending anything", async () => {
    env = await fleetEnv({ hybrid: 1 });
    const result = await env.run(["push", "--all", PLUGIN, "--konnect-addr", "http://konnect.example.internal"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^kplug: .*https/m);
    expect(env.emulator.requestLog).toEqual([]);
  });
});
