import type { ConfigValue } from "./value.js";
import { KONG_VALIDATORS } from "../schema/kong-validators.js";

/*
 * The custom validators of Kong's typedefs (the plugins entity's instance_name and tags, and the
 * typedefs a plugin's own fields use: host, url, ip, …), over config values. They are Kong's code,
 * not the plugin's, so they are modelled (in src/schema, the one copy) instead of run in the sandbox.
 */

type KongValidator = (value: ConfigValue) => { ok: true } | { ok: false; message: string };

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
  return SCHEMA_TYPEDEFS[typedef];
}
