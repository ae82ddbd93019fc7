import type { Expression } from "luaparse";
import { decodeLuaString } from "./parse.js";
import type { SourceLocation } from "./parse.js";
import type { LuaBoolean, LuaNil, LuaNumber, LuaString, LuaUnknown } from "./values.js";

/** The value of a literal expression (string, number, boolean, nil, LuaJIT cdata); undefined for anything else. */
export function literalValue(expression: Expression, location: SourceLocation): LuaString | LuaNumber | LuaBoolean | LuaNil | LuaUnknown | undefined {
  switch (expression.type) {
    case "StringLiteral":
      return { kind: "string", value: decodeLuaString(expression.value ?? ""), location };
    case "NumericLiteral":
      // LuaJIT's 64-bit integer and imaginary suffixes make a cdata value, not a number
      if (/(ll|i)$/i.test(expression.raw)) return { kind: "unknown", reason: `${expression.raw} is a LuaJIT cdata value`, luaType: "cdata", location };
      return { kind: "number", value: expression.value, location };
    case "BooleanLiteral":
      return { kind: "boolean", value: expression.value, location };
    case "NilLiteral":
      return { kind: "nil", location };
    default:
      return undefined;
  }
}
