import { KplugError } from "../errors.js";
import type { Region } from "./types.js";

export const REGIONS: readonly Region[] = ["us", "eu", "au", "me", "in", "sg"];
export const DEFAULT_REGION: Region = "us";

export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

/** `https://{region}.api.konghq.com` */
export function regionOrigin(region: Region): string {
  return `https://${region}.api.konghq.com`;
}

/** 127.0.0.0/8, localhost (and *.localhost), ::1: plain http never leaves the machine */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^(?:::ffff:)?127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

function addressError(message: string, hint: string): KplugError {
  return new KplugError(message, { code: "usage", hint });
}

/**
 * The API base (`…/v2`, no trailing slash) for an address given as an origin. Tolerates a trailing
 * slash or `/v2`; keeps any other path as a prefix (a proxy may mount Konnect under one). Plain http
 * is refused unless the host is loopback or `allowInsecureHttp`: the token would travel in clear.
 */
export function baseUrlFromAddress(address: string, source: string, allowInsecureHttp = false): string {
  const raw = address.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw addressError(`${source}: "${raw}" is not a URL`, "give an origin such as https://eu.api.konghq.com");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw addressError(`${source}: unsupported scheme "${url.protocol}"`, "give an https:// origin such as https://eu.api.konghq.com");
  }
  if (url.username || url.password) {
    // never echo the address: its credentials would end up in the terminal and in CI logs
    throw addressError(`${source}: the address must not contain credentials`, "remove user:password@ from the address; the token goes in --token-file or KONNECT_TOKEN");
  }
  if (url.search || url.hash) {
    throw addressError(`${source}: the address must not have a query string or fragment`, "give an origin such as https://eu.api.konghq.com");
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw addressError(
      `${source}: refusing to send the Konnect token over plain http to ${url.host}`,
      "use an https:// address (plain http is only allowed for loopback hosts such as 127.0.0.1)",
    );
  }
  const prefix = url.pathname.replace(/\/+$/, "").replace(/\/v2$/, "");
  return `${url.origin}${prefix}/v2`;
}
