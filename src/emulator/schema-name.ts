import type { Expression, Statement, TableConstructorExpression } from "luaparse";
import { decodeLuaString, parseLua } from "../lua/parse.js";

export type SchemaNameResult = { ok: true; name: string } | { ok: false; message: string };

/**
 * The plugin name Konnect derives from an uploaded `lua_schema`: the literal `name` field of the
 * table the chunk returns (directly, or through a top-level local). Konnect runs the file; the
 * emulator reads it statically, which covers how schemas are written in practice. Errors read like
 * the Lua loader's, `[string "schema.lua"]:LINE: message`.
 */
export function deriveSchemaName(luaSchema: string): SchemaNameResult {
  const source = parseLua(luaSchema);
  if (source.syntaxError || !source.chunk) {
    const error = source.syntaxError;
    return { ok: false, message: `failed loading schema: [string "schema.lua"]:${error?.location.line ?? 1}: ${error?.message ?? "syntax error"}` };
  }
  const body = source.chunk.body;
  const returned = body.findLast((statement) => statement.type === "ReturnStatement");
  if (!returned || returned.type !== "ReturnStatement" || returned.arguments.length === 0) {
    return { ok: false, message: "failed loading schema: the schema file must return a table" };
  }
  const table = resolveTable(returned.arguments[0], body);
  if (!table) return { ok: false, message: "failed loading schema: the schema file must return a table" };
  const name = literalField(table, "name");
  if (name === undefined) return { ok: false, message: "schema is missing the 'name' field (a string)" };
  if (name.trim() === "") return { ok: false, message: "schema 'name' must not be empty" };
  return { ok: true, name };
}

function resolveTable(expression: Expression | undefined, body: Statement[]): TableConstructorExpression | undefined {
  if (!expression) return undefined;
  if (expression.type === "TableConstructorExpression") return expression;
  if (expression.type !== "Identifier") return undefined;
  // `local schema = { ... } ... return schema`: the last top-level local of that name.
  for (let i = body.length - 1; i >= 0; i--) {
    const statement = body[i];
    if (statement?.type !== "LocalStatement") continue;
    const index = statement.variables.findIndex((variable) => variable.name === expression.name);
    if (index < 0) continue;
    const init = statement.init[index];
    return init?.type === "TableConstructorExpression" ? init : undefined;
  }
  return undefined;
}

function literalField(table: TableConstructorExpression, key: string): string | undefined {
  let found: string | undefined;
  for (const field of table.fields) {
    let matches = false;
    if (field.type === "TableKeyString") matches = field.key.name === key;
    else if (field.type === "TableKey" && field.key.type === "StringLiteral") matches = stringValue(field.key) === key;
    if (!matches || field.type === "TableValue") continue;
    // a later duplicate key wins, as in Lua
    found = field.value.type === "StringLiteral" ? stringValue(field.value) : undefined;
  }
  return found;
}

function stringValue(literal: { value: string | null; raw: string }): string {
  if (literal.value !== null) return decodeLuaString(literal.value);
  return literal.raw.replace(/^(["'])([\s\S]*)\1$/, "$2");
}
