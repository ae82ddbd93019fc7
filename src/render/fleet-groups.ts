/**
 * Grouping for output that scales: 100 control planes with the same outcome print as one row or
 * one block, named "prod-001 … prod-100", instead of 100 copies.
 */
export interface Group<T> {
  key: string;
  items: T[];
}

/** Items with the same key, in order of first appearance. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([key, list]) => ({ key, items: list }));
}

/**
 * Text about one control plane made comparable with the same text about another: its id and name
 * (in URLs, diff headers, messages) replaced by placeholders.
 */
export function withoutControlPlane(text: string, controlPlane: { id: string; name: string }): string {
  let out = text.split(controlPlane.id).join("{control-plane-id}");
  // names only where they stand as a path segment or a whole word, not inside another name
  out = out.replace(new RegExp(`(^|[\\s/'"(])${escapeRegExp(controlPlane.name)}(?=[\\s/'"),:]|$)`, "gm"), "$1{control-plane}");
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
