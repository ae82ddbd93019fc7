import type {
  BinaryExpression,
  CallExpression,
  Chunk,
  Expression,
  FunctionDeclaration,
  Identifier,
  IndexExpression,
  LogicalExpression,
  MemberExpression,
  Node,
  Statement,
  StringCallExpression,
  TableCallExpression,
} from "luaparse";
import { rangeOf } from "./walk.js";

/** A local variable (or parameter) of a Lua file. */
export interface Binding {
  name: string;
  declaration: Identifier;
  /** declared by a statement of the chunk itself (not inside a block or a function) */
  topLevel: boolean;
  /** the function whose body declares it; undefined at chunk level */
  owner: FunctionDeclaration | undefined;
  /** assigned (`x = …`) inside a block or a function: its value is not static */
  reassignedElsewhere: boolean;
  /** its table is changed (`x.k = …`, `x[k] = …`, passed to a call) inside a block or a function */
  mutatedElsewhere: boolean;
  /**
   * reassigned or changed inside a function other than the one declaring it: when that happens is
   * not known statically (changes in blocks of the declaring code happen in order, as it runs)
   */
  changedInFunction: boolean;
  /** the functions (innermost) that reassign or change it, other than the one declaring it */
  changers: Set<FunctionDeclaration>;
  /** every use of it is `name(…)` as a statement of load-time code (not inside a function) */
  calledOnlyAtLoad: boolean;
  /** functions stored in it: `local function x`, `local x = function`, `function x.f()`, `x.f = function`, table constructor */
  functions: FunctionDeclaration[];
}

/** Where each identifier of a chunk points, and the functions nested in each other. */
export interface ScopeAnalysis {
  /** the binding an identifier refers to (or declares); undefined for globals */
  bindingOf(identifier: Identifier): Binding | undefined;
  /** the local a `local function name()` statement declares */
  localFunctionBinding(fn: FunctionDeclaration): Binding | undefined;
  /** every identifier that reads or writes a global, with the function it is in (undefined at load time) */
  globalReferences: GlobalReference[];
  /** functions declared (directly or nested) inside `fn`, including itself */
  contains(fn: FunctionDeclaration, node: Node): boolean;
}

export interface GlobalReference {
  identifier: Identifier;
  /** innermost enclosing function; undefined when the code runs at load time */
  fn: FunctionDeclaration | undefined;
  /** true when the global is assigned rather than read */
  assigned: boolean;
}

interface Frame {
  names: Map<string, Binding>;
  fn: FunctionDeclaration | undefined;
}

/** each chunk's analysis: the evaluator and several rules ask for the same chunk's (trees are never changed) */
const analyses = new WeakMap<Chunk, ScopeAnalysis>();

/** Resolves identifiers to bindings in one pass over the chunk, with Lua's scoping rules; once per chunk. */
export function analyzeScopes(chunk: Chunk): ScopeAnalysis {
  let analysis = analyses.get(chunk);
  if (!analysis) {
    analysis = analyze(chunk);
    analyses.set(chunk, analysis);
  }
  return analysis;
}

function analyze(chunk: Chunk): ScopeAnalysis {
  const bindings = new Map<Identifier, Binding>();
  const globalReferences: GlobalReference[] = [];
  /** callees of call statements of load-time code */
  const loadTimeCallees = new Set<Identifier>();
  const localFunctions = new Map<FunctionDeclaration, Binding>();
  const functionRanges = new Map<FunctionDeclaration, [number, number]>();
  const frames: Frame[] = [{ names: new Map(), fn: undefined }];
  let blockDepth = 0;

  const current = (): Frame => frames[frames.length - 1] as Frame;
  const atTopLevel = (): boolean => frames.length === 1 && blockDepth === 0;
  const lookup = (name: string): Binding | undefined => {
    for (let i = frames.length - 1; i >= 0; i--) {
      const found = frames[i]?.names.get(name);
      if (found) return found;
    }
    return undefined;
  };
  const declare = (identifier: Identifier): Binding => {
    const binding: Binding = {
      name: identifier.name,
      declaration: identifier,
      topLevel: atTopLevel(),
      owner: current().fn,
      reassignedElsewhere: false,
      mutatedElsewhere: false,
      changedInFunction: false,
      changers: new Set(),
      calledOnlyAtLoad: true,
      functions: [],
    };
    current().names.set(identifier.name, binding);
    bindings.set(identifier, binding);
    return binding;
  };
  const reference = (identifier: Identifier, assigned: boolean): Binding | undefined => {
    const binding = lookup(identifier.name);
    if (binding) {
      bindings.set(identifier, binding);
      if (assigned && !atTopLevel()) binding.reassignedElsewhere = true;
      const fn = current().fn;
      if (assigned && fn !== binding.owner) {
        binding.changedInFunction = true;
        if (fn) binding.changers.add(fn);
      }
      if (!loadTimeCallees.has(identifier)) binding.calledOnlyAtLoad = false;
    } else {
      globalReferences.push({ identifier, fn: current().fn, assigned });
    }
    return binding;
  };
  const withScope = (fn: FunctionDeclaration | undefined, body: () => void): void => {
    if (fn) {
      frames.push({ names: new Map(), fn });
    } else {
      frames.push({ names: new Map(), fn: current().fn });
    }
    const savedDepth = blockDepth;
    blockDepth += 1;
    body();
    blockDepth = savedDepth;
    frames.pop();
  };
  /** the local a member chain such as `a.b[c]` is rooted at */
  const rootBinding = (expression: Expression): Binding | undefined => {
    let node: Expression = expression;
    while (node.type === "MemberExpression" || node.type === "IndexExpression") node = node.base;
    return node.type === "Identifier" ? lookup(node.name) : undefined;
  };
  const noteMutation = (expression: Expression): void => {
    if (atTopLevel()) return;
    const root = rootBinding(expression);
    if (!root) return;
    root.mutatedElsewhere = true;
    const fn = current().fn;
    if (fn !== root.owner) {
      root.changedInFunction = true;
      if (fn) root.changers.add(fn);
    }
  };
  const collectFunctions = (binding: Binding | undefined, expression: Expression | undefined): void => {
    if (!binding || !expression) return;
    if (expression.type === "FunctionDeclaration") binding.functions.push(expression);
    if (expression.type === "TableConstructorExpression") {
      for (const field of expression.fields) collectFunctions(binding, field.value);
    }
  };

  const visitFunction = (fn: FunctionDeclaration): void => {
    functionRanges.set(fn, rangeOf(fn));
    withScope(fn, () => {
      // `function t:m()` has an implicit first parameter `self`
      if (fn.identifier?.type === "MemberExpression" && fn.identifier.indexer === ":") {
        declare({ type: "Identifier", name: "self" });
      }
      for (const parameter of fn.parameters) {
        if (parameter.type === "Identifier") declare(parameter);
      }
      visitBlock(fn.body);
    });
  };

  const visitExpression = (expression: Expression | null | undefined): void => {
    if (!expression) return;
    // operator chains (`a + b + … + z`) and suffix chains (`a.b(c)[d]`) are as deep as they are long:
    // their spine is followed in a loop, only the other operands recurse
    if (isChainLink(expression)) {
      const chain: ChainLink[] = [];
      let node: Expression = expression;
      while (isChainLink(node)) {
        chain.push(node);
        node = chainBase(node);
      }
      visitExpression(node);
      for (let i = chain.length - 1; i >= 0; i--) visitChainLink(chain[i] as ChainLink);
      return;
    }
    switch (expression.type) {
      case "Identifier":
        reference(expression, false);
        return;
      case "FunctionDeclaration":
        visitFunction(expression);
        return;
      case "TableConstructorExpression":
        for (const field of expression.fields) {
          if (field.type === "TableKey") visitExpression(field.key);
          visitExpression(field.value);
        }
        return;
      case "UnaryExpression":
        visitExpression(expression.argument);
        return;
      default:
        return;
    }
  };

  /** The parts of one link of a chain other than its base (visited before). */
  const visitChainLink = (link: ChainLink): void => {
    switch (link.type) {
      case "BinaryExpression":
      case "LogicalExpression":
        visitExpression(link.right);
        return;
      case "MemberExpression":
        return;
      case "IndexExpression":
        visitExpression(link.index);
        return;
      case "CallExpression": {
        const pure = isPureCall(link, (identifier) => lookup(identifier.name) !== undefined);
        for (const argument of link.arguments) {
          visitExpression(argument);
          if (!pure) noteMutation(argument);
        }
        if (link.base.type === "MemberExpression" && link.base.indexer === ":") noteMutation(link.base.base);
        return;
      }
      case "TableCallExpression":
        visitExpression(link.arguments);
        return;
      case "StringCallExpression":
        visitExpression(link.argument);
        return;
    }
  };

  const visitAssignmentTarget = (target: Expression, value: Expression | undefined): void => {
    if (target.type === "Identifier") {
      const binding = reference(target, true);
      collectFunctions(binding, value);
      return;
    }
    visitExpression(target);
    noteMutation(target);
    collectFunctions(rootBinding(target), value);
  };

  const visitStatement = (statement: Statement): void => {
    switch (statement.type) {
      case "LocalStatement": {
        for (const init of statement.init) visitExpression(init);
        statement.variables.forEach((variable, index) => {
          const binding = declare(variable);
          collectFunctions(binding, statement.init[index]);
        });
        return;
      }
      case "AssignmentStatement":
        for (const init of statement.init) visitExpression(init);
        statement.variables.forEach((variable, index) => visitAssignmentTarget(variable, statement.init[index]));
        return;
      case "CallStatement": {
        const callee = statement.expression.base;
        if (callee.type === "Identifier" && current().fn === undefined) loadTimeCallees.add(callee);
        visitExpression(statement.expression);
        return;
      }
      case "FunctionDeclaration": {
        const identifier = statement.identifier;
        if (identifier && statement.isLocal && identifier.type === "Identifier") {
          const binding = declare(identifier);
          binding.functions.push(statement);
          localFunctions.set(statement, binding);
        } else if (identifier) {
          visitAssignmentTarget(identifier, statement);
        }
        visitFunction(statement);
        return;
      }
      case "ReturnStatement":
        for (const argument of statement.arguments) visitExpression(argument);
        return;
      case "IfStatement":
        for (const clause of statement.clauses) {
          if (clause.type !== "ElseClause") visitExpression(clause.condition);
          withScope(undefined, () => visitBlock(clause.body));
        }
        return;
      case "WhileStatement":
        visitExpression(statement.condition);
        withScope(undefined, () => visitBlock(statement.body));
        return;
      case "RepeatStatement":
        withScope(undefined, () => {
          visitBlock(statement.body);
          visitExpression(statement.condition);
        });
        return;
      case "DoStatement":
        withScope(undefined, () => visitBlock(statement.body));
        return;
      case "ForNumericStatement":
        visitExpression(statement.start);
        visitExpression(statement.end);
        visitExpression(statement.step);
        withScope(undefined, () => {
          declare(statement.variable);
          visitBlock(statement.body);
        });
        return;
      case "ForGenericStatement":
        for (const iterator of statement.iterators) visitExpression(iterator);
        withScope(undefined, () => {
          for (const variable of statement.variables) declare(variable);
          visitBlock(statement.body);
        });
        return;
      default:
        return;
    }
  };
  const visitBlock = (body: Statement[]): void => {
    for (const statement of body) visitStatement(statement);
  };

  visitBlock(chunk.body);

  return {
    bindingOf: (identifier) => bindings.get(identifier),
    localFunctionBinding: (fn) => localFunctions.get(fn),
    globalReferences,
    contains: (fn, node) => {
      const outer = functionRanges.get(fn);
      const inner = rangeOf(node);
      return Boolean(outer && inner[0] >= outer[0] && inner[1] <= outer[1]);
    },
  };
}

type ChainLink = BinaryExpression | LogicalExpression | MemberExpression | IndexExpression | CallExpression | StringCallExpression | TableCallExpression;

function isChainLink(expression: Expression): expression is ChainLink {
  switch (expression.type) {
    case "BinaryExpression":
    case "LogicalExpression":
    case "MemberExpression":
    case "IndexExpression":
    case "CallExpression":
    case "StringCallExpression":
    case "TableCallExpression":
      return true;
    default:
      return false;
  }
}

/** The operand a chain link continues from: the left operand, or the base of an index or call. */
function chainBase(link: ChainLink): Expression {
  return link.type === "BinaryExpression" || link.type === "LogicalExpression" ? link.left : link.base;
}

/** Builtins that never change the tables they are given: passing a table to them keeps it static. */
const PURE_GLOBAL_FUNCTIONS = new Set([
  "ipairs", "pairs", "next", "type", "tostring", "tonumber", "select", "unpack", "rawget", "rawequal",
  "rawlen", "assert", "error", "print", "getmetatable",
]);
const PURE_LIBRARIES = new Set(["string", "math"]);
const PURE_TABLE_FUNCTIONS = new Set(["concat", "unpack"]);

/** A call to a builtin that never changes its arguments (`ipairs(t)`, `string.format(…)`); `isLocal` tells shadowed names. */
export function isPureCall(call: CallExpression | StringCallExpression | TableCallExpression, isLocal: (identifier: Identifier) => boolean): boolean {
  const base = call.base;
  if (base.type === "Identifier") return !isLocal(base) && PURE_GLOBAL_FUNCTIONS.has(base.name);
  if (base.type === "MemberExpression" && base.base.type === "Identifier" && !isLocal(base.base)) {
    if (PURE_LIBRARIES.has(base.base.name)) return true;
    return base.base.name === "table" && PURE_TABLE_FUNCTIONS.has(base.identifier.name);
  }
  return false;
}
