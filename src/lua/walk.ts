import type { CallExpression, Expression, Node, StringCallExpression, TableCallExpression } from "luaparse";

/**
 * Visits every node of a luaparse tree depth-first, in source order, with its ancestors (nearest
 * last); `visit` returning false skips the node's children. Generic over node shapes so that new
 * luaparse node types are still traversed. Iterative: operator and call chains make trees as deep as
 * they are long (`a + b + … + z`). Hot (several walks per file): one stack of nodes still to visit,
 * with their depths, and children read by named properties per node type, so a walk allocates nothing
 * per node and its property reads stay monomorphic.
 */
export function walkLua(root: Node, visit: (node: Node, ancestors: readonly Node[]) => boolean | void): void {
  const ancestors: Node[] = [];
  const pending: Node[] = [root];
  const depths: number[] = [0];
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    const depth = depths.pop() as number;
    while (ancestors.length > depth) ancestors.pop();
    if (visit(node, ancestors) === false) continue;
    ancestors.push(node);
    const first = pending.length;
    pushChildren(node, pending);
    // pushed in source order: reversed, so that the first child is popped first
    for (let low = first, high = pending.length - 1; low < high; low++, high--) {
      const swap = pending[low] as Node;
      pending[low] = pending[high] as Node;
      pending[high] = swap;
    }
    for (let i = first; i < pending.length; i++) depths.push(depth + 1);
  }
}

/** Appends a node's children to `out`, in source order. */
function pushChildren(node: Node, out: Node[]): void {
  const n = node as unknown as Record<string, unknown>;
  switch (node.type) {
    case "Identifier":
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
    case "NilLiteral":
    case "VarargLiteral":
    case "BreakStatement":
      return;
    case "Chunk":
    case "DoStatement":
    case "ElseClause":
      return add(out, n.body);
    case "LabelStatement":
    case "GotoStatement":
      return add(out, n.label);
    case "ReturnStatement":
      return add(out, n.arguments);
    case "IfStatement":
      return add(out, n.clauses);
    case "IfClause":
    case "ElseifClause":
    case "WhileStatement":
      add(out, n.condition);
      return add(out, n.body);
    case "RepeatStatement":
      add(out, n.body);
      return add(out, n.condition);
    case "LocalStatement":
    case "AssignmentStatement":
      add(out, n.variables);
      return add(out, n.init);
    case "CallStatement":
      return add(out, n.expression);
    case "FunctionDeclaration":
      add(out, n.identifier);
      add(out, n.parameters);
      return add(out, n.body);
    case "ForNumericStatement":
      add(out, n.variable);
      add(out, n.start);
      add(out, n.end);
      add(out, n.step);
      return add(out, n.body);
    case "ForGenericStatement":
      add(out, n.variables);
      add(out, n.iterators);
      return add(out, n.body);
    case "TableKey":
    case "TableKeyString":
      add(out, n.key);
      return add(out, n.value);
    case "TableValue":
      return add(out, n.value);
    case "TableConstructorExpression":
      return add(out, n.fields);
    case "BinaryExpression":
    case "LogicalExpression":
      add(out, n.left);
      return add(out, n.right);
    case "UnaryExpression":
      return add(out, n.argument);
    case "MemberExpression":
      add(out, n.base);
      return add(out, n.identifier);
    case "IndexExpression":
      add(out, n.base);
      return add(out, n.index);
    case "CallExpression":
    case "TableCallExpression":
      add(out, n.base);
      return add(out, n.arguments);
    case "StringCallExpression":
      add(out, n.base);
      return add(out, n.argument);
    default:
      for (const child of childrenInRangeOrder(node)) out.push(child);
  }
}

/** Appends a child field's node, or the nodes of a list field. */
function add(out: Node[], value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) if (isNode(item)) out.push(item);
  } else if (isNode(value)) {
    out.push(value);
  }
}

/** Keys that never hold child nodes (`globals`: luaparse's scope list repeats nodes). */
const NOT_CHILDREN = new Set(["type", "loc", "range", "globals"]);

/**
 * The children of a node shape pushChildren does not know (a newer luaparse's), found by enumerating its keys
 * and put in source order by their ranges (stable: key order breaks ties).
 */
function childrenInRangeOrder(node: Node): Node[] {
  const children: Node[] = [];
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (NOT_CHILDREN.has(key)) continue;
    const value = fields[key];
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
