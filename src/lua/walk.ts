import type { CallExpression, Expression, Node, StringCallExpression, TableCallExpression } from "luaparse";

/**
 * Visits every node of a luaparse tree depth-first, in source order, with its ancestors (nearest
 * last). Generic over node shapes so that new luaparse node types are still traversed.
 */
export function walkLua(root: Node, visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const ancestors: Node[] = [];
  const step = (node: Node): void => {
    visit(node, ancestors);
    ancestors.push(node);
    for (const child of childrenOf(node)) step(child);
    ancestors.pop();
  };
  step(root);
}

function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "range" || key === "globals") continue; // `globals`: luaparse's scope list repeats nodes
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children.sort((a, b) => startOf(a) - startOf(b));
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
