import { KplugError } from "../errors.js";
import { baseUrlFromAddress, DEFAULT_REGION, isRegion, regionOrigin, REGIONS } from "./address.js";
import type { Region } from "./types.js";

/** One region a command works in: where its API lives and what said so (for messages). */
export interface RegionEndpoint {
  region: Region;
  /** API base ending in /v2, e.g. https://eu.api.konghq.com/v2 */
  baseUrl: string;
  /** e.g. "--konnect-addr", "config konnect.addresses.eu", "default address" */
  addressSource: string;
}

/** What the flags, environment and config say about regions and addresses (all optional). */
export interface RegionInput {
  /** --region: one region, a comma list, or `all` */
  region?: string;
  /** --konnect-addr */
  konnectAddr?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** konnect.region */
  configRegion?: string;
  /** konnect.regions: a list, or "all" */
  configRegions?: readonly string[] | "all";
  /** konnect.addr */
  configKonnectAddr?: string;
  /** konnect.addresses: region → origin */
  configAddresses?: Readonly<Partial<Record<string, string>>>;
  allowInsecureHttp?: boolean;
}

const ALL = "all";

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function usage(message: string, hint: string): KplugError {
  return new KplugError(message, { code: "usage", hint });
}

/**
 * `us,eu` / `all` / ["us", "eu"] → regions in the order given, without duplicates. Unknown names are
 * a usage error naming the source; the value is quoted only when it cannot be a token (short, plain).
 */
export function parseRegions(value: string | readonly string[], source: string): Region[] {
  const parts = (typeof value === "string" ? value.split(",") : [...value]).map((part) => part.trim().toLowerCase()).filter((part) => part !== "");
  if (parts.length === 0) throw usage(`${source}: no region given`, `choose from ${REGIONS.join(", ")}, or all`);
  if (parts.includes(ALL)) return [...REGIONS];
  const unknown = parts.filter((part) => !isRegion(part));
  if (unknown.length > 0) {
    const shown = unknown.map((part) => (/^[a-z0-9-]{1,12}$/.test(part) ? `"${part}"` : "(a value that is not a region name)")).join(", ");
    throw usage(`${source}: unknown region${unknown.length > 1 ? "s" : ""} ${shown}`, `choose from ${REGIONS.join(", ")}, or all (comma-separated: --region us,eu)`);
  }
  return [...new Set(parts as Region[])];
}

/** The region of an official address (`https://eu.api.konghq.com` → eu), else undefined. */
export function regionOfAddress(address: string): Region | undefined {
  try {
    const host = new URL(address.trim()).hostname.toLowerCase();
    const match = /^([a-z]+)\.api\.konghq\.com$/.exec(host);
    return match && isRegion(match[1] as string) ? (match[1] as Region) : undefined;
  } catch {
    return undefined;
  }
}

/** The single address in force, if any: --konnect-addr, then KONNECT_ADDR / DECK_KONNECT_ADDR, then konnect.addr. */
function singleAddress(input: RegionInput, regionFlag: boolean): { address: string; source: string } | undefined {
  if (present(input.konnectAddr)) return { address: input.konnectAddr, source: "--konnect-addr" };
  // --region on the command line beats an address from the environment or the config (flags first)
  if (regionFlag) return undefined;
  for (const name of ["KONNECT_ADDR", "DECK_KONNECT_ADDR"]) {
    const value = input.env[name];
    if (present(value)) return { address: value, source: name };
  }
  if (present(input.configKonnectAddr)) return { address: input.configKonnectAddr, source: "config konnect.addr" };
  return undefined;
}

/** The regions asked for, and by what: --region, then konnect.regions, then konnect.region. */
function askedRegions(input: RegionInput): { regions: Region[]; source: string } | undefined {
  if (present(input.region)) return { regions: parseRegions(input.region, "--region"), source: "--region" };
  if (input.configRegions !== undefined) {
    return { regions: parseRegions(input.configRegions === ALL ? ALL : input.configRegions, "config konnect.regions"), source: "config konnect.regions" };
  }
  if (present(input.configRegion)) return { regions: parseRegions(input.configRegion, "config konnect.region"), source: "config konnect.region" };
  return undefined;
}

/**
 * The regions a command works in and the address of each. Which regions: --region, else
 * konnect.regions, else konnect.region, else the region of a single official address, else us.
 * Where each lives: a single address (--konnect-addr; or KONNECT_ADDR / konnect.addr unless
 * --region is given) serves the one selected region, and with more than one region selected it is a
 * usage error (one address cannot be several regions); otherwise konnect.addresses.<region>, else
 * https://<region>.api.konghq.com. Plain http only to loopback hosts unless allowInsecureHttp.
 */
export function resolveRegions(input: RegionInput): RegionEndpoint[] {
  const insecure = input.allowInsecureHttp ?? false;
  const asked = askedRegions(input);
  const single = singleAddress(input, present(input.region));
  if (single) {
    const regions = asked?.regions ?? [regionOfAddress(single.address) ?? DEFAULT_REGION];
    if (regions.length > 1) {
      throw usage(
        `${single.source} is one address, but ${asked?.source ?? "the config"} selects ${regions.length} regions (${regions.join(", ")})`,
        "give each region its address in the config's konnect.addresses (e.g. { us: ..., eu: ... }), or select one region",
      );
    }
    const region = regions[0] as Region;
    return [{ region, baseUrl: baseUrlFromAddress(single.address, single.source, insecure), addressSource: single.source }];
  }
  return (asked?.regions ?? [DEFAULT_REGION]).map((region): RegionEndpoint => {
    const configured = input.configAddresses?.[region];
    if (present(configured)) {
      const source = `config konnect.addresses.${region}`;
      return { region, baseUrl: baseUrlFromAddress(configured, source, insecure), addressSource: source };
    }
    return { region, baseUrl: `${regionOrigin(region)}/v2`, addressSource: asked ? asked.source : "default region (us)" };
  });
}
