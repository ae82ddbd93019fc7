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

interface Visit {
  value: unknown;
  key?: PropertyKey;
  parent?: Visit;
}

const pathOf = (visit: Visit): PropertyKey[] => {
  const path: PropertyKey[] = [];
  for (let at: Visit | undefined = visit; at?.parent !== undefined; at = at.parent) path.push(at.key as PropertyKey);
  return path.reverse();
};

/** The first token-shaped key or value, depth first; iterative, since a JSON config may nest 100,000 levels. */
export function findSecret(root: unknown): ConfigProblem | undefined {
  const seen = new Set<unknown>(); // a JS config can hold cycles
  const stack: Visit[] = [{ value: root }];
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    const { value, key, parent } = visit;
    // the key is judged before its value, as the config is read: label names are Konnect data, not keys
    if (typeof key === "string" && parent !== undefined && isTokenKey(key) && !isLabelMap(pathOf(parent))) return { path: pathOf(visit), problem: USE_INSTEAD };
    if (typeof value === "string") {
      if (looksLikeToken(value)) return { path: pathOf(visit), problem: `this looks like a Konnect token; ${USE_INSTEAD}` };
      continue;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    // pushed in reverse so that children are visited in order
    for (let i = entries.length - 1; i >= 0; i--) {
      const [childKey, child] = entries[i] as [PropertyKey, unknown];
      stack.push({ value: child, key: childKey, parent: visit });
    }
  }
  return undefined;
}
