import { isAbsolute, resolve } from "node:path";
import { KplugError } from "../errors.js";
import { baseUrlFromAddress, baseUrlFromRegion, DEFAULT_REGION } from "./address.js";
import { checkToken, readTokenFile, TOKEN_HELP } from "./token.js";

export interface ConnectionInput {
  /** --region */
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
  /** API base ending in /v2, e.g. https://eu.api.konghq.com/v2 */
  baseUrl: string;
  token: string;
  tokenSource: TokenSource;
  /** where the address came from, for --verbose output */
  addressSource: string;
  warnings: string[];
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== "";
}

function resolveBaseUrl(input: ConnectionInput, warnings: string[]): { baseUrl: string; addressSource: string } {
  const insecure = input.allowInsecureHttp ?? false;
  if (present(input.konnectAddr)) {
    if (present(input.region)) warnings.push("--region is ignored because --konnect-addr is given");
    return { baseUrl: baseUrlFromAddress(input.konnectAddr, "--konnect-addr", insecure), addressSource: "--konnect-addr" };
  }
  if (present(input.region)) return { baseUrl: baseUrlFromRegion(input.region, "--region"), addressSource: "--region" };
  for (const name of ["KONNECT_ADDR", "DECK_KONNECT_ADDR"]) {
    const envAddr = input.env[name];
    if (present(envAddr)) return { baseUrl: baseUrlFromAddress(envAddr, name, insecure), addressSource: name };
  }
  if (present(input.configKonnectAddr)) {
    if (present(input.configRegion)) warnings.push("config: konnect.region is ignored because konnect.addr is set");
    return { baseUrl: baseUrlFromAddress(input.configKonnectAddr, "config konnect.addr", insecure), addressSource: "config konnect.addr" };
  }
  if (present(input.configRegion)) return { baseUrl: baseUrlFromRegion(input.configRegion, "config konnect.region"), addressSource: "config konnect.region" };
  return { baseUrl: baseUrlFromRegion(DEFAULT_REGION, "default region"), addressSource: "default region (us)" };
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
 * Where to send requests and with which token. Precedence: flags, then environment, then config.
 * Throws a KplugError (exit 2) with a one-line message and a fix; never quotes the token.
 */
export function resolveConnection(input: ConnectionInput): Connection {
  const warnings: string[] = [];
  const { baseUrl, addressSource } = resolveBaseUrl(input, warnings);
  const { token, tokenSource } = resolveToken(input, warnings);
  warnings.push(...checkToken(token, tokenSource));
  return { baseUrl, token, tokenSource, addressSource, warnings };
}
