import type { CallExpression, Expression, Node, StringCallExpression, TableCallExpression } from "luaparse";

/**
 * Visits every node of a luaparse tree depth-first, in source order, with its ancestors (nearest
 * last); `visit` returning false skips the node's children. Generic over node shapes so that new
 * luaparse node types are still traversed. Iterative: operator and call chains make trees as deep as
 * they are long (`a + b + … + z`). Hot (several walks per file): each level keeps a cursor into its
 * node's child keys instead of a list of its children, so a walk allocates nothing per node.
 */
export function walkLua(root: Node, visit: (node: Node, ancestors: readonly Node[]) => boolean | void): void {
  const ancestors: Node[] = [];
  // per ancestor: its child keys (or, for a shape CHILD_KEYS lacks, its children), and a cursor into them
  const keyLists: (readonly string[])[] = [];
  const childLists: (Node[] | undefined)[] = [];
  const keyIndexes: number[] = [];
  const itemIndexes: number[] = [];
  let node: Node | undefined = root;
  while (node) {
    if (visit(node, ancestors) !== false) {
      const keys = CHILD_KEYS[node.type];
      ancestors.push(node);
      keyLists.push(keys ?? NO_KEYS);
      childLists.push(keys ? undefined : childrenInRangeOrder(node));
      keyIndexes.push(0);
      itemIndexes.push(0);
    }
    node = undefined;
    while (!node && ancestors.length > 0) {
      const top = ancestors.length - 1;
      node = nextChild(ancestors[top] as Node, keyLists[top] as readonly string[], childLists[top], keyIndexes, itemIndexes, top);
      if (!node) {
        ancestors.pop();
        keyLists.pop();
        childLists.pop();
        keyIndexes.pop();
        itemIndexes.pop();
      }
    }
  }
}

/** The next child of `parent` after the cursor at `level` (moved past it), or undefined when there is none. */
function nextChild(parent: Node, keys: readonly string[], children: Node[] | undefined, keyIndexes: number[], itemIndexes: number[], level: number): Node | undefined {
  let item = itemIndexes[level] as number;
  if (children) {
    itemIndexes[level] = item + 1;
    return children[item];
  }
  const fields = parent as unknown as Record<string, unknown>;
  for (let key = keyIndexes[level] as number; key < keys.length; key++, item = 0) {
    const value = fields[keys[key] as string];
    if (Array.isArray(value)) {
      while (item < value.length) {
        const child: unknown = value[item++];
        if (!isNode(child)) continue;
        keyIndexes[level] = key;
        itemIndexes[level] = item;
        return child;
      }
    } else if (item === 0 && isNode(value)) {
      // item 1: this key's node was already handed out
      keyIndexes[level] = key;
      itemIndexes[level] = 1;
      return value;
    }
  }
  keyIndexes[level] = keys.length;
  return undefined;
}

/** Keys that never hold child nodes (`globals`: luaparse's scope list repeats nodes). */
const NOT_CHILDREN = new Set(["type", "loc", "range", "globals"]);

/**
 * For each luaparse node type, the keys holding its children, in source order (e.g. a
 * MemberExpression's `base` before its `identifier`, a RepeatStatement's `body` before its
 * `condition`). Hot: every walk asks every node, so the known shapes skip enumerating keys and sorting.
 */
const CHILD_KEYS: Readonly<Record<string, readonly string[]>> = {
  Chunk: ["body"],
  LabelStatement: ["label"],
  BreakStatement: [],
  GotoStatement: ["label"],
  ReturnStatement: ["arguments"],
  IfStatement: ["clauses"],
  IfClause: ["condition", "body"],
  ElseifClause: ["condition", "body"],
  ElseClause: ["body"],
  WhileStatement: ["condition", "body"],
  DoStatement: ["body"],
  RepeatStatement: ["body", "condition"],
  LocalStatement: ["variables", "init"],
  AssignmentStatement: ["variables", "init"],
  CallStatement: ["expression"],
  FunctionDeclaration: ["identifier", "parameters", "body"],
  ForNumericStatement: ["variable", "start", "end", "step", "body"],
  ForGenericStatement: ["variables", "iterators", "body"],
  Identifier: [],
  StringLiteral: [],
  NumericLiteral: [],
  BooleanLiteral: [],
  NilLiteral: [],
  VarargLiteral: [],
  TableKey: ["key", "value"],
  TableKeyString: ["key", "value"],
  TableValue: ["value"],
  TableConstructorExpression: ["fields"],
  BinaryExpression: ["left", "right"],
  LogicalExpression: ["left", "right"],
  UnaryExpression: ["argument"],
  MemberExpression: ["base", "identifier"],
  IndexExpression: ["base", "index"],
  CallExpression: ["base", "arguments"],
  TableCallExpression: ["base", "arguments"],
  StringCallExpression: ["base", "argument"],
};

const NO_KEYS: readonly string[] = [];

/**
 * The children of a node shape not in CHILD_KEYS (a newer luaparse's), found by enumerating its keys
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
