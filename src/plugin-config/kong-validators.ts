import type { ConfigValue } from "./value.js";
import { KONG_VALIDATORS } from "../schema/kong-validators.js";

/*
 * The custom validators of Kong's own typedefs that the plugins entity uses
 * (kong/db/schema/typedefs.lua: validate_utf8_name for instance_name, validate_tag for tags).
 * They are Kong's code, not the plugin's, so they are modelled here instead of run in the sandbox; the
 * typedefs a plugin's own fields use (host, url, ip, …) are src/schema's.
 */

type KongValidator = (value: ConfigValue) => { ok: true } | { ok: false; message: string };

function utf8Error(text: string): string | undefined {
  // a JS string may hold lone surrogates, which have no UTF-8 form
  if (hasLoneSurrogate(text)) return "invalid utf-8 character sequence detected at position 1";
  return undefined;
}

function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    i++;
  }
  return false;
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
};

/** A typedef validator of src/schema over strings (other types pass: Kong checked the type first). */
function onString(check: (text: string) => string | null | undefined): KongValidator {
  return (value) => {
    if (value.kind !== "string") return { ok: true };
    const message = check(value.value);
    return typeof message === "string" ? { ok: false, message } : { ok: true };
  };
}

const SCHEMA_TYPEDEFS: Record<string, KongValidator> = Object.fromEntries(Object.entries(KONG_VALIDATORS).map(([typedef, check]) => [typedef, onString(check)]));

export function kongValidator(typedef: string | undefined): KongValidator | undefined {
  if (typedef === undefined) return undefined;
  return VALIDATORS[typedef] ?? SCHEMA_TYPEDEFS[typedef];
}
