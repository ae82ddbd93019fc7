import type { CallExpression, Expression, Node, StringCallExpression, TableCallExpression } from "luaparse";

/**
 * Visits every node of a luaparse tree depth-first, in source order, with its ancestors (nearest
 * last); `visit` returning false skips the node's children. Generic over node shapes so that new
 * luaparse node types are still traversed. Iterative: operator and call chains make trees as deep as
 * they are long (`a + b + … + z`).
 */
export function walkLua(root: Node, visit: (node: Node, ancestors: readonly Node[]) => boolean | void): void {
  const ancestors: Node[] = [];
  // for each ancestor: its children and how many of them were visited
  const children: Node[][] = [];
  const visited: number[] = [];
  let node: Node | undefined = root;
  while (node) {
    const descend = visit(node, ancestors) !== false;
    ancestors.push(node);
    children.push(descend ? childrenOf(node) : []);
    visited.push(0);
    node = undefined;
    while (!node && ancestors.length > 0) {
      const top = children.length - 1;
      const index = visited[top] as number;
      node = (children[top] as Node[])[index];
      if (node) {
        visited[top] = index + 1;
      } else {
        ancestors.pop();
        children.pop();
        visited.pop();
      }
    }
  }
}

/** Keys that never hold child nodes (`globals`: luaparse's scope list repeats nodes). */
const NOT_CHILDREN = new Set(["type", "loc", "range", "globals"]);

/**
 * A node's child nodes in source order. Hot: called for every node by every walk, so no
 * Object.entries array, and a sort only for the few node shapes whose keys are not in source
 * order (e.g. MemberExpression lists `identifier` before `base`). Same stable order as sorting always.
 */
function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  let sorted = true;
  let lastStart = -Infinity;
  const take = (child: Node): void => {
    const start = startOf(child);
    if (start < lastStart) sorted = false;
    else lastStart = start;
    children.push(child);
  };
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = fields[key];
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) take(item);
    } else if (isNode(value)) {
      take(value);
    }
  }
  return sorted ? children : children.sort((a, b) => startOf(a) - startOf(b));
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** The [start, end) character offsets luaparse records with `ranges: true`. */
export function rangeOf(node: Node): [number, number] {
  const range = (node as { range?: [number, number] }).range;
  return range ?? [0, 0];
}

function startOf(node: Node): number {
  return rangeOf(node)[0];
}

export function isCall(node: Node): node is CallExpression | StringCallExpression | TableCallExpression {
  return node.type === "CallExpression" || node.type === "StringCallExpression" || node.type === "TableCallExpression";
}

/** The argument expressions of any call form: `f(a, b)`, `f "s"`, `f { … }`. */
export function callArguments(call: CallExpression | StringCallExpression | TableCallExpression): Expression[] {
  if (call.type === "CallExpression") return call.arguments;
  if (call.type === "StringCallExpression") return [call.argument];
  return [call.arguments];
}
