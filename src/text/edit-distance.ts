/** Levenshtein edit distance (insert, delete, substitute: 1 each): the basis of every "did you mean". */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate nearest to `word` within `limit` edits (the first one on a tie), or undefined.
 * `fold` maps a candidate to the form compared (e.g. lower case); the candidate itself is returned.
 * The distance is at least the difference in length, so most candidates cost nothing.
 */
export function nearestWithin(word: string, candidates: Iterable<string>, limit: number, fold: (candidate: string) => string = (c) => c): string | undefined {
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const folded = fold(candidate);
    if (Math.abs(folded.length - word.length) > limit) continue;
    const distance = editDistance(word, folded);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
