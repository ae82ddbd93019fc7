import type { Chunk, Expression, Node } from "luaparse";
import { decodeLuaString } from "../lua/parse.js";
import { analyzeScopes } from "../lua/scope.js";
import type { Binding, ScopeAnalysis } from "../lua/scope.js";
import { callArguments, isCall } from "../lua/walk.js";

/** A `KEY = value` of the handler table, wherever it is written. */
export interface HandlerField {
  key: Node;
  value: Expression;
}

/** What is known of the table handler.lua returns. */
export interface HandlerTable {
  /** the `return` statement */
  returned: Node;
  /** the last definition of each top-level key (table constructor, then `H.KEY = …` statements in order) */
  fields: Map<string, HandlerField>;
  /** resolves a value through top-level `local X = <literal>` constants */
  resolve(value: Expression): Expression;
}

/**
 * Finds the handler table statically: `return { … }`, or `return H` with `local H = { … }` /
 * `local H = Base:extend()` and top-level `H.KEY = …` / `function H:phase()` statements.
 * `return setmetatable(H, mt)` counts as `return H`. Undefined when the chunk returns something else.
 */
export function findHandlerTable(chunk: Chunk): HandlerTable | undefined {
  const returned = chunk.body.find((statement) => statement.type === "ReturnStatement");
  if (returned?.type !== "ReturnStatement") return undefined;
  let value = returned.arguments[0];
  if (value && isCall(value) && value.base.type === "Identifier" && value.base.name === "setmetatable") value = callArguments(value)[0];
  if (!value) return undefined;
  const scopes = analyzeScopes(chunk);
  const fields = new Map<string, HandlerField>();
  const resolve = (expression: Expression): Expression => resolveConstant(chunk, scopes, expression);
  if (value.type === "TableConstructorExpression") {
    addConstructorFields(value, fields);
    return { returned, fields, resolve };
  }
  if (value.type !== "Identifier") return undefined;
  const binding = scopes.bindingOf(value);
  if (!binding?.topLevel) return undefined;
  for (const statement of chunk.body) {
    if (statement.type === "LocalStatement") {
      const index = statement.variables.findIndex((variable) => scopes.bindingOf(variable) === binding);
      const init = index >= 0 ? statement.init[index] : undefined;
      if (init?.type === "TableConstructorExpression") addConstructorFields(init, fields);
    } else if (statement.type === "AssignmentStatement") {
      statement.variables.forEach((target, index) => {
        const key = memberOf(target, scopes, binding);
        const init = statement.init[index];
        if (key && init) fields.set(key.name, { key: key.node, value: init });
      });
    }
  }
  return { returned, fields, resolve };
}

function addConstructorFields(table: Extract<Expression, { type: "TableConstructorExpression" }>, fields: Map<string, HandlerField>): void {
  for (const field of table.fields) {
    if (field.type === "TableKeyString") fields.set(field.key.name, { key: field.key, value: field.value });
    else if (field.type === "TableKey" && field.key.type === "StringLiteral") fields.set(decodeLuaString(field.key.value ?? ""), { key: field.key, value: field.value });
  }
}

/** `H.KEY` or `H["KEY"]` on the handler's binding. */
function memberOf(target: Node, scopes: ScopeAnalysis, binding: Binding): { name: string; node: Node } | undefined {
  if (target.type === "MemberExpression" && target.base.type === "Identifier" && scopes.bindingOf(target.base) === binding) {
    return { name: target.identifier.name, node: target.identifier };
  }
  if (target.type === "IndexExpression" && target.base.type === "Identifier" && scopes.bindingOf(target.base) === binding && target.index.type === "StringLiteral") {
    return { name: decodeLuaString(target.index.value ?? ""), node: target.index };
  }
  return undefined;
}

/** `PRIORITY = MY_PRIORITY` with `local MY_PRIORITY = 1000` at the top level, never reassigned → the literal. */
function resolveConstant(chunk: Chunk, scopes: ScopeAnalysis, expression: Expression): Expression {
  if (expression.type !== "Identifier") return expression;
  const binding = scopes.bindingOf(expression);
  if (!binding?.topLevel || binding.reassignedElsewhere) return expression;
  for (const statement of chunk.body) {
    if (statement.type !== "LocalStatement") continue;
    const index = statement.variables.indexOf(binding.declaration);
    const init = index >= 0 ? statement.init[index] : undefined;
    if (init) return init;
  }
  return expression;
}
