import type * as NodeNet from "node:net";

/*
 * The host, IP and URL validators of Kong's typedefs (kong/db/schema/typedefs.lua validate_host,
 * validate_sni, validate_wildcard_host, validate_ip*, validate_url; kong/tools/ip.lua normalize_ip;
 * LuaSocket's socket.url.parse), modelled on their Lua patterns: ASCII classes, a byte at a time.
 */

export type TypedefVerdict = { ok: true } | { ok: false; message: string };
const OK: TypedefVerdict = { ok: true };
const no = (message: string): TypedefVerdict => ({ ok: false, message });

/** What kong.tools.ip's normalize_ip answers: the address's kind and port, or an error text. */
type Normalized = { type: "ipv4" | "ipv6" | "name"; port: number | undefined } | { error: string };

function hostnameType(name: string): "ipv4" | "ipv6" | "name" {
  if ((name.match(/:/g) ?? []).length > 1) return "ipv6";
  return /^[\d.]+$/.test(name.replace(/:/g, "")) ? "ipv4" : "name";
}

function portOf(text: string | undefined): number | undefined | { error: string } {
  if (text === undefined) return undefined;
  const port = Number(text);
  return port > 65535 ? { error: "invalid port number" } : port;
}

function normalizeIpv4(address: string): Normalized {
  const m = address.includes(":") ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d+)$/.exec(address) : /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m || m.slice(1, 5).some((octet) => Number(octet) > 255)) return { error: `invalid ipv4 address: ${address}` };
  const port = portOf(m[5]);
  return typeof port === "object" ? port : { type: "ipv4", port };
}

function normalizeIpv6(address: string): Normalized {
  let check = address;
  let port: number | undefined;
  const bracketed = /^\[([^\]]*)\](.*)$/s.exec(address);
  if (bracketed) {
    check = bracketed[1] as string;
    const rest = bracketed[2] as string;
    if (rest !== "") {
      const digits = /^:(\d*)$/.exec(rest);
      if (!digits) return { error: "invalid ipv6 address" };
      // "[::1]:" : tonumber("") is nil and Kong's `port > 65535` raises (an error all the same)
      if (digits[1] === "") return { error: "attempt to compare number with nil" };
      const parsed = portOf(digits[1]);
      if (typeof parsed === "object") return parsed;
      port = parsed;
    }
  }
  if (check.startsWith(":")) check = `0${check}`;
  if (check.endsWith(":")) check = `${check}0`;
  if (check.includes("::")) {
    const colons = (check.match(/:/g) ?? []).length;
    check = check.replace("::", `:${"0:".repeat(Math.max(0, 8 - colons))}`);
  }
  if (!/^(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}$/.test(check)) return { error: `invalid ipv6 address: ${address}` };
  return { type: "ipv6", port };
}

function checkHostname(address: string): Normalized {
  let name = address;
  const portText = /:(\d+)$/.exec(address)?.[1];
  const port = portOf(portText);
  if (typeof port === "object") return port;
  if (portText !== undefined) name = name.slice(0, -(portText.length + 1));
  if (!/^[0-9A-Za-z\-._]+$/.test(name)) return { error: `invalid hostname: ${address}` };
  const segments = name.split(".");
  if (segments.some((segment, i) => segment.endsWith("-") || (segment === "" && i !== segments.length - 1))) return { error: `invalid hostname: ${address}` };
  return { type: "name", port };
}

function normalizeIp(address: string): Normalized {
  const type = hostnameType(address);
  return type === "ipv4" ? normalizeIpv4(address) : type === "ipv6" ? normalizeIpv6(address) : checkHostname(address);
}

/** validate_host / validate_sni / validate_wildcard_host share this tail. */
function hostVerdict(host: string, normalized: Normalized, mustBeName: boolean): TypedefVerdict {
  if ("error" in normalized && normalized.error !== "invalid port number") return no(`invalid value: ${host}`);
  if (mustBeName && !("error" in normalized) && normalized.type !== "name") return no("must not be an IP");
  if ("error" in normalized || normalized.port !== undefined) return no("must not have a port");
  return OK;
}

export function validateHost(host: string): TypedefVerdict {
  return hostVerdict(host, normalizeIp(host), false);
}

export function validateSni(host: string): TypedefVerdict {
  return hostVerdict(host, normalizeIp(host), true);
}

export function validateWildcardHost(host: string): TypedefVerdict {
  const star = host.indexOf("*");
  let mock = host;
  if (star >= 0) {
    if (star !== 0 && star !== host.length - 1) return no("wildcard must be leftmost or rightmost character");
    if (host.indexOf("*", star + 1) >= 0) return no("only one wildcard must be specified");
    mock = host.replace("*", "wildcard");
  }
  return hostVerdict(mock, normalizeIp(mock), true);
}

export function validateHostWithOptionalPort(host: string): TypedefVerdict {
  const normalized = normalizeIp(host);
  return "error" in normalized ? no(normalized.error) : OK;
}

/**
 * node:net, loaded when an address is first checked: importing it loads Node's sockets and streams,
 * ~5 ms of a cold `kplug validate` that most schemas (no ip default) never use.
 */
const net = (): typeof NodeNet => process.getBuiltinModule("node:net");

/** resty.ipmatcher's parse_ipv4/parse_ipv6 (libc inet_pton; brackets allowed around IPv6). */
const parseIpv4 = (ip: string): boolean => net().isIPv4(ip);
const parseIpv6 = (ip: string): boolean => {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  return !bare.includes("%") && net().isIPv6(bare);
};

/** `ip/prefix` with prefix exactly one of "0".."max" (Kong's prefix tables are keyed by tostring(i)). */
function cidr(text: string, parse: (ip: string) => boolean, max: number): boolean {
  const slash = text.indexOf("/");
  if (slash < 0) return false;
  const prefix = text.slice(slash + 1);
  if (!/^(0|[1-9]\d*)$/.test(prefix) || Number(prefix) > max) return false;
  return parse(text.slice(0, slash));
}

const isValidIp = (ip: string): boolean => parseIpv4(ip) || parseIpv6(ip);
const isValidCidrV4 = (text: string): boolean => cidr(text, parseIpv4, 32);
const isValidCidr = (text: string): boolean => isValidCidrV4(text) || cidr(text, parseIpv6, 128);

export function validateIp(ip: string): TypedefVerdict {
  return isValidIp(ip) ? OK : no(`not an ip address: ${ip}`);
}

export function validateIpOrCidr(text: string): TypedefVerdict {
  return isValidIp(text) || isValidCidr(text) ? OK : no(`invalid ip or cidr range: '${text}'`);
}

export function validateIpOrCidrV4(text: string): TypedefVerdict {
  return parseIpv4(text) || isValidCidrV4(text) ? OK : no(`invalid ipv4 cidr range: '${text}'`);
}

/** socket.url.parse, as far as validate_url reads it: the scheme and the host. */
export function validateUrl(url: string): TypedefVerdict {
  if (url === "") return no("could not parse url. invalid url");
  let rest = url;
  const scheme = /^[0-9A-Za-z][0-9A-Za-z+\-.]*:/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const authority = /^\/\/([^/]*)/.exec(rest)?.[1];
  let host: string | undefined;
  if (authority !== undefined) {
    const hostPort = authority.replace(/^[^@]*@/, "").replace(/:[^:\]]*$/, "");
    if (hostPort !== "") host = /^\[(.+)\]$/s.exec(hostPort)?.[1] ?? hostPort;
  }
  if (host === undefined) return no("missing host in url");
  if (!scheme) return no("missing scheme in url");
  return OK;
}
