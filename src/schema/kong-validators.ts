import { isIP } from "node:net";

/**
 * The custom validators of Kong's typedefs (kong/db/schema/typedefs.lua, kong/tools/ip.lua,
 * kong/tools/http.lua, socket.url), modelled for string values: `null` = accepted, a string = Kong's
 * error message, `undefined` = not modelled (kplug leaves the verdict unknown).
 */
export type KongValidator = (value: string) => string | null | undefined;

export const KONG_VALIDATORS: Record<string, KongValidator> = {
  name(value) {
    return /^[A-Za-z0-9.\-_~]+$/.test(value) ? null : `invalid value '${value}': it must only contain alphanumeric and '., -, _, ~' characters`;
  },
  header_name(value) {
    if (value === "") return "no header name provided";
    return /^[a-zA-Z0-9\-_]+$/.test(value) ? null : `bad header name '${value}', allowed characters are A-Z, a-z, 0-9, '_', and '-'`;
  },
  ip(value) {
    return isIP(value) !== 0 ? null : `not an ip address: ${value}`;
  },
  host(value) {
    const parsed = normalizeHost(value);
    if (parsed === undefined) return undefined;
    if (typeof parsed === "string" && parsed !== "invalid port number") return `invalid value: ${value}`;
    if (parsed === "invalid port number" || (typeof parsed === "object" && parsed.port !== undefined)) return "must not have a port";
    return null;
  },
  url(value) {
    if (value === "") return "could not parse url. invalid url";
    let rest = value;
    const scheme = /^[A-Za-z0-9][A-Za-z0-9+\-.]*:/.exec(rest);
    if (scheme) rest = rest.slice(scheme[0].length);
    const authority = /^\/\/([^/]*)/.exec(rest)?.[1];
    if (authority === undefined) return "missing host in url";
    const host = authority.replace(/^[^@]*@/, "").replace(/:[^:\]]*$/, "");
    if (host === "") return "missing host in url";
    return scheme ? null : "missing scheme in url";
  },
};

/** Kong's ip.normalize_ip for IPv4 and names: `{ port }` when valid, its error text otherwise; undefined for IPv6 (not modelled). */
function normalizeHost(address: string): { port?: number } | string | undefined {
  if ((address.match(/:/g) ?? []).length > 1) return undefined;
  if (/^[\d.]+$/.test(address.replace(/:/g, ""))) {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?::(\d+))?$/.exec(address);
    if (!match || (address.includes(":") && match[5] === undefined)) return `invalid ipv4 address: ${address}`;
    if (match.slice(1, 5).some((part) => Number(part) > 255)) return `invalid ipv4 address: ${address}`;
    return portOf(match[5]);
  }
  const portText = /:(\d+)$/.exec(address)?.[1];
  const name = portText === undefined ? address : address.slice(0, -(portText.length + 1));
  if (!/^[A-Za-z0-9\-._]+$/.test(name)) return `invalid hostname: ${address}`;
  const segments = name.split(".");
  if (segments.some((segment, index) => segment.endsWith("-") || (segment === "" && index !== segments.length - 1))) return `invalid hostname: ${address}`;
  return portOf(portText);
}

function portOf(text: string | undefined): { port?: number } | string {
  if (text === undefined) return {};
  const port = Number(text);
  return port > 65535 ? "invalid port number" : { port };
}
