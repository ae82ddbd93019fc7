import type { ConfigValue } from "./value.js";

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

export function kongValidator(typedef: string | undefined): KongValidator | undefined {
  return typedef === undefined ? undefined : VALIDATORS[typedef];
}
