import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "kplug-schema-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Loads `config` as a JSON file; returns the error's message and hint (or the loaded config). */
async function load(config: unknown): Promise<{ message: string; hint: string | undefined } | { config: unknown }> {
  const file = `c${n++}.json`;
  writeFileSync(join(dir, file), JSON.stringify(config));
  try {
    return { config: (await loadConfig({ cwd: dir, explicitPath: file }))?.config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { message: error.message.replace(/^c\d+\.json: /, ""), hint: error.hint };
  }
}

describe("config schema", () => {
  it.each([
    [{ konnect: { region: "mars" } }, 'konnect.region: expected "us", "eu", "au", "me", "in" or "sg"', undefined],
    [{ konnect: { region: "EU" } }, 'konnect.region: expected "us", "eu", "au", "me", "in" or "sg"', 'did you mean "eu"?'],
    [{ konnect: { regions: ["us", "mars"] } }, 'konnect.regions[1]: expected "us", "eu", "au", "me", "in" or "sg"', undefined],
    [{ konnect: { regions: "us" } }, 'konnect.regions: expected "all" or a list of regions ("us", "eu", "au", "me", "in" or "sg")', undefined],
    [{ konnect: { regions: [] } }, "konnect.regions: expected at least one region", undefined],
    [{ konnect: { addresses: { eu: "eu.example.com" } } }, "konnect.addresses.eu: expected an http(s) URL without credentials, e.g. https://eu.api.konghq.com", undefined],
    [{ konnect: { addresses: { europe: "https://eu.example.com" } } }, "konnect.addresses.europe: unknown key", "known keys: us, eu, au, me, in, sg"],
    [{ konnect: { concurrency: 0 } }, "konnect.concurrency: expected a whole number from 1 to 128", undefined],
    [{ konnect: { concurrency: 2.5 } }, "konnect.concurrency: expected a whole number from 1 to 128", undefined],
    [{ konnect: { concurrency: "8" } }, "konnect.concurrency: expected a whole number from 1 to 128", undefined],
    [{ konnect: { retries: 11 } }, "konnect.retries: expected a whole number from 0 to 10", undefined],
    [{ konnect: { timeoutMs: 0 } }, "konnect.timeoutMs: expected a whole number of milliseconds of 1 or more", undefined],
    [{ konnect: { rateLimit: 0 } }, "konnect.rateLimit: expected a number of requests per second above 0", undefined],
    [{ konnect: { addr: "eu.api.konghq.com" } }, "konnect.addr: expected an http(s) URL without credentials, e.g. https://eu.api.konghq.com", undefined],
    [{ konnect: { addr: "https://user:secret@eu.api.konghq.com" } }, "konnect.addr: expected an http(s) URL without credentials, e.g. https://eu.api.konghq.com", undefined],
    [{ konnect: { mode: "stream" } }, 'konnect.mode: expected "auto", "schema" or "streamed"', 'did you mean "streamed"?'],
    [{ konnect: { labels: { env: 1 } } }, "konnect.labels.env: expected a string value", undefined],
    [{ konnect: { controlPlanes: "prod" } }, "konnect.controlPlanes: expected a list of control plane names, ids or globs", undefined],
    [{ konnect: { controlPlanes: [""] } }, "konnect.controlPlanes[0]: expected a non-empty string", undefined],
    [{ konnect: { all: "yes" } }, "konnect.all: expected true or false", undefined],
    [{ konnect: [] }, "konnect: expected key: value pairs", undefined],
    [{ maxWarnings: -1 }, "maxWarnings: expected a whole number of 0 or more", undefined],
    [{ target: "stream" }, 'target: expected "schema" or "streamed"', 'did you mean "streamed"?'],
    [{ rules: { "konnect/no-require": "warn" } }, 'rules["konnect/no-require"]: expected "error", "warning", "info" or "off"', 'did you mean "warning"?'],
    [{ plugins: "a" }, "plugins: expected a list of plugin paths", undefined],
    [{ plugins: [1] }, "plugins[0]: expected a path, or { path, name, target }", undefined],
    [{ plugins: ["a", { path: "b", nme: "x" }] }, "plugins[1].nme: unknown key", 'did you mean "name"?'],
    [{ plugins: [{ name: "x" }] }, "plugins[0].path: expected a string", undefined],
    [{ plugins: [{ path: "a", target: "hybrid" }] }, 'plugins[0].target: expected "schema" or "streamed"', undefined],
    [{ max_warnings: 1 }, "max_warnings: unknown key", 'did you mean "maxWarnings"?'],
    [{ zzz: 1 }, "zzz: unknown key", "known keys: plugins, target, strict, deck, rules, maxWarnings, konnect"],
    [{ "max-warnings": 1, strictt: true }, '["max-warnings"]: unknown key (also unknown: strictt)', 'did you mean "maxWarnings"?'],
  ])("%j → %s", async (config, message, hint) => {
    const result = await load(config);
    expect(result).toEqual({ message, hint });
  });

  it("reports the first problem and counts the rest", async () => {
    expect(await load({ strict: 1, target: 2, konnect: { retries: -1 } })).toEqual({ message: 'target: expected "schema" or "streamed" (+2 more problems)', hint: undefined });
  });

  it("refuses a token under any key name, anywhere but label names", async () => {
    expect(await load({ plugins: [{ path: "a", apiToken: "x" }] })).toMatchObject({ message: "plugins[0].apiToken: a token is never read from the config file; use konnect.tokenFile, --token-file or KONNECT_TOKEN" });
    expect(await load({ konnect: { pat: "x" } })).toMatchObject({ message: expect.stringMatching(/^konnect\.pat: a token is never read/) });
    expect(await load({ konnect: { labels: { token: "rotation" } } })).toEqual({ config: { konnect: { labels: { token: "rotation" } } } });
  });

  it("accepts an empty object", async () => {
    expect(await load({})).toEqual({ config: {} });
  });
});
