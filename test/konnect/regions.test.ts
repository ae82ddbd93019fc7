import { describe, expect, it } from "vitest";
import { usageErrorOf } from "./usage-error.js";
import { parseRegions, regionOfAddress, resolveRegions, type RegionInput } from "../../src/konnect/regions.js";

const env = {};

const fails = usageErrorOf;

const short = (input: RegionInput): [string, string, string][] => resolveRegions(input).map((r) => [r.region, r.baseUrl, r.addressSource]);

describe("parseRegions", () => {
  it("takes one region, a comma list (order kept, duplicates dropped, any case) or all", () => {
    expect(parseRegions("eu", "--region")).toEqual(["eu"]);
    expect(parseRegions(" eu, US ,eu", "--region")).toEqual(["eu", "us"]);
    expect(parseRegions("all", "--region")).toEqual(["us", "eu", "au", "me", "in", "sg"]);
    expect(parseRegions(["sg", "in"], "config konnect.regions")).toEqual(["sg", "in"]);
  });

  it("names unknown regions and the choices; never quotes a value shaped like a token", () => {
    const unknown = fails(() => parseRegions("us,mars", "--region"));
    expect(unknown.message).toBe('--region: unknown region "mars"');
    expect(unknown.hint).toContain("us, eu, au, me, in, sg, or all");
    expect(fails(() => parseRegions("mars,venus", "--region")).message).toBe('--region: unknown regions "mars", "venus"');
    const token = fails(() => parseRegions("kpat_abcdefghijklmnopqrstuvwxyz0123456789", "--region"));
    expect(token.message).not.toContain("kpat_");
    expect(fails(() => parseRegions(" , ", "--region")).message).toBe("--region: no region given");
  });
});

describe("resolveRegions", () => {
  it("defaults to us at its official address", () => {
    expect(short({ env })).toEqual([["us", "https://us.api.konghq.com/v2", "default region (us)"]]);
  });

  it("selects regions from --region, else konnect.regions, else konnect.region", () => {
    expect(short({ env, region: "us,eu", configRegions: ["sg"], configRegion: "au" }).map(([r]) => r)).toEqual(["us", "eu"]);
    expect(short({ env, configRegions: ["sg", "in"], configRegion: "au" }).map(([r]) => r)).toEqual(["sg", "in"]);
    expect(short({ env, configRegions: "all" }).map(([r]) => r)).toEqual(["us", "eu", "au", "me", "in", "sg"]);
    expect(short({ env, configRegion: "au" })).toEqual([["au", "https://au.api.konghq.com/v2", "config konnect.region"]]);
  });

  it("gives each region its konnect.addresses entry, else its official address", () => {
    const configAddresses = { us: "http://127.0.0.1:9001", eu: "https://eu-proxy.example.com/konnect" };
    expect(short({ env, region: "us,eu,au", configAddresses })).toEqual([
      ["us", "http://127.0.0.1:9001/v2", "config konnect.addresses.us"],
      ["eu", "https://eu-proxy.example.com/konnect/v2", "config konnect.addresses.eu"],
      ["au", "https://au.api.konghq.com/v2", "--region"],
    ]);
    // the default region uses its entry too
    expect(short({ env, configAddresses })).toEqual([["us", "http://127.0.0.1:9001/v2", "config konnect.addresses.us"]]);
  });

  it("refuses plain http in konnect.addresses unless loopback or allowed, naming the entry", () => {
    const configAddresses = { eu: "http://eu-proxy.example.com" };
    expect(fails(() => resolveRegions({ env, region: "eu", configAddresses })).message).toBe(
      "config konnect.addresses.eu: refusing to send the Konnect token over plain http to eu-proxy.example.com",
    );
    expect(short({ env, region: "eu", configAddresses, allowInsecureHttp: true })).toEqual([["eu", "http://eu-proxy.example.com/v2", "config konnect.addresses.eu"]]);
  });

  it("a single address serves the one selected region, labelled with it (or with the region of an official host)", () => {
    expect(short({ env, konnectAddr: "http://127.0.0.1:8787", region: "eu" })).toEqual([["eu", "http://127.0.0.1:8787/v2", "--konnect-addr"]]);
    expect(short({ env, konnectAddr: "https://eu.api.konghq.com" })).toEqual([["eu", "https://eu.api.konghq.com/v2", "--konnect-addr"]]);
    expect(short({ env: { KONNECT_ADDR: "https://proxy.example.com" }, configRegion: "au" })).toEqual([["au", "https://proxy.example.com/v2", "KONNECT_ADDR"]]);
    expect(short({ env, configKonnectAddr: "https://proxy.example.com" })).toEqual([["us", "https://proxy.example.com/v2", "config konnect.addr"]]);
    // --konnect-addr beats konnect.addresses: the flag is the more specific instruction
    expect(short({ env, konnectAddr: "http://127.0.0.1:1", region: "us", configAddresses: { us: "http://127.0.0.1:2" } })[0]?.[1]).toBe("http://127.0.0.1:1/v2");
  });

  it("--region beats KONNECT_ADDR and konnect.addr (flags before environment and config)", () => {
    const input = { env: { KONNECT_ADDR: "https://env.example.com" }, configKonnectAddr: "https://config.example.com", region: "eu" };
    expect(short(input)).toEqual([["eu", "https://eu.api.konghq.com/v2", "--region"]]);
    expect(short({ ...input, region: "eu,us", configAddresses: { us: "http://127.0.0.1:9" } })).toEqual([
      ["eu", "https://eu.api.konghq.com/v2", "--region"],
      ["us", "http://127.0.0.1:9/v2", "config konnect.addresses.us"],
    ]);
  });

  it("one address cannot be several regions: a usage error that points at konnect.addresses", () => {
    const flag = fails(() => resolveRegions({ env, konnectAddr: "http://127.0.0.1:8787", region: "us,eu" }));
    expect(flag.message).toBe("--konnect-addr is one address, but --region selects 2 regions (us, eu)");
    expect(flag.hint).toContain("konnect.addresses");
    const envAddr = fails(() => resolveRegions({ env: { KONNECT_ADDR: "http://127.0.0.1:8787" }, configRegions: "all" }));
    expect(envAddr.message).toBe("KONNECT_ADDR is one address, but config konnect.regions selects 6 regions (us, eu, au, me, in, sg)");
  });
});

describe("regionOfAddress", () => {
  it("reads the region of an official host only", () => {
    expect(regionOfAddress("https://sg.api.konghq.com/v2")).toBe("sg");
    expect(regionOfAddress("https://global.api.konghq.com")).toBeUndefined();
    expect(regionOfAddress("http://127.0.0.1:8787")).toBeUndefined();
    expect(regionOfAddress("not a url")).toBeUndefined();
  });
});
