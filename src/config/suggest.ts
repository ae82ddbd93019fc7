import { editDistance } from "../text/edit-distance.js";

// "max_warnings", "Max-Warnings" and "maxwarnings" all mean maxWarnings
const normalize = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, "");

/** The known word closest to `input`, when it is close enough to be a typo; else undefined. */
export function closest(input: string, known: readonly string[]): string | undefined {
  const wanted = normalize(input);
  const exact = known.find((k) => normalize(k) === wanted);
  if (exact) return exact;
  // a prefix ("warn" for "warning") is a stronger hint than edit distance
  const prefixed = wanted.length >= 3 ? known.filter((k) => normalize(k).startsWith(wanted)) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    // a rule id typed without its prefix ("no-require" for "konnect/no-require") is the commonest slip
    const lastSegment = candidate.slice(candidate.lastIndexOf("/") + 1);
    const d = Math.min(editDistance(wanted, normalize(candidate)), editDistance(wanted, normalize(lastSegment)));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** `did you mean "x"?`, or undefined when nothing is close. */
export function didYouMean(input: string, known: readonly string[]): string | undefined {
  const match = closest(input, known);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
