import { isAbsolute, resolve } from "node:path";
import { KplugError } from "../errors.js";
import { resolveRegions, type RegionEndpoint } from "./regions.js";
import { checkToken, readTokenFile, TOKEN_HELP } from "./token.js";

export interface ConnectionInput {
  /** --region: one region, a comma list, or all */
  region?: string;
  /** --konnect-addr */
  konnectAddr?: string;
  /** --token-file, or its decK spelling --konnect-token-file (then tokenFileFlag says which) */
  tokenFile?: string;
  tokenFileFlag?: "--token-file" | "--konnect-token-file";
  /** --konnect-token: the token itself (decK's spelling; it lands in shell history, so a warning) */
  token?: string;
  /** the process environment (KONNECT_ADDR, KONNECT_TOKEN, then decK's DECK_KONNECT_*); passed in so this stays pure */
  env: Readonly<Record<string, string | undefined>>;
  /** konnect.region of the config */
  configRegion?: string;
  /** konnect.regions of the config: a list, or "all" */
  configRegions?: readonly string[] | "all";
  /** konnect.addresses of the config: region → origin */
  configAddresses?: Readonly<Partial<Record<string, string>>>;
  /** konnect.addr of the config */
  configKonnectAddr?: string;
  /** konnect.tokenFile of the config (a path: the config never holds the token itself) */
  configTokenFile?: string;
  /** the config file's directory: a relative configTokenFile is resolved against it */
  configDir?: string;
  /** allow plain http to a non-loopback host (tests, a local proxy); off by default */
  allowInsecureHttp?: boolean;
}

export type TokenSource = "--token-file" | "--konnect-token-file" | "--konnect-token" | "KONNECT_TOKEN" | "DECK_KONNECT_TOKEN" | "config tokenFile";

export interface Connection {
  /** every region the command works in, with its API base (one token serves them all) */
  regions: RegionEndpoint[];
  /** the first region's API base ending in /v2, e.g. https://eu.api.konghq.com/v2 */
  baseUrl: string;
  token: string;
  tokenSource: TokenSource;
  /** where the first region's address came from, for --verbose output */
  addressSource: string;
  warnings: string[];
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function resolveToken(input: ConnectionInput, warnings: string[]): { token: string; tokenSource: TokenSource } {
  if (present(input.tokenFile) && present(input.token)) {
    throw new KplugError(`${input.tokenFileFlag ?? "--token-file"} and --konnect-token both give a token`, { code: "usage", hint: "pass only one of them" });
  }
  if (present(input.tokenFile)) {
    const flag = input.tokenFileFlag ?? "--token-file";
    return { token: readTokenFile(input.tokenFile, flag), tokenSource: flag };
  }
  if (present(input.token)) {
    warnings.push("--konnect-token puts the token in your shell history and the process list; prefer --konnect-token-file, --token-file or KONNECT_TOKEN");
    return { token: input.token.trim(), tokenSource: "--konnect-token" };
  }
  for (const name of ["KONNECT_TOKEN", "DECK_KONNECT_TOKEN"] as const) {
    const envToken = input.env[name];
    if (present(envToken)) return { token: envToken.trim(), tokenSource: name };
  }
  if (present(input.configTokenFile)) {
    const path = isAbsolute(input.configTokenFile) || !input.configDir ? input.configTokenFile : resolve(input.configDir, input.configTokenFile);
    return { token: readTokenFile(path, "config tokenFile"), tokenSource: "config tokenFile" };
  }
  const empty = input.env.KONNECT_TOKEN !== undefined ? " (KONNECT_TOKEN is set but empty)" : "";
  throw new KplugError(`no Konnect token${empty}`, { code: "usage", hint: TOKEN_HELP });
}

/**
 * Where to send requests (each region's address, see resolveRegions) and with which token.
 * Precedence: flags, then environment, then config.
 * Throws a KplugError (exit 2) with a one-line message and a fix; never quotes the token.
 */
export function resolveConnection(input: ConnectionInput): Connection {
  const warnings: string[] = [];
  const regions = resolveRegions(input);
  const { token, tokenSource } = resolveToken(input, warnings);
  warnings.push(...checkToken(token, tokenSource));
  const first = regions[0] as RegionEndpoint;
  return { regions, baseUrl: first.baseUrl, token, tokenSource, addressSource: first.addressSource, warnings };
}
