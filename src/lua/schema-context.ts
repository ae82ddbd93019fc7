import type { Expression, FunctionDeclaration, Node } from "luaparse";
import { decodeLuaString } from "./parse.js";
import type { LuaSource, SourceLocation } from "./parse.js";
import type { ScopeAnalysis } from "./scope.js";
import type { LuaFunction } from "./values.js";
import { callArguments, isCall, walkLua } from "./walk.js";

/*
 * What schema.lua takes from the environment it runs in: required modules, `...` and `kong` at load
 * time, and the globals its functions reach. Konnect runs schema.lua with none of that.
 */

/** A `require` in schema.lua. */
export interface RequireCall {
  /** the module name, or undefined when it is computed */
  module: string | undefined;
  /** the call (or the `require` identifier when it is passed around, e.g. `pcall(require, "x")`) */
  location: SourceLocation;
  /** the local it is assigned to: `local typedefs = require "…"` → "typedefs" */
  boundTo: string | undefined;
  /** false when the call is inside a function body (runs later, not when the schema loads) */
  atLoadTime: boolean;
}

/** Load-time use of what only exists when Kong loads the file from disk: `...` (module name) or the `kong` global. */
export interface LoadTimeContextUse {
  kind: "vararg" | "kong";
  location: SourceLocation;
}

/** A global a function reads. */
export interface GlobalUse {
  name: string;
  location: SourceLocation;
  /** set when the global is used by a local helper the function calls, not by the function itself */
  viaHelper?: string;
}

export function findRequires(source: LuaSource, chunk: Node, scopes: ScopeAnalysis): RequireCall[] {
  const requires: RequireCall[] = [];
  walkLua(chunk, (node, ancestors) => {
    if (node.type !== "Identifier" || node.name !== "require" || scopes.bindingOf(node)) return;
    const parent = ancestors[ancestors.length - 1];
    const atLoadTime = !ancestors.some((a) => a.type === "FunctionDeclaration");
    if (parent && isCall(parent) && parent.base === node) {
      const first = callArguments(parent)[0];
      // `local x = require "m"` or `local x = require("m").member`
      let value: Node = parent;
      let index = ancestors.length - 2;
      const member = ancestors[index];
      if (member?.type === "MemberExpression" && member.base === parent) {
        value = member;
        index -= 1;
      }
      const statement = ancestors[index];
      let boundTo: string | undefined;
      if (statement?.type === "LocalStatement") {
        const position = statement.init.indexOf(value as Expression);
        boundTo = position >= 0 ? statement.variables[position]?.name : undefined;
      }
      requires.push({ module: literalString(first), location: source.locate(parent), boundTo, atLoadTime });
      return;
    }
    // `require` used as a value: `pcall(require, "x")`
    let module: string | undefined;
    if (parent?.type === "CallExpression") {
      const index = parent.arguments.indexOf(node);
      if (index >= 0) module = literalString(parent.arguments[index + 1]);
    }
    requires.push({ module, location: source.locate(node), boundTo: undefined, atLoadTime });
  });
  return requires;
}

function literalString(expression: Expression | undefined): string | undefined {
  return expression?.type === "StringLiteral" ? decodeLuaString(expression.value ?? "") : undefined;
}

export function findLoadTimeContext(source: LuaSource, chunk: Node, scopes: ScopeAnalysis): LoadTimeContextUse[] {
  const uses: LoadTimeContextUse[] = [];
  const kongGlobals = new Set<Node>(scopes.globalReferences.filter((g) => g.identifier.name === "kong" && !g.fn).map((g) => g.identifier));
  walkLua(chunk, (node, ancestors) => {
    if (node.type === "FunctionDeclaration") return false; // its body runs later, not at load time
    if (node.type === "VarargLiteral") {
      uses.push({ kind: "vararg", location: source.locate(node) });
      return;
    }
    if (!kongGlobals.has(node)) return;
    const parent = ancestors[ancestors.length - 1];
    const dereferenced =
      parent !== undefined &&
      ((parent.type === "MemberExpression" || parent.type === "IndexExpression" || isCall(parent)) && (parent as { base: Node }).base === node);
    if (dereferenced && !isGuarded(node, ancestors, "kong")) uses.push({ kind: "kong", location: source.locate(node) });
  });
  return uses;
}

/** `kong and kong.x`, `_G.kong and kong.x`, `if kong then … end`: using a global is safe once it was tested. */
function isGuarded(node: Node, ancestors: readonly Node[], name: string): boolean {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i] as Node;
    const child = ancestors[i + 1] ?? node;
    if (ancestor.type === "LogicalExpression" && ancestor.operator === "and" && ancestor.right === child && mentions(ancestor.left, name)) return true;
    if ((ancestor.type === "IfClause" || ancestor.type === "ElseifClause") && ancestor.condition !== child && mentions(ancestor.condition, name)) return true;
  }
  return false;
}

/** `if X then`, `X and …`: only tests whether the global exists (reading a missing global gives nil). */
function isPresenceTest(node: Node, ancestors: readonly Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (parent && (parent.type === "MemberExpression" || parent.type === "IndexExpression" || isCall(parent)) && (parent as { base: Node }).base === node) return false;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const ancestor = ancestors[i] as Node;
    const child = ancestors[i + 1] ?? node;
    if (ancestor.type === "LogicalExpression" && ancestor.operator === "and" && ancestor.left === child) return true;
    if ((ancestor.type === "IfClause" || ancestor.type === "ElseifClause") && ancestor.condition === child) return true;
    if (ancestor.type === "UnaryExpression" && ancestor.operator === "not") return true;
  }
  return false;
}

function mentions(expression: Node, name: string): boolean {
  let found = false;
  walkLua(expression, (node) => {
    if (node.type === "Identifier" && node.name === name) found = true;
  });
  return found;
}

export function freeGlobalsOf(source: LuaSource, scopes: ScopeAnalysis, fn: LuaFunction, definedGlobals: ReadonlySet<string>): GlobalUse[] {
  const root = fn.node as FunctionDeclaration | undefined;
  if (!root || root.type !== "FunctionDeclaration") return [];
  // writes (`_ = …`) leak a global but reach nothing outside schema.lua: only reads count
  const globals = new Set<Node>(scopes.globalReferences.filter((g) => !g.assigned).map((g) => g.identifier));
  const uses: GlobalUse[] = [];
  const seen = new Set<FunctionDeclaration>();
  const visit = (current: FunctionDeclaration, viaHelper: string | undefined): void => {
    if (seen.has(current)) return;
    seen.add(current);
    walkLua(current, (node, ancestors) => {
      if (node.type !== "Identifier") return;
      if (globals.has(node)) {
        // `if X then … X.y … end`, `X and X.y`: the code copes with X being absent
        if (definedGlobals.has(node.name) || isGuarded(node, ancestors, node.name) || isPresenceTest(node, ancestors)) return;
        uses.push({ name: node.name, location: source.locate(node), ...(viaHelper ? { viaHelper } : {}) });
        return;
      }
      const binding = scopes.bindingOf(node);
      if (!binding || scopes.contains(current, binding.declaration)) return;
      for (const helper of binding.functions) visit(helper, viaHelper ?? binding.name);
    });
  };
  visit(root, undefined);
  // a helper nested in another helper is visited once; keep the first report of each location
  const unique = new Map<string, GlobalUse>();
  for (const use of uses) {
    const key = `${use.location.line}:${use.location.column}`;
    if (!unique.has(key)) unique.set(key, use);
  }
  return [...unique.values()];
}
