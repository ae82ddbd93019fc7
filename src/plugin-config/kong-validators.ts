import type { ConfigValue } from "./value.js";
import type { TypedefVerdict } from "./kong-host-validators.js";
import { validateHost, validateHostWithOptionalPort, validateIp, validateIpOrCidr, validateIpOrCidrV4, validateSni, validateUrl, validateWildcardHost } from "./kong-host-validators.js";

/*
 * The custom validators of Kong's own typedefs that the plugins entity uses
 * (kong/db/schema/typedefs.lua: validate_utf8_name for instance_name, validate_tag for tags).
 * They are Kong's code, not the plugin's, so they are modelled here instead of run in the sandbox.
 */

type KongValidator = (value: ConfigValue) => { ok: true } | { ok: false; message: string };

function utf8Error(text: string): string | undefined {
  const bytes = Buffer.from(text, "utf8");
  // a JS string may hold lone surrogates, which have no UTF-8 form
  if (bytes.toString("utf8") !== text) return "invalid utf-8 character sequence detected at position 1";
  return undefined;
}

const VALIDATORS: Record<string, KongValidator> = {
  utf8_name: (value) => {
    if (value.kind !== "string") return { ok: true };
    const bad = utf8Error(value.value);
    if (bad) return { ok: false, message: bad };
    // Kong's pattern works on bytes: ASCII alphanumerics . - _ ~, and every byte of a non-ASCII character
    if (!/^[\w.\-~\u0080-\u{10ffff}]+$/u.test(value.value)) {
      return { ok: false, message: `invalid value '${value.value}': the only accepted ascii characters are alphanumerics or ., -, _, and ~` };
    }
    return { ok: true };
  },
  tag: (value) => {
    if (value.kind !== "string") return { ok: true };
    const bad = utf8Error(value.value);
    if (bad) return { ok: false, message: bad };
    // printable ASCII except `,` and `/`, and any non-ASCII byte of a valid UTF-8 sequence
    if (!/^[ !-+\-.0-~\u0080-\u{10ffff}]+$/u.test(value.value)) {
      return { ok: false, message: `invalid tag '${value.value}': expected printable ascii (except \`,\` and \`/\`) or valid utf-8 sequences` };
    }
    return { ok: true };
  },
  name: (value) => {
    if (value.kind !== "string") return { ok: true };
    if (!/^[\w.\-~]+$/.test(value.value)) return { ok: false, message: `invalid value '${value.value}': it must only contain alphanumeric and '., -, _, ~' characters` };
    return { ok: true };
  },
};

/** A typedef validator over strings (other types pass: Kong checked the type first). */
const onString = (check: (text: string) => TypedefVerdict): KongValidator => (value) => (value.kind === "string" ? check(value.value) : { ok: true });

/** validate_path's own part (starts_with and match_none run before it). */
function validatePath(path: string): TypedefVerdict {
  if (!/^\/[0-9A-Za-z.\-_~/%:@!$&'()*+,;=]*$/.test(path)) return { ok: false, message: `invalid path: '${path}' (characters outside of the reserved list of RFC 3986 found)` };
  const raw = path.replace(/%[0-9A-Fa-f]{2}/g, "___");
  const percent = raw.indexOf("%");
  if (percent >= 0) return { ok: false, message: `invalid url-encoded value: '${raw.slice(percent, percent + 3)}'` };
  return { ok: true };
}

/** kong.tools.http validate_header_name (ngx.re, PCRE). */
function validateHeaderName(name: string): TypedefVerdict {
  if (/^[a-zA-Z0-9\-_]+$/.test(name)) return { ok: true };
  return { ok: false, message: `bad header name '${name}', allowed characters are A-Z, a-z, 0-9, '_', and '-'` };
}

/** kong.tools.http validate_http_token: no control characters, bytes above 127, or RFC 2616 separators. */
function validateHttpToken(token: string): TypedefVerdict {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f-\u{10ffff} \t()<>@,;:\\"/?={}[\]]/u.test(token)) return { ok: true };
  return { ok: false, message: "contains one or more invalid characters. ASCII control characters (0-31;127), space, tab and the characters ()<>@,;:\\\"/?={}[] are not allowed." };
}

const HOST_AND_URL: Record<string, KongValidator> = {
  host: onString(validateHost),
  redis_host: onString(validateHost),
  host_with_optional_port: onString(validateHostWithOptionalPort),
  wildcard_host: onString(validateWildcardHost),
  sni: onString(validateSni),
  ip: onString(validateIp),
  ip_or_cidr: onString(validateIpOrCidr),
  cidr_v4: onString(validateIpOrCidrV4),
  cidr: onString(validateIpOrCidrV4),
  url: onString(validateUrl),
  path: onString(validatePath),
  header_name: onString(validateHeaderName),
  cookie_name: onString(validateHttpToken),
};

export function kongValidator(typedef: string | undefined): KongValidator | undefined {
  if (typedef !== undefined && HOST_AND_URL[typedef]) return HOST_AND_URL[typedef];
  return typedef === undefined ? undefined : VALIDATORS[typedef];
}
