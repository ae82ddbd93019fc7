import type { ConfigProblem } from "./issues.js";

/**
 * Config files get committed, so kplug refuses to read a token from one: a key that names a token, or
 * a value that looks like a Konnect token (kpat_…, spat_…), anywhere in the file. The problem names the
 * key only; the value is never repeated.
 */
const USE_INSTEAD = "a token is never read from the config file; use konnect.tokenFile, --token-file or KONNECT_TOKEN";

const isTokenKey = (key: string): boolean => /token$/i.test(key) || /^(pat|spat|personalAccessToken)$/i.test(key);
const looksLikeToken = (value: string): boolean => /^\s*(kpat|spat)_[A-Za-z0-9]{8,}/.test(value);

// label names are Konnect data, not config keys
const isLabelMap = (path: PropertyKey[]): boolean => path.length === 2 && path[0] === "konnect" && path[1] === "labels";

export function findSecret(value: unknown, path: PropertyKey[] = [], seen = new Set<unknown>()): ConfigProblem | undefined {
  if (typeof value === "string") {
    return looksLikeToken(value) ? { path, problem: `this looks like a Konnect token; ${USE_INSTEAD}` } : undefined;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
  seen.add(value); // a JS config can hold cycles
  const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    if (typeof key === "string" && !isLabelMap(path) && isTokenKey(key)) return { path: childPath, problem: USE_INSTEAD };
    const found = findSecret(child, childPath, seen);
    if (found) return found;
  }
  return undefined;
}
