import type { Expression } from "luaparse";
import { decodeLuaString } from "./parse.js";
import type { SourceLocation } from "./parse.js";
import type { LuaBoolean, LuaNil, LuaNumber, LuaString } from "./values.js";

/** The value of a literal expression (string, number, boolean, nil); undefined for anything else. */
export function literalValue(expression: Expression, location: SourceLocation): LuaString | LuaNumber | LuaBoolean | LuaNil | undefined {
  switch (expression.type) {
    case "StringLiteral":
      return { kind: "string", value: decodeLuaString(expression.value ?? ""), location };
    case "NumericLiteral":
      return { kind: "number", value: expression.value, location };
    case "BooleanLiteral":
      return { kind: "boolean", value: expression.value, location };
    case "NilLiteral":
      return { kind: "nil", location };
    default:
      return undefined;
  }
}
