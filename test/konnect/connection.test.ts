import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { KplugError } from "../../src/errors.js";
import { baseUrlFromAddress, isLoopbackHost } from "../../src/konnect/address.js";
import { resolveConnection, type ConnectionInput } from "../../src/konnect/connection.js";
import { usageErrorOf } from "./usage-error.js";

const TOKEN = "kpat_abcDEF123_-xyz";
const env = { KONNECT_TOKEN: TOKEN };

function fails(input: ConnectionInput): KplugError {
  return usageErrorOf(() => resolveConnection(input));
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kplug-conn-"));
}

describe("base URL", () => {
  it("defaults to the us region and maps every region", () => {
    expect(resolveConnection({ env }).baseUrl).toBe("https://us.api.konghq.com/v2");
    for (const region of ["us", "eu", "au", "me", "in", "sg"]) {
      expect(resolveConnection({ region, env }).baseUrl).toBe(`https://${region}.api.konghq.com/v2`);
    }
    expect(fails({ region: "mars", env }).message).toBe('--region: unknown region "mars"');
  });

  it("takes an origin, tolerating a trailing slash or /v2", () => {
    for (const addr of ["https://eu.api.konghq.com", "https://eu.api.konghq.com/", "https://eu.api.konghq.com/v2", "https://eu.api.konghq.com/v2/"]) {
      expect(resolveConnection({ konnectAddr: addr, env }).baseUrl).toBe("https://eu.api.konghq.com/v2");
    }
    expect(resolveConnection({ konnectAddr: "http://127.0.0.1:8787", env }).baseUrl).toBe("http://127.0.0.1:8787/v2");
    // a proxy mounting Konnect under a path keeps its prefix
    expect(baseUrlFromAddress("https://proxy.example.com/konnect/v2", "x")).toBe("https://proxy.example.com/konnect/v2");
  });

  it("refuses plain http except to loopback hosts, unless allowed", () => {
    expect(fails({ konnectAddr: "http://konnect.example.com", env }).message).toBe("--konnect-addr: refusing to send the Konnect token over plain http to konnect.example.com");
    expect(resolveConnection({ konnectAddr: "http://konnect.example.com", env, allowInsecureHttp: true }).baseUrl).toBe("http://konnect.example.com/v2");
    for (const host of ["localhost:9", "127.0.0.1", "127.3.4.5:8080", "[::1]:8787", "api.localhost"]) {
      expect(resolveConnection({ konnectAddr: `http://${host}`, env }).baseUrl).toBe(`http://${host}/v2`);
    }
    expect(isLoopbackHost("127.0.0.300")).toBe(false);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
    expect(isLoopbackHost("localhost.example.com")).toBe(false);
  });

  it("rejects non-URLs, other schemes, credentials and query strings without echoing credentials", () => {
    expect(fails({ konnectAddr: "eu.api.konghq.com", env }).message).toContain("is not a URL");
    expect(fails({ konnectAddr: "ftp://eu.api.konghq.com", env }).message).toContain('unsupported scheme "ftp:"');
    const creds = fails({ konnectAddr: "https://user:hunter2@eu.api.konghq.com", env });
    expect(creds.message).toBe("--konnect-addr: the address must not contain credentials");
    expect(fails({ konnectAddr: "https://eu.api.konghq.com/?x=1", env }).message).toContain("query string");
  });

  it("prefers flags, then KONNECT_ADDR, then the config", () => {
    const all = { env: { ...env, KONNECT_ADDR: "https://env.example.com" }, configKonnectAddr: "https://config.example.com", configRegion: "au" };
    expect(resolveConnection({ ...all, konnectAddr: "https://flag.example.com" })).toMatchObject({ baseUrl: "https://flag.example.com/v2", addressSource: "--konnect-addr" });
    expect(resolveConnection({ ...all, region: "eu" })).toMatchObject({ baseUrl: "https://eu.api.konghq.com/v2", addressSource: "--region" });
    expect(resolveConnection(all)).toMatchObject({ baseUrl: "https://env.example.com/v2", addressSource: "KONNECT_ADDR" });
    expect(resolveConnection({ ...all, env })).toMatchObject({ baseUrl: "https://config.example.com/v2", addressSource: "config konnect.addr" });
    expect(resolveConnection({ env, configRegion: "au" }).baseUrl).toBe("https://au.api.konghq.com/v2");
    // both flags: the address serves the region given (a proxy in front of eu), no warning
    const both = resolveConnection({ env, konnectAddr: "https://flag.example.com", region: "eu" });
    expect(both).toMatchObject({ baseUrl: "https://flag.example.com/v2", regions: [{ region: "eu", baseUrl: "https://flag.example.com/v2", addressSource: "--konnect-addr" }], warnings: [] });
  });
});

describe("token", () => {
  it("reads --token-file trimmed, before KONNECT_TOKEN and the config's tokenFile", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "flag"), `  kpat_fromflag\n\n`);
    writeFileSync(join(dir, "config"), "spat_fromconfig\n");
    const base = { env, configTokenFile: join(dir, "config") };
    expect(resolveConnection({ ...base, tokenFile: join(dir, "flag") })).toMatchObject({ token: "kpat_fromflag", tokenSource: "--token-file", warnings: [] });
    expect(resolveConnection(base)).toMatchObject({ token: TOKEN, tokenSource: "KONNECT_TOKEN" });
    expect(resolveConnection({ ...base, env: {} })).toMatchObject({ token: "spat_fromconfig", tokenSource: "config tokenFile" });
  });

  it("resolves a relative config tokenFile against the config's directory", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "secrets"));
    writeFileSync(join(dir, "secrets", "konnect"), "kpat_relative\n");
    expect(resolveConnection({ env: {}, configTokenFile: "secrets/konnect", configDir: dir }).token).toBe("kpat_relative");
  });

  it("explains a missing, empty, directory or oversized token file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty"), " \n\t\n");
    writeFileSync(join(dir, "huge"), "x".repeat(20_000));
    expect(fails({ tokenFile: join(dir, "nope"), env }).message).toBe(`--token-file: token file ${join(dir, "nope")} not found`);
    expect(fails({ tokenFile: join(dir, "empty"), env }).message).toBe(`--token-file: token file ${join(dir, "empty")} is empty`);
    expect(fails({ tokenFile: dir, env }).message).toBe(`--token-file: ${dir} is a directory, not a token file`);
    expect(fails({ tokenFile: join(dir, "huge"), env }).message).toContain("too large to be a token file");
    expect(fails({ env: {}, configTokenFile: join(dir, "nope") }).message).toBe(`config tokenFile: token file ${join(dir, "nope")} not found`);
  });

  it("warns, without quoting it, about a token not shaped kpat_/spat_", () => {
    const result = resolveConnection({ env: { KONNECT_TOKEN: "  abc123  " } });
    expect(result.token).toBe("abc123");
    expect(result.warnings).toEqual(["KONNECT_TOKEN: the token does not look like a Konnect token (kpat_… or spat_…); Konnect will likely reject it"]);
  });

  it("names the three ways to give a token when there is none", () => {
    const none = fails({ env: {} });
    expect(none.message).toBe("no Konnect token");
    expect(none.hint).toBe("pass --token-file PATH, set KONNECT_TOKEN, or set konnect.tokenFile in the config");
    expect(fails({ env: { KONNECT_TOKEN: "" } }).message).toBe("no Konnect token (KONNECT_TOKEN is set but empty)");
  });
});
