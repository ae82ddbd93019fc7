import type {
  BinaryExpression,
  CallExpression,
  Expression,
  IndexExpression,
  LogicalExpression,
  MemberExpression,
  AssignmentStatement,
  ForGenericStatement,
  ForNumericStatement,
  FunctionDeclaration,
  Identifier,
  IfStatement,
  Node,
  ReturnStatement,
  Statement,
  StringCallExpression,
  TableCallExpression,
  TableConstructorExpression,
} from "luaparse";
import { literalValue } from "./literal.js";
import type { LuaSource, SourceLocation } from "./parse.js";
import { analyzeScopes, isPureCall } from "./scope.js";
import type { Binding, ScopeAnalysis } from "./scope.js";
import { boundedTree, MAX_CONCATENATED, MAX_EXPRESSION_DEPTH, MAX_STRING_LENGTH } from "./limits.js";
import type { EvaluationLimit } from "./limits.js";
import { luaNumberToString, toNumber } from "./number-text.js";
import { isLibraryResult, isStringMethod, libraryCall, libraryResultType } from "./stdlib.js";
import { kongModuleMember, kongModuleValue } from "./kong-modules.js";
import { environmentVariable, indirectGlobals, isStandardGlobalFunction, konnectGlobal, raisesOnKonnect, type IndirectGlobals } from "./konnect-environment.js";
import { ENTERPRISE_TYPEDEFS, typedefValue } from "./typedefs.js";
import type { LuaFunction, LuaTable, LuaTableField, LuaTableNumberField, LuaValue } from "./values.js";
import { tableGet } from "./values.js";
import { findLoadTimeContext, findRequires, freeGlobalsOf } from "./schema-context.js";
import type { GlobalUse, LoadTimeContextUse, RequireCall } from "./schema-context.js";
import { callArguments, walkLua } from "./walk.js";

export type { EvaluationLimit, GlobalUse, LoadTimeContextUse, RequireCall };

/** The module that holds Kong's typedefs; requiring it gives the typedef catalog. */
export const TYPEDEFS_MODULE = "kong.db.schema.typedefs";
/** Kong's schema library; `Schema.define(t)` returns `t`. */
const SCHEMA_MODULE = "kong.db.schema";

/** A `typedefs.X` access. */
export interface TypedefReference {
  name: string;
  location: SourceLocation;
  /** false when Kong has no such typedef (Kong raises `schema typedef error: definition <name> does not exist`) */
  known: boolean;
  /** true for typedefs that exist only in Kong Enterprise (Konnect) */
  enterprise: boolean;
}

export interface SchemaEvaluation {
  /** what the chunk returns; undefined when it returns nothing */
  value: LuaValue | undefined;
  requires: RequireCall[];
  loadTimeContext: LoadTimeContextUse[];
  typedefs: TypedefReference[];
  /** globals assigned by schema.lua itself at load time (they exist when its functions run) */
  definedGlobals: ReadonlySet<string>;
  /** free globals a function of schema.lua reaches: its own body and the local helpers it uses */
  freeGlobals(fn: LuaFunction): GlobalUse[];
  /** budgets the evaluation ran into (the values past them are unknown) */
  limits: EvaluationLimit[];
  /** a top-level `error(…)` or `assert(<nil or false>, …)` that raises every time the chunk loads */
  raises?: { message: string; location: SourceLocation };
}

interface ModuleValue {
  kind: "module";
  name: string;
  location: SourceLocation;
}
type EvalValue = LuaValue | ModuleValue;

/**
 * Statically evaluates a schema.lua chunk: straight-line top-level code only, functions become
 * function values, and everything that depends on run time is `unknown` with a reason.
 */
/**
 * `environment`: where schema.lua is loaded. "konnect" (kplug's target): no `kong` global, none of
 * the author's environment variables (src/lua/konnect-environment.ts). "kong-node": a Kong node's
 * `kong` global and environment, not known statically.
 */
export function evaluateSchema(source: LuaSource, environment: "konnect" | "kong-node" = "konnect"): SchemaEvaluation {
  const chunk = source.chunk;
  if (!chunk) {
    return { value: undefined, requires: [], loadTimeContext: [], typedefs: [], definedGlobals: new Set(), freeGlobals: () => [], limits: [] };
  }
  const scopes = analyzeScopes(chunk);
  const evaluator = new Evaluator(source, scopes, environment);
  const returned = evaluator.run(chunk.body);
  const raises = evaluator.raised;
  // rules walk the schema as a tree: no cycles, bounded depth and size
  const value = returned && boundedTree(returned, evaluator.limits);
  const definedGlobals = new Set(scopes.globalReferences.filter((g) => g.assigned && !g.fn).map((g) => g.identifier.name));
  return {
    value,
    requires: findRequires(source, chunk, scopes),
    loadTimeContext: findLoadTimeContext(source, chunk, scopes),
    typedefs: evaluator.typedefs,
    definedGlobals,
    freeGlobals: (fn) => freeGlobalsOf(source, scopes, fn, definedGlobals),
    limits: evaluator.limits,
    ...(raises ? { raises } : {}),
  };
}

class Evaluator {
  readonly typedefs: TypedefReference[] = [];
  readonly limits: EvaluationLimit[] = [];
  /** expressions being evaluated, nested */
  private depth = 0;
  /** characters built by concatenation so far */
  private concatenated = 0;
  private readonly locals = new Map<Binding, EvalValue>();
  private readonly globals = new Map<string, EvalValue>();
  /** members the file adds to a required module, e.g. `typedefs.protocols_https = Schema.define {…}` */
  private readonly moduleMembers = new Map<string, EvalValue>();

  constructor(
    private readonly source: LuaSource,
    private readonly scopes: ScopeAnalysis,
    private readonly environment: "konnect" | "kong-node",
  ) {}

  /** globals set through `_G` / rawset (see indirectGlobals), found once per file when first needed */
  private indirect: IndirectGlobals | undefined;

  /** schema.lua assigns the global `name` somewhere (by name, through `_G`, or possibly by code kplug cannot follow) */
  private assignsGlobal(name: string): boolean {
    if (this.scopes.globalReferences.some((ref) => ref.assigned && ref.identifier.name === name)) return true;
    const chunk = this.source.chunk;
    if (!chunk) return false;
    this.indirect ??= indirectGlobals(chunk, (identifier) => !this.scopes.bindingOf(identifier));
    return this.indirect.any || this.indirect.names.has(name);
  }

  /** set when a top-level statement certainly raises (the chunk stops there) */
  raised: { message: string; location: SourceLocation } | undefined;

  run(body: Statement[]): LuaValue | undefined {
    let returnedFromBlock: Node | undefined;
    for (const statement of body) {
      // only statements every load reaches: nothing before them returned from a block
      if (!returnedFromBlock && statement.type === "CallStatement") {
        this.raised = this.certainRaise(statement.expression);
        if (this.raised) return undefined;
      }
      if (statement.type === "ReturnStatement") {
        const first = statement.arguments[0];
        if (returnedFromBlock) return this.unknown(statement, "the chunk may return earlier from inside a block");
        if (!first) return undefined;
        return this.toLua(this.single(first));
      }
      if (isBlockStatement(statement)) {
        returnedFromBlock ??= findLoadTimeReturn(statement);
        this.block(statement);
        continue;
      }
      this.execute(statement);
    }
    return returnedFromBlock ? this.unknown(returnedFromBlock, "the chunk returns from inside a block") : undefined;
  }

  /** `error(…)`, or `assert(v, …)` with v known to be nil or false, called as Lua's own function: Lua's error message. */
  private certainRaise(call: CallExpression | StringCallExpression | TableCallExpression): { message: string; location: SourceLocation } | undefined {
    const base = call.base;
    if (base.type !== "Identifier" || (base.name !== "error" && base.name !== "assert") || this.scopes.bindingOf(base) !== undefined) return undefined;
    // a chunk that assigns the global itself has its own error / assert
    if (this.assignsGlobal(base.name)) return undefined;
    const args = callArguments(call).map((argument) => this.single(argument));
    const location = this.source.locate(call);
    const text = (value: EvalValue | undefined): string | undefined => (value?.kind === "string" ? value.value : value?.kind === "number" ? String(value.value) : undefined);
    if (base.name === "error") return { message: text(args[0]) ?? "an error value", location };
    const first = args[0];
    if (first !== undefined && first.kind !== "nil" && !(first.kind === "boolean" && !first.value)) return undefined;
    return { message: args.length > 1 ? (text(args[1]) ?? "an error value") : "assertion failed!", location };
  }

  /**
   * A block of load-time code runs in order like the statements around it: `do … end` and an `if`
   * whose condition is known statically are run; an `if` whose branches only assign locals gives
   * each local what all branches agree on (see joinValues); any other block (loops, undecided ifs)
   * makes everything it assigns or changes unknown from then on.
   */
  private block(statement: Statement): void {
    if (this.overBudget()) {
      this.forget(statement);
      return;
    }
    if (statement.type === "DoStatement" && isStraightLine(statement.body)) {
      this.executeBody(statement.body);
      return;
    }
    if (statement.type === "IfStatement") {
      const clause = this.chosenClause(statement);
      if (clause === undefined) {
        if (!this.joinBranches(statement)) this.forget(statement);
      } else if (clause !== null) {
        if (isStraightLine(clause.body)) this.executeBody(clause.body);
        else this.forget(statement);
      }
      return;
    }
    if ((statement.type === "ForNumericStatement" || statement.type === "ForGenericStatement") && this.loop(statement)) return;
    this.forget(statement);
  }

  /**
   * A loop over values known statically, with a straight-line body, runs like the code around it:
   * `for i = a, b[, step]` with known numbers, `for i, v in ipairs(t)` over a known sequence.
   * At most MAX_LOOP_ITERATIONS rounds; otherwise false (the caller forgets what it changes).
   */
  private loop(statement: ForNumericStatement | ForGenericStatement): boolean {
    if (!isStraightLine(statement.body)) return false;
    const rounds: LuaValue[][] = [];
    if (statement.type === "ForNumericStatement") {
      const [start, end, step] = [statement.start, statement.end, statement.step].map((e) => (e ? this.single(e) : undefined));
      if (start?.kind !== "number" || end?.kind !== "number" || (step && step.kind !== "number")) return false;
      const by = step?.kind === "number" ? step.value : 1;
      if (by === 0 || !Number.isFinite(start.value) || !Number.isFinite(end.value)) return false;
      for (let i = start.value; by > 0 ? i <= end.value : i >= end.value; i += by) {
        if (rounds.length >= MAX_LOOP_ITERATIONS) return false;
        rounds.push([{ kind: "number", value: i, location: this.source.locate(statement.variable) }]);
      }
    } else {
      const [iterator] = statement.iterators;
      if (statement.iterators.length !== 1 || iterator?.type !== "CallExpression" || iterator.base.type !== "Identifier") return false;
      const over = iterator.base.name;
      if ((over !== "ipairs" && over !== "pairs") || this.scopes.bindingOf(iterator.base) || iterator.arguments.length !== 1) return false;
      const list = this.single(iterator.arguments[0] as Expression);
      if (list.kind !== "table" || list.hasUnknownEntries || list.items.length + list.fields.length > MAX_LOOP_ITERATIONS) return false;
      const at = this.source.locate(iterator);
      // pairs over a sequence built by a constructor: LuaJIT's array part, which pairs visits in index order
      const inIndexOrder = over === "ipairs" || (list.fields.length === 0 && list.items.every((item) => item.kind !== "nil"));
      if (inIndexOrder) {
        // the items as they are when the loop starts (a body that appends to the list is not followed)
        list.items.forEach((item, index) => rounds.push([{ kind: "number", value: index + 1, location: at }, item]));
      } else {
        // pairs' order over a hash is the Lua implementation's: only a body whose outcome no order changes is run
        if (!this.writesOnlyUnderKey(statement, list)) return false;
        list.items.forEach((item, index) => {
          if (item.kind !== "nil") rounds.push([{ kind: "number", value: index + 1, location: at }, item]);
        });
        const latest = new Map(list.fields.map((field) => [field.key, field]));
        for (const field of latest.values()) {
          if (field.value.kind !== "nil") rounds.push([{ kind: "string", value: field.key, location: field.keyLocation }, field.value]);
        }
      }
    }
    const variables = statement.type === "ForNumericStatement" ? [statement.variable] : statement.variables;
    const bindings = variables.map((variable) => this.scopes.bindingOf(variable));
    for (const values of rounds) {
      // past the budget mid-loop: the caller forgets what the loop changes, the rounds run so far included
      if (this.overBudget()) return false;
      bindings.forEach((binding, index) => {
        if (binding) this.locals.set(binding, values[index] ?? { kind: "nil", location: this.source.locate(statement) });
      });
      this.executeBody(statement.body);
    }
    return true;
  }

  /**
   * A `for k, v in pairs(t)` body made only of `x[k] = …` into tables other than `t` (a merge or a
   * copy): each round writes its own key, so the rounds' order, which Lua leaves to the
   * implementation, cannot change the outcome.
   */
  private writesOnlyUnderKey(statement: ForGenericStatement, iterated: LuaTable): boolean {
    const key = statement.variables[0];
    const keyBinding = key ? this.scopes.bindingOf(key) : undefined;
    if (!keyBinding) return false;
    return statement.body.every(
      (assignment) =>
        assignment.type === "AssignmentStatement" &&
        assignment.variables.every((target) => {
          if (target.type !== "IndexExpression" || target.index.type !== "Identifier" || this.scopes.bindingOf(target.index) !== keyBinding) return false;
          if (target.base.type !== "Identifier") return false;
          const base = this.single(target.base);
          return base.kind === "table" && base !== iterated;
        }),
    );
  }

  /**
   * Statements run at load time by blocks, loops and helper calls, over the whole file: nested loops
   * and helpers calling helpers multiply (40 nested `for i = 1, 2` loops are 2^40 rounds). Past the
   * budget, blocks are forgotten and helper results are unknown, as for code kplug does not run.
   */
  private loadTimeSteps = 0;

  private overBudget(): boolean {
    return this.loadTimeSteps > MAX_LOAD_TIME_STEPS;
  }

  private executeBody(body: Statement[]): void {
    this.loadTimeSteps += body.length;
    for (const statement of body) {
      if (isBlockStatement(statement)) this.block(statement);
      else this.execute(statement);
    }
  }

  /**
   * `if c then x = a else x = b end` with `c` not known: when every branch only assigns plain
   * locals, each local gets the parts of its values all branches agree on (a branch that does not
   * assign it keeps the value it had). Anything else: false.
   */
  private joinBranches(statement: IfStatement): boolean {
    const targets = new Map<Binding, EvalValue[]>();
    const branches = statement.clauses.map((clause) => clause.body);
    const hasElse = statement.clauses.some((clause) => clause.type === "ElseClause");
    for (const body of branches) {
      for (const assignment of body) {
        if (assignment.type !== "AssignmentStatement" || assignment.variables.length !== assignment.init.length) return false;
        for (const target of assignment.variables) {
          const binding = target.type === "Identifier" ? this.scopes.bindingOf(target) : undefined;
          if (!binding || binding.changedInFunction || binding.owner !== undefined) return false;
          targets.set(binding, []);
        }
      }
    }
    const before = new Map([...targets.keys()].map((binding) => [binding, this.locals.get(binding)]));
    const outcomes = hasElse ? branches : [...branches, []];
    for (const body of outcomes) {
      const assigned = new Map<Binding, EvalValue>();
      for (const assignment of body as AssignmentStatement[]) {
        assignment.variables.forEach((target, index) => {
          assigned.set(this.scopes.bindingOf(target as Identifier) as Binding, this.single(assignment.init[index] as Expression));
        });
      }
      for (const [binding, values] of targets) values.push(assigned.get(binding) ?? before.get(binding) ?? this.unknown(binding.declaration, "no value"));
    }
    for (const [binding, values] of targets) {
      const [first, ...rest] = values.map((value) => this.toLua(value));
      this.locals.set(binding, rest.reduce((joined, value) => joinValues(joined, value, statement), first as LuaValue));
    }
    return true;
  }

  /** What a block that is not run may assign or change becomes unknown. */
  private forget(statement: Statement): void {
    this.forgetGlobalsAssignedIn(statement);
    /** `reassigned`: `x = …` gives x a new value; otherwise the table x holds is changed (`x.k = …`, `f(x)`) */
    const changed = (target: Expression, reassigned = true): void => {
      let root = target;
      while (root.type === "MemberExpression" || root.type === "IndexExpression") root = root.base;
      if (root.type !== "Identifier") return;
      const binding = this.scopes.bindingOf(root);
      if (!binding) return;
      if (root === target && reassigned) {
        this.locals.set(binding, this.unknown(target, `\`${root.name}\` is assigned inside a block kplug does not run`));
        return;
      }
      const value = this.locals.get(binding);
      if (value?.kind !== "table") return;
      value.hasUnknownEntries = true;
      // and every table along the way: `x.fields[n] = v` changes x.fields, `f(x.fields)` may change it
      const start: Expression = reassigned && target !== root ? (target as MemberExpression | IndexExpression).base : target;
      if (!isPlainChain(start)) return;
      for (let holder = start; holder !== root; holder = (holder as MemberExpression | IndexExpression).base) {
        const held = this.single(holder);
        if (held.kind === "table") held.hasUnknownEntries = true;
      }
    };
    walkLua(statement, (node) => {
      if (node.type === "FunctionDeclaration") {
        if (node.identifier) changed(node.identifier);
        return false;
      }
      if (node.type === "AssignmentStatement") node.variables.forEach((target) => changed(target));
      if (node.type === "CallExpression" || node.type === "StringCallExpression" || node.type === "TableCallExpression") {
        const helper = this.helperOf(node);
        if (helper) this.forgetBody(helper);
        if (!isPureCall(node, (identifier) => this.scopes.bindingOf(identifier) !== undefined)) callArguments(node).forEach((argument) => changed(argument, false));
        if (node.base.type === "MemberExpression" && node.base.indexer === ":") changed(node.base.base, false);
      }
      return undefined;
    });
  }

  private execute(statement: Statement): void {
    switch (statement.type) {
      case "LocalStatement": {
        const values = this.list(statement.init, statement.variables.length, statement);
        statement.variables.forEach((variable, index) => {
          const binding = this.scopes.bindingOf(variable);
          if (binding) this.locals.set(binding, values[index] ?? this.unknown(variable, "no value"));
        });
        return;
      }
      case "AssignmentStatement": {
        const values = this.list(statement.init, statement.variables.length, statement);
        statement.variables.forEach((target, index) => this.assign(target, values[index] ?? this.unknown(target, "no value")));
        return;
      }
      case "FunctionDeclaration": {
        const fn = this.functionValue(statement);
        if (statement.identifier) this.assign(statement.identifier, fn);
        return;
      }
      case "CallStatement": {
        const call = statement.expression;
        if (this.tableInsert(call) || this.rawset(call) || this.helperCall(call)) return;
        // A call may change the tables it is given (table.insert(fields, …)): they are no longer static.
        if (!isPureCall(call, (identifier) => this.scopes.bindingOf(identifier) !== undefined)) {
          for (const argument of callArguments(call)) {
            const value = this.single(argument);
            if (value.kind === "table") value.hasUnknownEntries = true;
          }
          if (call.base.type === "MemberExpression" && call.base.indexer === ":") {
            const self = this.single(call.base.base);
            if (self.kind === "table") self.hasUnknownEntries = true;
          }
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * `local function f(…) … end` used only as `f(…)` statements of load-time code: it runs when it is
   * called, so what it changes is followed like the code around it (add_field("x", {…}) helpers).
   */
  private isLoadTimeHelper(fn: FunctionDeclaration): boolean {
    const binding = this.scopes.localFunctionBinding(fn);
    return binding !== undefined && binding.owner === undefined && binding.calledOnlyAtLoad && !binding.reassignedElsewhere && binding.functions.length === 1;
  }

  private helperOf(call: CallExpression | StringCallExpression | TableCallExpression): FunctionDeclaration | undefined {
    if (call.base.type !== "Identifier") return undefined;
    const binding = this.scopes.bindingOf(call.base);
    const fn = binding?.functions[0];
    return fn && this.isLoadTimeHelper(fn) ? fn : undefined;
  }

  /** A call statement of a load-time helper: its body runs (or, when kplug cannot run it, what it changes is forgotten). */
  private helperCall(call: CallExpression | StringCallExpression | TableCallExpression): boolean {
    const fn = this.helperOf(call);
    if (!fn) return false;
    const body = fn.body;
    const last = body[body.length - 1];
    const statements = last?.type === "ReturnStatement" ? body.slice(0, -1) : body;
    const runnable = !this.overBudget() && isStraightLine(statements) && fn.parameters.every((parameter) => parameter.type === "Identifier") && !this.running.has(fn) && this.running.size < MAX_LOAD_TIME_CALLS;
    const values = callArguments(call).map((argument) => this.single(argument));
    if (!runnable) {
      this.forgetBody(fn);
      for (const value of values) if (value.kind === "table") value.hasUnknownEntries = true;
      return true;
    }
    this.runBody(fn, values, statements, () => undefined);
    return true;
  }

  /** Runs a local function's statements with its parameters bound to `values`, then `after` (its result) while they are still bound. */
  private runBody<T>(fn: FunctionDeclaration, values: EvalValue[], statements: Statement[], after: () => T): T {
    this.running.add(fn);
    try {
      fn.parameters.forEach((parameter, index) => {
        const bound = this.scopes.bindingOf(parameter as Identifier);
        if (bound) this.locals.set(bound, values[index] ?? { kind: "nil", location: this.source.locate(parameter) });
      });
      this.executeBody(statements);
      return after();
    } finally {
      this.running.delete(fn);
    }
  }

  private readonly forgotten = new Set<FunctionDeclaration>();

  /** What a helper's body changes, when it is called where kplug does not follow it. */
  private forgetBody(fn: FunctionDeclaration): void {
    if (this.forgotten.has(fn)) return;
    this.forgotten.add(fn);
    try {
      for (const statement of fn.body) this.forget(statement);
    } finally {
      this.forgotten.delete(fn);
    }
  }

  /** `rawset(t, k, v)`: `t[k] = v` without metamethods (schema tables have none). */
  private rawset(call: CallExpression | StringCallExpression | TableCallExpression): boolean {
    if (call.type !== "CallExpression" || call.base.type !== "Identifier" || call.base.name !== "rawset" || this.scopes.bindingOf(call.base)) return false;
    const [target, key, value] = call.arguments;
    if (call.arguments.length !== 3 || !target || !key || !value) return false;
    this.store(this.single(target), this.single(key), key, this.single(value));
    return true;
  }

  /** `table.insert(t, v)` / `table.insert(t, pos, v)` on a table known statically: done, as Lua does it. */
  private tableInsert(call: CallExpression | StringCallExpression | TableCallExpression): boolean {
    const base = call.base;
    if (call.type !== "CallExpression" || base.type !== "MemberExpression" || base.identifier.name !== "insert") return false;
    if (base.base.type !== "Identifier" || base.base.name !== "table" || this.scopes.bindingOf(base.base)) return false;
    const [target, ...rest] = call.arguments.map((argument) => this.single(argument));
    if (target?.kind !== "table" || target.hasUnknownEntries || rest.some((value) => value.kind === "module")) return false;
    if (rest.length === 1) {
      target.items.push(this.toLua(rest[0] as EvalValue));
      return true;
    }
    const [position, value] = rest;
    if (rest.length !== 2 || position?.kind !== "number" || !Number.isInteger(position.value) || position.value < 1 || position.value > target.items.length + 1) return false;
    target.items.splice(position.value - 1, 0, this.toLua(value as EvalValue));
    return true;
  }

  private assign(target: Expression, value: EvalValue): void {
    if (target.type === "Identifier") {
      const binding = this.scopes.bindingOf(target);
      if (binding) this.locals.set(binding, value);
      else this.globals.set(target.name, value);
      return;
    }
    if (target.type !== "MemberExpression" && target.type !== "IndexExpression") return;
    const base = this.single(target.base);
    if (base.kind === "module" && base.name === "_G" && target.type === "MemberExpression") {
      this.globals.set(target.identifier.name, this.toLua(value));
      return;
    }
    if (base.kind === "module" && target.type === "MemberExpression") {
      this.moduleMembers.set(`${base.name}\u0000${target.identifier.name}`, value);
      return;
    }
    const keyNode = target.type === "MemberExpression" ? target.identifier : target.index;
    const key: EvalValue = target.type === "MemberExpression" ? { kind: "string", value: target.identifier.name, location: this.source.locate(keyNode) } : this.single(target.index);
    this.store(base, key, keyNode, value);
  }

  /** `base[key] = value` */
  private store(base: EvalValue, key: EvalValue, keyNode: Node, value: EvalValue): void {
    // `_G.X = v` at load time sets the global X
    if (base.kind === "module" && base.name === "_G" && key.kind === "string") this.globals.set(key.value, this.toLua(value));
    if (base.kind !== "table") return;
    if (key.kind === "string") {
      const name = key.value;
      base.fields = base.fields.filter((field) => field.key !== name);
      if (value.kind !== "nil") base.fields.push({ key: name, keyLocation: this.source.locate(keyNode), value: this.toLua(value) });
    } else if (key.kind === "number" && Number.isInteger(key.value) && key.value >= 1 && key.value <= base.items.length + 1) {
      const last = key.value === base.items.length;
      if (value.kind !== "nil") base.items[key.value - 1] = this.toLua(value);
      else if (last) base.items.pop();
      // a hole in the middle: where `#t` ends is up to the Lua implementation
      else if (key.value <= base.items.length) base.hasUnknownEntries = true;
    } else if (value.kind !== "nil") {
      base.hasUnknownEntries = true;
    }
  }

  /** Values of an expression list adjusted to `count` targets, as Lua does (a final call or `...` spreads). */
  private list(expressions: Expression[], count: number, statement: Statement): EvalValue[] {
    const values: EvalValue[] = [];
    expressions.forEach((expression, index) => {
      const isLast = index === expressions.length - 1;
      values.push(this.single(expression));
      // a pcall that catches an error returns false and the message
      const caught = isLast && values.length < count ? this.caughtByPcall(expression) : undefined;
      if (caught !== undefined) values.push({ kind: "string", value: caught, location: this.source.locate(expression) });
      else if (isLast && values.length < count) {
        const spreads = isMultiValue(expression) && !this.isSingleValueCall(expression);
        while (values.length < count) {
          values.push(spreads ? this.unknown(expression, "extra results of a call") : { kind: "nil", location: this.source.locate(expression) });
        }
      }
    });
    // `local a, b` with no values: both nil
    while (values.length < count) values.push({ kind: "nil", location: this.source.locate(statement) });
    return values;
  }

  private isSingleValueCall(expression: Expression): boolean {
    if (expression.type === "CallExpression") {
      const callee = this.single(expression.base);
      if (callee.kind === "module" && callee.name === DEEP_COPY) return true;
    }
    return isSingleValue(this.single(expression));
  }

  /** The first value of an expression. */
  single(expression: Expression): EvalValue {
    if (this.depth >= MAX_EXPRESSION_DEPTH) return this.unknown(expression, "expression nested too deeply to evaluate");
    this.depth += 1;
    try {
      return this.evaluate(expression);
    } finally {
      this.depth -= 1;
    }
  }

  private evaluate(expression: Expression): EvalValue {
    const location = this.source.locate(expression);
    const literal = literalValue(expression, location);
    if (literal) return literal;
    switch (expression.type) {
      case "VarargLiteral":
        return this.unknown(expression, "`...` is the module name Kong passes when it loads schema.lua from disk");
      case "FunctionDeclaration":
        return this.functionValue(expression);
      case "TableConstructorExpression":
        return this.table(expression);
      case "Identifier":
        return this.identifier(expression);
      case "MemberExpression":
      case "IndexExpression":
        return this.indexChain(expression);
      case "CallExpression":
      case "StringCallExpression":
      case "TableCallExpression":
        return this.call(expression);
      case "BinaryExpression":
      case "LogicalExpression":
        return this.operatorChain(expression);
      case "UnaryExpression": {
        const argument = this.single(expression.argument);
        const operand = arithmeticOperand(argument);
        if (expression.operator === "-" && operand !== undefined) return { kind: "number", value: -operand, location };
        if (expression.operator === "not" && argument.kind !== "unknown" && argument.kind !== "module") {
          return { kind: "boolean", value: argument.kind === "nil" || (argument.kind === "boolean" && !argument.value), location };
        }
        if (expression.operator === "#" && argument.kind === "string") return { kind: "number", value: Buffer.byteLength(argument.value), location };
        if (expression.operator === "#" && argument.kind === "table" && !argument.hasUnknownEntries) {
          return { kind: "number", value: argument.items.length, location };
        }
        return this.unknown(expression, `operator ${expression.operator} on a value not known statically`);
      }
      default:
        return this.unknown(expression, "expression not evaluated statically");
    }
  }

  /** `a + b + … + z` is a tree as deep as the chain is long (left-associative): folded in a loop. */
  private operatorChain(expression: BinaryExpression | LogicalExpression): EvalValue {
    const chain: (BinaryExpression | LogicalExpression)[] = [];
    let node: Expression = expression;
    while (node.type === "BinaryExpression" || node.type === "LogicalExpression") {
      chain.push(node);
      node = node.left;
    }
    let value = this.single(node);
    for (let i = chain.length - 1; i >= 0; i--) {
      const step = chain[i] as BinaryExpression | LogicalExpression;
      value = step.type === "BinaryExpression" ? this.binary(step.operator, value, this.single(step.right), step) : this.logical(step, value);
    }
    return value;
  }

  private logical(expression: LogicalExpression, left: EvalValue): EvalValue {
    if (left.kind === "unknown" || left.kind === "module") return this.unknown(expression, "condition depends on an unknown value");
    const truthy = !(left.kind === "nil" || (left.kind === "boolean" && !left.value));
    if (expression.operator === "and") return truthy ? this.single(expression.right) : left;
    return truthy ? left : this.single(expression.right);
  }

  /** `a.b[c].d`: like operator chains, as deep as it is long, so followed in a loop. */
  private indexChain(expression: MemberExpression | IndexExpression): EvalValue {
    const chain: (MemberExpression | IndexExpression)[] = [];
    let node: Expression = expression;
    while (node.type === "MemberExpression" || node.type === "IndexExpression") {
      chain.push(node);
      node = node.base;
    }
    let value = this.single(node);
    for (let i = chain.length - 1; i >= 0; i--) {
      const step = chain[i] as MemberExpression | IndexExpression;
      const key: EvalValue =
        step.type === "MemberExpression" ? { kind: "string", value: step.identifier.name, location: this.source.locate(step) } : this.single(step.index);
      value = this.index(step, value, key);
    }
    return value;
  }

  private identifier(identifier: Identifier): EvalValue {
    const binding = this.scopes.bindingOf(identifier);
    if (binding) {
      // a local of a function being run for a load-time call changes only in its straight-line body
      const ownBody = binding.owner !== undefined && this.running.has(binding.owner);
      // load-time code (not in a function) changing it in blocks is followed in order (see block())
      const followed = ownBody || (binding.owner === undefined && [...binding.changers].every((fn) => this.isLoadTimeHelper(fn)));
      if (binding.reassignedElsewhere && !followed) return this.unknown(identifier, `\`${identifier.name}\` is reassigned inside a block or a function`);
      const value = this.locals.get(binding);
      if (!value) return this.unknown(identifier, `\`${identifier.name}\` has no value known statically here`);
      if (binding.mutatedElsewhere && !followed && value.kind === "table") value.hasUnknownEntries = true;
      return value;
    }
    return this.global(identifier.name, identifier);
  }

  /** A global (or `_G.name`): one the file sets, else what Konnect provides (library modules and functions, no `kong`). */
  private global(name: string, node: Node): EvalValue {
    const global = this.globals.get(name);
    if (global) return global;
    const location = this.source.locate(node);
    if (isStandardGlobalFunction(name) || ["math", "string", "table", "ngx", "os", "_G"].includes(name)) return { kind: "module", name, location };
    return (this.environment === "konnect" ? konnectGlobal(name, location, this.assignsGlobal(name)) : undefined) ?? this.unknown(node, `global \`${name}\``);
  }

  private index(node: Expression, base: EvalValue, key: EvalValue): EvalValue {
    const location = this.source.locate(node);
    if (base.kind === "module") {
      if (key.kind !== "string") return this.unknown(node, `computed member of module ${base.name}`);
      const added = this.moduleMembers.get(`${base.name}\u0000${key.value}`);
      if (added) return added;
      if (base.name === TYPEDEFS_MODULE) return this.typedef(key.value, node);
      const kongMember = kongModuleMember(base.name, key.value, location);
      if (kongMember) return kongMember;
      if (base.name === "ngx" && key.value === "null") return { kind: "null", location };
      if (base.name === "_G") return this.global(key.value, node);
      if (base.name === "os" && key.value === "getenv") return { kind: "module", name: "os.getenv", location };
      if (DEEP_COPY_FUNCTIONS.has(`${base.name}.${key.value}`)) return { kind: "module", name: DEEP_COPY, location };
      if (base.name === "math" && key.value === "huge") return { kind: "number", value: Infinity, location };
      if (base.name === "math" && key.value === "pi") return { kind: "number", value: Math.PI, location };
      if ((base.name === "string" && isStringMethod(key.value)) || (base.name === "table" && key.value === "concat")) return { kind: "module", name: `${base.name}.${key.value}`, location };
      return this.unknown(node, `${base.name}.${key.value} (a module member)`);
    }
    if (base.kind !== "table") return this.unknown(node, "index of a value not known statically");
    if (key.kind === "string") {
      const value = tableGet(base, key.value);
      if (value) return value;
    } else if (key.kind === "number") {
      const item = Number.isInteger(key.value) ? base.items[key.value - 1] : undefined;
      if (item) return item;
    } else {
      return this.unknown(node, "computed index");
    }
    return base.hasUnknownEntries ? this.unknown(node, "the table has entries not known statically") : { kind: "nil", location };
  }

  private typedef(name: string, node: Node): EvalValue {
    const location = this.source.locate(node);
    const value = typedefValue(name, location);
    if (!this.afterLoad) this.typedefs.push({ name, location, known: value !== undefined, enterprise: ENTERPRISE_TYPEDEFS.has(name) });
    return value ?? this.unknown(node, `typedef ${name} does not exist`);
  }

  private call(call: CallExpression | StringCallExpression | TableCallExpression): EvalValue {
    const args = callArguments(call);
    if (call.base.type === "Identifier" && call.base.name === "require" && !this.scopes.bindingOf(call.base)) {
      const first = args[0] ? this.single(args[0]) : undefined;
      if (first?.kind === "string") return kongModuleValue(first.value, this.source.locate(call)) ?? { kind: "module", name: first.value, location: this.source.locate(call) };
      return this.unknown(call, "require of a computed module name");
    }
    if (this.caughtByPcall(call) !== undefined) return { kind: "boolean", value: false, location: this.source.locate(call) };
    const library = this.libraryCall(call, args) ?? this.localFunctionCall(call, args);
    if (library) return library;
    const unpacked = this.unpacked(call);
    if (unpacked) return unpacked[0] ?? { kind: "nil", location: this.source.locate(call) };
    const callee = this.single(call.base);
    if (callee.kind === "module" && callee.name === "os.getenv") {
      const name = args[0] ? this.single(args[0]) : undefined;
      const value = name?.kind === "string" && this.environment === "konnect" ? environmentVariable(name.value, this.source.locate(call)) : undefined;
      return value ?? this.unknown(call, "an environment variable of the process loading the schema");
    }
    if (callee.kind === "module" && callee.name === DEEP_COPY && call.type === "CallExpression" && call.arguments.length === 1) {
      const original = this.single(call.arguments[0] as Expression);
      if (original.kind === "table") return deepCopy(original, new Map(), this.source.locate(call));
    }
    // Schema.define(t) returns t (with a metatable that only matters for `typedefs.X { … }` calls)
    if (call.base.type === "MemberExpression" && call.base.identifier.name === "define" && callee.kind === "unknown") {
      const owner = this.single(call.base.base);
      if (owner.kind === "module" && owner.name === SCHEMA_MODULE && args[0]) return this.single(args[0]);
    }
    if (callee.kind === "table" && callee.typedef !== undefined) {
      const overrides = args[0] ? this.single(args[0]) : undefined;
      if (args.length === 0 || overrides?.kind === "nil") return this.copyTypedef(callee, this.source.locate(call));
      if (overrides?.kind !== "table") return this.unknown(call, `typedefs.${callee.typedef} called with an argument not known statically`);
      return this.mergeTypedef(callee, overrides);
    }
    const base = call.base;
    if (base.type === "MemberExpression" && base.base.type === "Identifier" && base.base.name === "math" && !this.scopes.bindingOf(base.base)) {
      const numbers = args.map((a) => this.single(a));
      if (numbers.every((n) => n.kind === "number")) {
        const values = numbers.map((n) => (n as { value: number }).value);
        const result = mathFunction(base.identifier.name, values);
        if (result !== undefined) return { kind: "number", value: result, location: this.source.locate(call) };
      }
    }
    return this.unknown(call, "result of a function call");
  }

  /** The message of the error `pcall(function() … end)` certainly catches on Konnect (see raisesOnKonnect), else undefined. */
  private caughtByPcall(expression: Expression): string | undefined {
    if (this.environment !== "konnect" || expression.type !== "CallExpression") return undefined;
    const [fn] = expression.arguments;
    if (expression.base.type !== "Identifier" || expression.base.name !== "pcall" || this.scopes.bindingOf(expression.base) || fn?.type !== "FunctionDeclaration") return undefined;
    return raisesOnKonnect(fn, (identifier) => identifier.name === "kong" && !this.scopes.bindingOf(identifier) && !this.globals.has("kong"));
  }

  /** `unpack(t)` of a sequence known statically: its items (all of them where Lua spreads the results). */
  private unpacked(expression: Expression): LuaValue[] | undefined {
    if (expression.type !== "CallExpression" || expression.base.type !== "Identifier" || expression.base.name !== "unpack" || this.scopes.bindingOf(expression.base)) return undefined;
    if (expression.arguments.length !== 1) return undefined;
    const list = this.single(expression.arguments[0] as Expression);
    if (list.kind !== "table" || list.hasUnknownEntries) return undefined;
    return [...list.items];
  }

  /** functions of this file being run for a load-time call, innermost last */
  private readonly running = new Set<FunctionDeclaration>();

  /**
   * `make_def()` where `local function make_def(…)` is written in this file with a straight-line body
   * (locals, assignments, calls, one final return): run at load time like any other statement, so its
   * result is known. Bodies with blocks (if, loops) stay unknown.
   */
  private localFunctionCall(call: CallExpression | StringCallExpression | TableCallExpression, args: Expression[]): EvalValue | undefined {
    const node = this.calledFunction(call.base);
    if (!node || this.afterLoad || this.running.has(node) || this.running.size >= MAX_LOAD_TIME_CALLS || this.overBudget()) return undefined;
    if (node.parameters.some((parameter) => parameter.type !== "Identifier")) return undefined;
    const body = node.body;
    if (body[body.length - 1]?.type !== "ReturnStatement" || !body.every(isRunnableWithReturns)) return undefined;
    const values = args.map((arg) => this.single(arg));
    const results = this.runBody(node, values, [], () => this.runReturning(body, false));
    return results?.[0] ?? (results ? { kind: "nil", location: this.source.locate(call) } : undefined);
  }

  /**
   * A function body run for its result: straight-line statements and blocks as load-time code runs
   * them, a guard (`if not x then return nil end`) decided by its condition, the first return
   * reached gives the value. A guard whose condition is not known: undefined (the result is
   * unknown), and what the rest of the body may change is forgotten.
   */
  private runReturning(body: Statement[], all: boolean): EvalValue[] | undefined {
    for (const [index, statement] of body.entries()) {
      if (statement.type === "ReturnStatement") return this.returned(statement, all);
      if (statement.type !== "IfStatement" || isStraightLine([statement])) {
        this.executeBody([statement]);
        continue;
      }
      const clause = this.chosenClause(statement);
      if (clause === undefined) {
        for (const rest of body.slice(index)) this.forget(rest);
        return undefined;
      }
      if (clause === null) continue;
      const last = clause.body[clause.body.length - 1];
      if (last?.type !== "ReturnStatement") {
        this.executeBody(clause.body);
        continue;
      }
      this.executeBody(clause.body.slice(0, -1));
      return this.returned(last, all);
    }
    return [];
  }

  /**
   * A return's values: the first only, or (`all`) every one, undefined when a final call or `...`
   * may add values not known.
   */
  private returned(statement: ReturnStatement, all: boolean): EvalValue[] | undefined {
    const expressions = all ? statement.arguments : statement.arguments.slice(0, 1);
    const last = expressions[expressions.length - 1];
    if (all && last && isMultiValue(last) && !this.isSingleValueCall(last)) return undefined;
    return expressions.map((expression) => this.single(expression));
  }

  /** The clause an if runs: null when none, undefined when a condition is not known statically. */
  private chosenClause(statement: IfStatement): IfStatement["clauses"][number] | null | undefined {
    for (const clause of statement.clauses) {
      if (clause.type === "ElseClause") return clause;
      const condition = this.single(clause.condition);
      if (condition.kind === "unknown" || condition.kind === "module") return undefined;
      if (isTruthy(condition)) return clause;
    }
    return null;
  }

  /**
   * The function of this file a call reaches: a local (`make_def(…)`) or one stored in a table known
   * statically (`H.def(…)`, after `function H.def(d) … end` or `H.def = function …`; Lua reads the
   * table when the call runs, as this does).
   */
  private calledFunction(callee: Expression): FunctionDeclaration | undefined {
    let fn: EvalValue | undefined;
    if (callee.type === "Identifier") {
      const binding = this.scopes.bindingOf(callee);
      fn = binding && !binding.reassignedElsewhere ? this.locals.get(binding) : undefined;
    } else if (callee.type === "MemberExpression" && callee.indexer === "." && callee.base.type === "Identifier") {
      const holder = this.single(callee.base);
      fn = holder.kind === "table" ? tableGet(holder, callee.identifier.name) : undefined;
    }
    return fn?.kind === "function" ? (fn.node as FunctionDeclaration | undefined) : undefined;
  }

  /** `tostring(5)`, `string.rep("a", 3)`, `("x"):upper()`, `(function() return 5 end)()`: pure calls over known values. */
  private libraryCall(call: CallExpression | StringCallExpression | TableCallExpression, args: Expression[]): EvalValue | undefined {
    const base = call.base;
    const location = this.source.locate(call);
    if (base.type === "FunctionDeclaration" && base.parameters.length === 0 && args.length === 0) {
      const [only] = base.body;
      if (base.body.length !== 1 || only?.type !== "ReturnStatement" || only.arguments.length !== 1) return undefined;
      const expression = only.arguments[0] as Expression;
      const value = this.single(expression);
      return isMultiValue(expression) || value.kind === "module" ? undefined : value;
    }
    let name: string | undefined;
    const values: EvalValue[] = [];
    if (base.type === "MemberExpression" && base.indexer === ":") {
      // only a string literal or a local as receiver: evaluating a call chain here and again in call() would be exponential
      if (base.base.type !== "StringLiteral" && base.base.type !== "Identifier") return undefined;
      const receiver = this.single(base.base);
      if (receiver.kind !== "string" || !isStringMethod(base.identifier.name)) return undefined;
      name = `string.${base.identifier.name}`;
      values.push(receiver);
    } else {
      // only callees whose evaluation has no side effects (typedef lookups are recorded)
      const plain = base.type === "Identifier" || (base.type === "MemberExpression" && base.base.type === "Identifier" && ["string", "table"].includes(base.base.name));
      const callee = plain ? this.single(base) : undefined;
      if (callee?.kind !== "module") return undefined;
      name = callee.name;
    }
    if (!["tostring", "tonumber", "table.concat", "select"].includes(name) && !(name.startsWith("string.") && isStringMethod(name.slice(7)))) return undefined;
    for (const arg of args) values.push(this.single(arg));
    const known = !values.some((value) => value.kind === "module" || value.kind === "unknown");
    const result = known ? libraryCall(name, values as LuaValue[], location, MAX_STRING_LENGTH) : undefined;
    if (result) return result;
    // not evaluated, but of a certain type: string.format(…) is a string whatever it formats
    const luaType = libraryResultType(name);
    return luaType ? { kind: "unknown", reason: `${name}(…) is not evaluated statically`, luaType, location } : undefined;
  }

  private copyTypedef(typedef: LuaTable, location: SourceLocation): LuaTable {
    return { ...typedef, items: [...typedef.items], fields: [...typedef.fields], location };
  }

  /**
   * `typedefs.X { … }`: Kong's Schema.define fills in only the attributes the overrides leave nil
   * (`arg[k] == nil`), so an explicit `false` override stays false.
   */
  private mergeTypedef(typedef: LuaTable, overrides: LuaTable): LuaTable {
    const fields: LuaTableField[] = [...overrides.fields];
    for (const field of typedef.fields) {
      const override = tableGet(overrides, field.key);
      if (override && override.kind !== "nil") continue;
      // a computed key of the overrides may be this attribute: its value is then not known
      const value: LuaValue = overrides.hasUnknownEntries
        ? { kind: "unknown", reason: `typedefs.${typedef.typedef ?? "?"}: ${field.key} may be overridden by a computed key`, location: overrides.location }
        : field.value;
      fields.push({ ...field, value, keyLocation: overrides.location });
    }
    return { ...overrides, fields, typedef: typedef.typedef };
  }

  private table(node: TableConstructorExpression): LuaTable {
    const table: LuaTable = { kind: "table", items: [], fields: [], hasUnknownEntries: false, location: this.source.locate(node) };
    /** keyed entries LuaJIT stores when the constructor runs, after the constant ones (see keepEffectiveEntries) */
    const stored = new Set<LuaTableField>();
    const numbered: LuaTableNumberField[] = [];
    let computedKeys = false;
    node.fields.forEach((field, index) => {
      const isLast = index === node.fields.length - 1;
      if (field.type === "TableKeyString") {
        const entry = { key: field.key.name, keyLocation: this.source.locate(field.key), value: this.toLua(this.single(field.value)) };
        table.fields.push(entry);
        if (!isCompileTimeConstant(field.value)) stored.add(entry);
      } else if (field.type === "TableKey") {
        const key = this.single(field.key);
        if (key.kind === "string") {
          const entry = { key: key.value, keyLocation: this.source.locate(field.key), value: this.toLua(this.single(field.value)) };
          table.fields.push(entry);
          if (field.key.type !== "StringLiteral" || !isCompileTimeConstant(field.value)) stored.add(entry);
        } else if (key.kind === "number" && !Number.isNaN(key.value)) {
          table.nonStringKey ??= this.source.locate(field.key);
          numbered.push({ key: key.value, keyLocation: this.source.locate(field.key), value: this.toLua(this.single(field.value)) });
        } else {
          if (key.kind === "boolean") {
            table.nonStringKey ??= this.source.locate(field.key);
            table.booleanKey ??= this.source.locate(field.key);
          }
          computedKeys = true;
        }
      } else {
        // evaluated once: nested `typedefs.x { typedefs.y { … } }` would otherwise be evaluated twice per level
        const spread = isLast ? this.unpacked(field.value) : undefined;
        if (spread) {
          table.items.push(...spread);
          return;
        }
        const value = this.single(field.value);
        if (isLast && isMultiValue(field.value) && !isSingleValue(value)) computedKeys = true;
        else table.items.push(this.toLua(value));
      }
    });
    // `k = nil` makes no entry (and removes an earlier one of the same key)
    table.fields = keepEffectiveEntries(table.fields, stored).filter((field) => field.value.kind !== "nil");
    placeNumberKeys(table, numbered, computedKeys);
    return table;
  }

  private binary(operator: string, left: EvalValue, right: EvalValue, node: Expression): EvalValue {
    const location = this.source.locate(node);
    if (operator === "..") {
      const l = concatOperand(left);
      const r = concatOperand(right);
      if (l === undefined || r === undefined) return this.unknown(node, "concatenation of values not known statically");
      const length = l.length + r.length;
      if (length > MAX_STRING_LENGTH || this.concatenated + length > MAX_CONCATENATED) {
        this.noteLimit("string", `strings built by concatenation exceed kplug's budget (${MAX_STRING_LENGTH} characters each, ${MAX_CONCATENATED} in all): this one and later ones are not checked`, location);
        return this.unknown(node, "a string beyond the evaluation budget");
      }
      this.concatenated += length;
      return { kind: "string", value: l + r, location };
    }
    if (left.kind === "number" && right.kind === "number") {
      const result = arithmetic(operator, left.value, right.value);
      if (typeof result === "number") return { kind: "number", value: result, location };
      if (typeof result === "boolean") return { kind: "boolean", value: result, location };
    }
    // Lua converts numeric strings for arithmetic ("5" + 0 is 5; comparisons never convert)
    const a = arithmeticOperand(left);
    const b = arithmeticOperand(right);
    if (ARITHMETIC.has(operator) && a !== undefined && b !== undefined) return { kind: "number", value: arithmetic(operator, a, b) as number, location };
    if (left.kind === "string" && right.kind === "string" && ORDER.has(operator)) {
      // strings order byte by byte (strcoll in the C locale Kong runs in)
      const order = Buffer.compare(Buffer.from(left.value), Buffer.from(right.value));
      const value = operator === "<" ? order < 0 : operator === "<=" ? order <= 0 : operator === ">" ? order > 0 : order >= 0;
      return { kind: "boolean", value, location };
    }
    // values of different types are never equal in Lua (__eq only runs between two tables or two userdata)
    const scalar = (value: EvalValue): boolean => ["string", "number", "boolean", "nil", "null"].includes(value.kind);
    if ((operator === "==" || operator === "~=") && scalar(left) && scalar(right) && left.kind !== right.kind) return { kind: "boolean", value: operator === "~=", location };
    if ((operator === "==" || operator === "~=") && left.kind === "null" && right.kind === "null") return { kind: "boolean", value: operator === "==", location };
    if ((operator === "==" || operator === "~=") && (left.kind === "string" || left.kind === "boolean" || left.kind === "nil") && left.kind === right.kind) {
      const equal = (left as { value?: unknown }).value === (right as { value?: unknown }).value;
      return { kind: "boolean", value: operator === "==" ? equal : !equal, location };
    }
    return this.unknown(node, `operator ${operator} on values not known statically`);
  }

  private readonly notedLimits = new Set<string>();

  /** Records a budget the evaluation ran into, once per kind. */
  private noteLimit(kind: string, message: string, location: SourceLocation): void {
    if (this.afterLoad || this.notedLimits.has(kind)) return;
    this.notedLimits.add(kind);
    this.limits.push({ message, location });
  }

  private functionValue(node: FunctionDeclaration): LuaFunction {
    return { kind: "function", node, location: this.source.locate(node), call: (args) => this.callAfterLoad(node, args) };
  }

  /** set while a function runs after the load (callAfterLoad): nothing the evaluation recorded may change then */
  private afterLoad = false;

  /**
   * Calls a function of this file after schema.lua has loaded, as Kong calls a custom_validator:
   * upvalues hold their final load-time values. Only a body that changes nothing outside itself is
   * followed (its own locals, guards, returns: no assignment to another variable or a table, no call
   * statement, no call of another function of the file), so a call cannot alter the schema kplug
   * evaluated. Undefined when a result is not known.
   */
  private callAfterLoad(node: FunctionDeclaration, args: readonly LuaValue[]): LuaValue[] | undefined {
    if (this.afterLoad || this.running.size > 0 || !this.callableAfterLoad(node)) return undefined;
    const steps = this.loadTimeSteps;
    this.afterLoad = true;
    this.loadTimeSteps = 0;
    try {
      const results = this.runBody(node, [...args], [], () => this.runReturning(node.body, true));
      if (!results || results.some((value) => value.kind === "unknown" || value.kind === "module")) return undefined;
      return results.map((value) => this.toLua(value));
    } finally {
      this.afterLoad = false;
      this.loadTimeSteps = steps;
    }
  }

  /** per function: its shape allows callAfterLoad (a config check calls one validator per instance) */
  private readonly followable = new Map<FunctionDeclaration, boolean>();

  private callableAfterLoad(node: FunctionDeclaration): boolean {
    let known = this.followable.get(node);
    if (known === undefined) {
      known = node.parameters.every((parameter) => parameter.type === "Identifier") && node.body.every(isRunnableWithReturns) && this.changesOnlyItsLocals(node);
      this.followable.set(node, known);
    }
    return known;
  }

  private changesOnlyItsLocals(node: FunctionDeclaration): boolean {
    let contained = true;
    for (const statement of node.body) {
      walkLua(statement, (inner) => {
        if (inner.type === "FunctionDeclaration" || inner.type === "CallStatement") contained = false;
        if (inner.type === "AssignmentStatement") {
          for (const target of inner.variables) {
            const binding = target.type === "Identifier" ? this.scopes.bindingOf(target) : undefined;
            if (binding?.owner !== node) contained = false;
          }
        }
        return contained ? undefined : false;
      });
      if (!contained) return false;
    }
    return true;
  }

  private toLua(value: EvalValue): LuaValue {
    if (value.kind === "module" && isStandardGlobalFunction(value.name)) return { kind: "function", location: value.location, builtin: value.name };
    // a library table (`type = string` without quotes is the string library): a table of unknown content
    if (value.kind === "module") return { kind: "unknown", reason: `the module ${value.name}`, location: value.location, luaType: "table" };
    return value;
  }

  private unknown(node: Node, reason: string): LuaValue {
    return { kind: "unknown", reason, location: this.source.locate(node) };
  }

  /** Globals assigned inside a top-level block may or may not be set: unknown from now on. */
  private forgetGlobalsAssignedIn(statement: Statement): void {
    walkLua(statement, (node) => {
      if (node.type !== "AssignmentStatement") return;
      for (const target of node.variables) {
        if (target.type === "Identifier" && !this.scopes.bindingOf(target)) {
          this.globals.set(target.name, this.unknown(target, `global \`${target.name}\` is assigned inside a block`));
        }
      }
    });
  }
}

/**
 * `{ "a", nil }` has no second entry; `[n] = v` entries continue the sequence when they extend it
 * (positional items win over a number key they share), and the others are kept as numberKeys.
 */
function placeNumberKeys(table: LuaTable, numbered: LuaTableNumberField[], computedKeys: boolean): void {
  while (table.items.length > 0 && table.items[table.items.length - 1]?.kind === "nil") table.items.pop();
  const byKey = new Map<number, LuaTableNumberField>();
  for (const entry of numbered) {
    if (Number.isInteger(entry.key) && entry.key >= 1 && entry.key <= table.items.length) continue;
    byKey.set(entry.key, entry);
  }
  for (const [key, entry] of byKey) if (entry.value.kind === "nil") byKey.delete(key);
  for (let next = byKey.get(table.items.length + 1); next; next = byKey.get(table.items.length + 1)) {
    byKey.delete(next.key);
    table.items.push(next.value);
  }
  if (computedKeys || byKey.size > 0) table.hasUnknownEntries = true;
  if (!computedKeys && byKey.size > 0) table.numberKeys = [...byKey.values()];
}

/** Rounds of a load-time loop kplug runs (a longer loop is not followed: what it changes is unknown). */
const MAX_LOOP_ITERATIONS = 64;

/** Load-time calls of this file's functions nested in each other (a deeper chain stays unknown). */
const MAX_LOAD_TIME_CALLS = 8;
/** statements run at load time per file (blocks, loops, helper calls); real schemas run a few hundred */
const MAX_LOAD_TIME_STEPS = 100_000;

/** Kong's table copiers: a copy of a table known statically is known too. */
const DEEP_COPY = "deep copy";
// a shallow copy is modelled as a deep one: the two differ only when a nested table of the copy is
// changed and the original read again, which no schema does
const DEEP_COPY_FUNCTIONS = new Set([
  "kong.tools.table.shallow_copy",
  "kong.tools.table.cycle_aware_deep_copy",
  "kong.tools.table.deep_copy",
  "kong.tools.utils.cycle_aware_deep_copy",
  "kong.tools.utils.deep_copy",
  "pl.tablex.deepcopy",
]);

/** A copy with new tables (shared tables stay shared in the copy, as cycle_aware_deep_copy keeps them). */
function deepCopy(table: LuaTable, seen: Map<LuaTable, LuaTable>, location: SourceLocation): LuaTable {
  const known = seen.get(table);
  if (known) return known;
  const copy: LuaTable = { ...table, items: [], fields: [], location };
  seen.set(table, copy);
  const copyValue = (value: LuaValue): LuaValue => (value.kind === "table" ? deepCopy(value, seen, value.location) : value);
  copy.items = table.items.map(copyValue);
  copy.fields = table.fields.map((field) => ({ ...field, value: copyValue(field.value) }));
  return copy;
}

/**
 * One entry per key, the one Lua keeps. LuaJIT builds a constructor from a template holding the
 * entries whose key and value are compile-time constants (a later constant replaces an earlier
 * one), then stores the other entries in source order: so `{ a = function() end, a = "x" }` keeps
 * the function, `{ a = "x", a = 5 }` keeps 5.
 */
function keepEffectiveEntries(fields: LuaTableField[], stored: ReadonlySet<LuaTableField>): LuaTableField[] {
  const winner = new Map<string, LuaTableField>();
  for (const field of fields) {
    const current = winner.get(field.key);
    if (!current || stored.has(field) || !stored.has(current)) winner.set(field.key, field);
  }
  return fields.filter((field) => winner.get(field.key) === field);
}

/** A value LuaJIT's parser folds into the constructor's template: literals, and arithmetic or `-`/`not` over them. */
function isCompileTimeConstant(expression: Expression): boolean {
  switch (expression.type) {
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
    case "NilLiteral":
      return true;
    case "UnaryExpression":
      return (expression.operator === "-" || expression.operator === "not") && isCompileTimeConstant(expression.argument);
    case "BinaryExpression":
      return ["+", "-", "*", "/", "%", "^"].includes(expression.operator) && isNumericConstant(expression.left) && isNumericConstant(expression.right);
    default:
      return false;
  }
}

function isNumericConstant(expression: Expression): boolean {
  // `1 + 2 + … + n` is as deep as it is long (left-associative): its left spine is followed in a loop
  let node = expression;
  while (node.type === "BinaryExpression") {
    if (!["+", "-", "*", "/", "%", "^"].includes(node.operator) || !isNumericConstant(node.right)) return false;
    node = node.left;
  }
  if (node.type === "UnaryExpression" && node.operator === "-") return isNumericConstant(node.argument);
  return node.type === "NumericLiteral";
}

/** Statements run one after the other: no jumps out of the block (return, break, goto). */
function isStraightLine(body: Statement[]): boolean {
  let jumps = false;
  for (const statement of body) {
    walkLua(statement, (node) => {
      if (node.type === "FunctionDeclaration" && node !== statement) return false;
      if (node.type === "ReturnStatement" || node.type === "BreakStatement" || node.type === "GotoStatement" || node.type === "LabelStatement") jumps = true;
      return undefined;
    });
  }
  return !jumps;
}

/** `x`, `x.a.b`, `x["a"][1]`: a path of names and literal keys, whose evaluation calls nothing. */
function isPlainChain(expression: Expression): boolean {
  let node: Expression = expression;
  while (node.type === "MemberExpression" || node.type === "IndexExpression") {
    if (node.type === "MemberExpression" && node.indexer !== ".") return false;
    if (node.type === "IndexExpression" && node.index.type !== "StringLiteral" && node.index.type !== "NumericLiteral") return false;
    node = node.base;
  }
  return node.type === "Identifier";
}

/** A statement a function run for its result can follow: straight-line, or an if whose clauses are straight-line up to a final return. */
function isRunnableWithReturns(statement: Statement): boolean {
  if (statement.type === "ReturnStatement") return true;
  if (isStraightLine([statement])) return true;
  if (statement.type !== "IfStatement") return false;
  return statement.clauses.every((clause) => {
    const last = clause.body[clause.body.length - 1];
    return isStraightLine(last?.type === "ReturnStatement" ? clause.body.slice(0, -1) : clause.body);
  });
}

function isTruthy(value: LuaValue): boolean {
  return !(value.kind === "nil" || (value.kind === "boolean" && !value.value));
}

/**
 * The value two branches agree on: equal values stay; two tables keep the entries both have (joined
 * in turn) and are marked as having entries not known when they differ; anything else is unknown.
 */
function joinValues(a: LuaValue, b: LuaValue, node: Node): LuaValue {
  if (a === b) return a;
  const unknown: LuaValue = { kind: "unknown", reason: "the value depends on a condition not known statically", location: a.location };
  if (a.kind === "table" && b.kind === "table") {
    const fields: LuaTableField[] = [];
    for (const field of a.fields) {
      const other = b.fields.find((entry) => entry.key === field.key);
      if (other) fields.push({ ...field, value: joinValues(field.value, other.value, node) });
    }
    const length = Math.min(a.items.length, b.items.length);
    const items = a.items.slice(0, length).map((item, index) => joinValues(item, b.items[index] as LuaValue, node));
    const differs = a.fields.length !== fields.length || b.fields.length !== fields.length || a.items.length !== b.items.length || Boolean(a.numberKeys || b.numberKeys);
    const typedef = a.typedef === b.typedef ? a.typedef : undefined;
    return { kind: "table", items, fields, hasUnknownEntries: a.hasUnknownEntries || b.hasUnknownEntries || differs, location: a.location, ...(typedef !== undefined ? { typedef } : {}) };
  }
  if (a.kind !== b.kind) return unknown;
  switch (a.kind) {
    case "string":
    case "number":
    case "boolean":
      return (b as { value: unknown }).value === a.value ? a : unknown;
    case "nil":
    case "null":
      return a;
    case "function":
      return b.kind === "function" && b.node === a.node ? a : unknown;
    default:
      return unknown;
  }
}

function isBlockStatement(statement: Statement): boolean {
  return ["IfStatement", "WhileStatement", "RepeatStatement", "DoStatement", "ForNumericStatement", "ForGenericStatement"].includes(statement.type);
}

/** A `return` inside a top-level block that is not inside a function. */
function findLoadTimeReturn(statement: Statement): Node | undefined {
  let found: Node | undefined;
  walkLua(statement, (node) => {
    if (found || node.type === "FunctionDeclaration") return false;
    if (node.type === "ReturnStatement") found = node;
  });
  return found;
}

/** The result of a call known to return one value: `typedefs.X { … }`. */
function isSingleValue(value: EvalValue): boolean {
  return (value.kind === "table" && value.typedef !== undefined) || isLibraryResult(value);
}

function isMultiValue(expression: Expression): boolean {
  return ["CallExpression", "StringCallExpression", "TableCallExpression", "VarargLiteral"].includes(expression.type);
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "^"]);
const ORDER = new Set(["<", "<=", ">", ">="]);

/** A number, or a string Lua converts to one for arithmetic. */
function arithmeticOperand(value: EvalValue): number | undefined {
  if (value.kind === "number") return value.value;
  if (value.kind === "string") return toNumber(value.value) ?? undefined;
  return undefined;
}

function concatOperand(value: EvalValue): string | undefined {
  if (value.kind === "string") return value.value;
  if (value.kind === "number") return luaNumberToString(value.value);
  return undefined;
}

/** How LuaJIT prints a number in a concatenation (`%.14g`). */
function arithmetic(operator: string, a: number, b: number): number | boolean | undefined {
  switch (operator) {
    case "+": return a + b;
    case "-": return a - b;
    case "*": return a * b;
    case "/": return a / b;
    case "^": return a ** b;
    case "%": return a - Math.floor(a / b) * b;
    case "==": return a === b;
    case "~=": return a !== b;
    case "<": return a < b;
    case "<=": return a <= b;
    case ">": return a > b;
    case ">=": return a >= b;
    default: return undefined;
  }
}

function mathFunction(name: string, args: number[]): number | undefined {
  const [a, b] = args;
  if (a === undefined) return undefined;
  switch (name) {
    case "pow": return b === undefined ? undefined : a ** b;
    case "floor": return Math.floor(a);
    case "ceil": return Math.ceil(a);
    case "abs": return Math.abs(a);
    case "max": return Math.max(...args);
    case "min": return Math.min(...args);
    default: return undefined;
  }
}
