import type { Expression, FunctionDeclaration } from "luaparse";
import type { LuaFunction, LuaValue } from "../lua/values.js";
import { literalValue } from "../lua/literal.js";
import { toNumber } from "../lua/number-text.js";
import { luaType } from "./lua-semantics.js";

/** What calling a function returns, or that it raises; undefined when that needs running Lua. */
export type CallResult = { returns: LuaValue[] } | { raises: string } | undefined;

/**
 * The result of calling a schema.lua function with one argument, when its body says it without
 * running anything: an empty body, `return <literals or the parameter>`, or `error(…)`. Custom
 * validators of this shape are common in tests and stubs; anything else stays unknown.
 */
export function staticCallResult(fn: LuaFunction, argument: LuaValue): CallResult {
  if (fn.builtin !== undefined) return builtinResult(fn.builtin, argument, fn);
  const node = fn.node as FunctionDeclaration | undefined;
  if (!node || node.type !== "FunctionDeclaration") return undefined;
  const [statement, ...rest] = node.body;
  // longer bodies: what the evaluator can follow of them (guards, locals, string functions, upvalues)
  if (rest.length > 0) return evaluatedCall(fn, argument);
  if (!statement) return { returns: [] };
  const parameter = node.parameters[0]?.type === "Identifier" ? node.parameters[0].name : undefined;
  if (statement.type === "ReturnStatement") {
    const values: LuaValue[] = [];
    for (const expression of statement.arguments) {
      const value = literal(expression, parameter, argument, fn);
      // `return v:match("^/") ~= nil` and the like: what the evaluator can follow
      if (!value) return evaluatedCall(fn, argument);
      values.push(value);
    }
    return { returns: values };
  }
  if (statement.type === "CallStatement") {
    const call = statement.expression;
    if (call.base.type === "Identifier" && call.base.name === "error" && !(call.base as { isLocal?: boolean }).isLocal) return { raises: "the function calls error()" };
  }
  return evaluatedCall(fn, argument);
}

function evaluatedCall(fn: LuaFunction, argument: LuaValue): CallResult {
  const returns = fn.call?.([argument]);
  return returns ? { returns } : undefined;
}

function literal(expression: Expression, parameter: string | undefined, argument: LuaValue, fn: LuaFunction): LuaValue | undefined {
  if (expression.type === "Identifier") return parameter !== undefined && expression.name === parameter ? argument : undefined;
  return literalValue(expression, fn.location);
}

/** Lua's standard functions called with one value, where the result does not depend on anything else. */
function builtinResult(name: string, argument: LuaValue, fn: LuaFunction): CallResult {
  const text = (value: string): CallResult => ({ returns: [{ kind: "string", value, location: fn.location }] });
  switch (name) {
    case "print":
      return { returns: [] };
    case "error":
      return { raises: "the function is error()" };
    case "type":
      return text(luaType(argument));
    case "assert":
      return argument.kind === "nil" || (argument.kind === "boolean" && !argument.value) ? { raises: "assertion failed!" } : { returns: [argument] };
    case "tostring":
      // a string whatever the value (its text does not matter to a validator: any string is true)
      return text("");
    case "tonumber": {
      const n = argument.kind === "number" ? argument.value : argument.kind === "string" ? toNumber(argument.value) : argument.kind === "unknown" ? undefined : null;
      if (n === undefined) return undefined;
      return { returns: [n === null ? { kind: "nil", location: fn.location } : { kind: "number", value: n, location: fn.location }] };
    }
    case "pairs":
    case "ipairs":
    case "next":
    case "unpack": {
      if (argument.kind !== "table") return luaType(argument) === "table" ? undefined : { raises: `bad argument #1 to '${name}' (table expected)` };
      if (name === "pairs" || name === "ipairs") return { returns: [{ kind: "function", location: fn.location }] };
      // next(t): a key of t (never nil) or nil when t is empty; unpack(t): t[1]
      if (argument.hasUnknownEntries) return undefined;
      if (name === "unpack") return { returns: argument.items[0] ? [argument.items[0]] : [] };
      const key: LuaValue | undefined = argument.items.length > 0 ? { kind: "number", value: 1, location: fn.location } : argument.fields[0] ? { kind: "string", value: argument.fields[0].key, location: fn.location } : undefined;
      return { returns: key ? [key] : [] };
    }
    default:
      return undefined;
  }
}
