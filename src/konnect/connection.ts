import { isAbsolute, resolve } from "node:path";
import { KplugError } from "../errors.js";
import { baseUrlFromAddress, baseUrlFromRegion, DEFAULT_REGION } from "./address.js";
import { checkToken, readTokenFile, TOKEN_HELP } from "./token.js";

export interface ConnectionInput {
  /** --region */
  region?: string;
  /** --konnect-addr */
  konnectAddr?: string;
  /** --token-file */
  tokenFile?: string;
  /** the process environment (KONNECT_ADDR, KONNECT_TOKEN); passed in so this stays pure */
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

export type TokenSource = "--token-file" | "KONNECT_TOKEN" | "config tokenFile";

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
  const envAddr = input.env.KONNECT_ADDR;
  if (present(envAddr)) return { baseUrl: baseUrlFromAddress(envAddr, "KONNECT_ADDR", insecure), addressSource: "KONNECT_ADDR" };
  if (present(input.configKonnectAddr)) {
    if (present(input.configRegion)) warnings.push("config: konnect.region is ignored because konnect.addr is set");
    return { baseUrl: baseUrlFromAddress(input.configKonnectAddr, "config konnect.addr", insecure), addressSource: "config konnect.addr" };
  }
  if (present(input.configRegion)) return { baseUrl: baseUrlFromRegion(input.configRegion, "config konnect.region"), addressSource: "config konnect.region" };
  return { baseUrl: baseUrlFromRegion(DEFAULT_REGION, "default region"), addressSource: "default region (us)" };
}

function resolveToken(input: ConnectionInput): { token: string; tokenSource: TokenSource } {
  if (present(input.tokenFile)) return { token: readTokenFile(input.tokenFile, "--token-file"), tokenSource: "--token-file" };
  const envToken = input.env.KONNECT_TOKEN;
  if (present(envToken)) return { token: envToken.trim(), tokenSource: "KONNECT_TOKEN" };
  if (present(input.configTokenFile)) {
    const path = isAbsolute(input.configTokenFile) || !input.configDir ? input.configTokenFile : resolve(input.configDir, input.configTokenFile);
    return { token: readTokenFile(path, "config tokenFile"), tokenSource: "config tokenFile" };
  }
  const empty = envToken !== undefined ? " (KONNECT_TOKEN is set but empty)" : "";
  throw new KplugError(`no Konnect token${empty}`, { code: "usage", hint: TOKEN_HELP });
}

/**
 * Where to send requests and with which token. Precedence: flags, then environment, then config.
 * Throws a KplugError (exit 2) with a one-line message and a fix; never quotes the token.
 */
export function resolveConnection(input: ConnectionInput): Connection {
  const warnings: string[] = [];
  const { baseUrl, addressSource } = resolveBaseUrl(input, warnings);
  const { token, tokenSource } = resolveToken(input);
  warnings.push(...checkToken(token, tokenSource));
  return { baseUrl, token, tokenSource, addressSource, warnings };
}
