import { ruleById } from "../rules/all-rules.js";
import { editDistance } from "../text/edit-distance.js";

/** The ids in a severity-override map that name no rule, in the order given. */
export function unknownRuleIds(overrides: Record<string, unknown> | Iterable<string>, known: ReadonlyMap<string, unknown> = ruleById): string[] {
  const ids = isIterable(overrides) ? [...overrides] : Object.keys(overrides);
  return ids.filter((id) => !known.has(id));
}

/** The known rule id nearest to a mistyped one (`forbiden-files` → `konnect/forbidden-files`), if any is close. */
export function closestRuleId(id: string, known: Iterable<string> = ruleById.keys()): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of known) {
    // a missing prefix ("no-require" for "konnect/no-require") is the commonest slip
    const distance = Math.min(editDistance(id, candidate), editDistance(id, candidate.slice(candidate.indexOf("/") + 1)));
    if (!best || distance < best.distance) best = { id: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(id.length / 3)) ? best.id : undefined;
}

function isIterable(value: unknown): value is Iterable<string> {
  return typeof value === "string" || (typeof value === "object" && value !== null && Symbol.iterator in value);
}
