import type { TypedefVerdict } from "./kong-host-validators.js";
import { validateHost, validateHostWithOptionalPort, validateIp, validateIpOrCidr, validateIpOrCidrV4, validateSni, validateUrl, validateWildcardHost } from "./kong-host-validators.js";

/**
 * The custom validators of Kong's typedefs (kong/db/schema/typedefs.lua, kong/tools/ip.lua,
 * kong/tools/http.lua, socket.url), modelled for string values: `null` = accepted, a string = Kong's
 * error message, `undefined` = not modelled (kplug leaves the verdict unknown). The one copy: schema
 * defaults and plugin configurations are both checked with these.
 */
export type KongValidator = (value: string) => string | null | undefined;

const fromVerdict =
  (check: (text: string) => TypedefVerdict): KongValidator =>
  (value) => {
    const verdict = check(value);
    return verdict.ok ? null : verdict.message;
  };

/** validate_path's own part (starts_with and match_none run before it). */
function validatePath(path: string): string | null {
  if (!/^\/[0-9A-Za-z.\-_~/%:@!$&'()*+,;=]*$/.test(path)) return `invalid path: '${path}' (characters outside of the reserved list of RFC 3986 found)`;
  const raw = path.replace(/%[0-9A-Fa-f]{2}/g, "___");
  const percent = raw.indexOf("%");
  return percent >= 0 ? `invalid url-encoded value: '${raw.slice(percent, percent + 3)}'` : null;
}

/** kong.tools.http validate_http_token: no control characters, bytes above 127, or RFC 2616 separators. */
function validateHttpToken(token: string): string | null {
  if (token === "") return "no token provided";
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f-\u{10ffff} \t()<>@,;:\\"/?={}[\]]/u.test(token)) return null;
  return "contains one or more invalid characters. ASCII control characters (0-31;127), space, tab and the characters ()<>@,;:\\\"/?={}[] are not allowed.";
}

/**
 * validate_utf8_string (kong.tools.string validate_utf8). kplug's strings are text: Lua source bytes
 * that are not UTF-8 were decoded to U+FFFD, so which bytes they were is not known (undefined); a
 * lone surrogate (possible in JSON) has no UTF-8 form.
 */
function utf8Error(text: string): string | null | undefined {
  if (text.includes("\ufffd")) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return "invalid utf-8 character sequence detected at position 1";
    i++;
  }
  return null;
}

/** validate_utf8_string, then the typedef's byte pattern: every byte of a UTF-8 character is in 128–244, so any non-ASCII character passes it. */
function utf8Then(allowed: RegExp, message: (value: string) => string): KongValidator {
  return (value) => {
    const bad = utf8Error(value);
    if (bad !== null) return bad;
    return allowed.test(value) ? null : message(value);
  };
}

export const KONG_VALIDATORS: Record<string, KongValidator> = {
  // typedefs.utf8_name: ASCII alphanumerics . - _ ~ and any non-ASCII character
  utf8_name: utf8Then(/^[0-9A-Za-z.\-_~\u0080-\u{10ffff}]+$/u, (value) => `invalid value '${value}': the only accepted ascii characters are alphanumerics or ., -, _, and ~`),
  // typedefs.tag: space and printable ASCII except , and /, and any non-ASCII character
  tag: utf8Then(/^[ !-+\-.0-~\u0080-\u{10ffff}]+$/u, (value) => `invalid tag '${value}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences`),
  // typedefs.hosts elements: validate_host_with_wildcards, each * read as "abc"
  host_with_wildcards: (value) => KONG_VALIDATORS.host_with_optional_port?.(value.replace(/\*/g, "abc")),
  name(value) {
    return /^[A-Za-z0-9.\-_~]+$/.test(value) ? null : `invalid value '${value}': it must only contain alphanumeric and '., -, _, ~' characters`;
  },
  header_name(value) {
    if (value === "") return "no header name provided";
    return /^[a-zA-Z0-9\-_]+$/.test(value) ? null : `bad header name '${value}', allowed characters are A-Z, a-z, 0-9, '_', and '-'`;
  },
  cookie_name: validateHttpToken,
  path: validatePath,
  host: fromVerdict(validateHost),
  redis_host: fromVerdict(validateHost),
  host_with_optional_port: fromVerdict(validateHostWithOptionalPort),
  wildcard_host: fromVerdict(validateWildcardHost),
  sni: fromVerdict(validateSni),
  ip: fromVerdict(validateIp),
  ip_or_cidr: fromVerdict(validateIpOrCidr),
  cidr_v4: fromVerdict(validateIpOrCidrV4),
  cidr: fromVerdict(validateIpOrCidrV4),
  url: fromVerdict(validateUrl),
};
