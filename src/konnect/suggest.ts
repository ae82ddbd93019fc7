import { editDistance } from "../text/edit-distance.js";

/**
 * Up to `limit` candidates closest to `wanted` (case-insensitive), nearest first, ties by name. A
 * candidate sharing nothing with it (distance as long as the longer string) is never suggested.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = wanted.toLowerCase();
  return [...new Set(candidates)]
    .map((name) => ({ name, distance: editDistance(target, name.toLowerCase()) }))
    .filter(({ name, distance }) => distance < Math.max(target.length, name.length))
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
