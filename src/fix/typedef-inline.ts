import type { Chunk, Expression, Identifier, LocalStatement, Node, TableConstructorExpression } from "luaparse";
import { TYPEDEFS_MODULE } from "../lua/evaluate.js";
import { decodeLuaString } from "../lua/parse.js";
import type { LuaSource } from "../lua/parse.js";
import { analyzeScopes } from "../lua/scope.js";
import type { Binding } from "../lua/scope.js";
import { inlineTypedefEntries } from "../lua/typedefs.js";
import { rangeOf as byteRangeOf, walkLua } from "../lua/walk.js";
import { sameSchema } from "./same-schema.js";
import { applyEdits } from "./apply.js";
import type { Fix, TextEdit } from "./types.js";

/** `local typedefs = require "kong.db.schema.typedefs"` (one variable, never reassigned). */
interface TypedefsLocal {
  statement: LocalStatement;
  binding: Binding;
}

/**
 * The certain fix for a schema's `require "kong.db.schema.typedefs"`: every `typedefs.X` and
 * `typedefs.X { overrides }` whose definition kplug knows exactly is written inline (overrides keep
 * their text; the typedef's other attributes are put first, as Kong's Schema.define fills in what
 * the overrides leave nil), and the require is dropped once nothing uses it. Undefined when nothing
 * can be inlined, or when the result would not evaluate to the same schema.
 */
export function inlineTypedefsFix(source: LuaSource): Fix | undefined {
  const chunk = source.chunk;
  if (!chunk) return undefined;
  const scopes = analyzeScopes(chunk);
  const locals = typedefsLocals(chunk, scopes);
  if (locals.length === 0) return undefined;
  // luaparse's ranges count UTF-8 bytes; edits apply to the text, which counts UTF-16 code units
  const rangeOf = charRanges(source.text);
  const edits: TextEdit[] = [];
  const inlined: string[] = [];
  let remaining = 0;
  const uses = new Map<Binding, number>();
  walkLua(chunk, (node, ancestors) => {
    if (node.type !== "Identifier") return;
    const local = locals.find((l) => scopes.bindingOf(node) === l.binding);
    if (!local || local.statement.variables.includes(node)) return;
    uses.set(local.binding, (uses.get(local.binding) ?? 0) + 1);
    const edit = inlineUse(source.text, node, ancestors, rangeOf);
    if (edit) {
      edits.push(...edit.edits);
      inlined.push(edit.name);
    } else {
      remaining++;
    }
  });
  if (inlined.length === 0) return undefined;
  if (remaining === 0) for (const local of locals) edits.push(deleteStatement(source.text, rangeOf(local.statement)));
  const fixed = applyEdits(source.text, edits);
  // certain means certain: the fixed file must be the same schema
  if (!sameSchema(source.text, fixed)) return undefined;
  const names = [...new Set(inlined)].map((n) => `typedefs.${n}`).join(", ");
  return { description: `write ${names} inline${remaining === 0 ? ` and drop the require of ${TYPEDEFS_MODULE}` : ""}`, edits };
}

function typedefsLocals(chunk: Chunk, scopes: ReturnType<typeof analyzeScopes>): TypedefsLocal[] {
  const found: TypedefsLocal[] = [];
  for (const statement of chunk.body) {
    if (statement.type !== "LocalStatement" || statement.variables.length !== 1 || statement.init.length !== 1) continue;
    const [variable] = statement.variables;
    const [init] = statement.init;
    if (!variable || !init || requiredModule(init) !== TYPEDEFS_MODULE) continue;
    const binding = scopes.bindingOf(variable);
    if (binding && !binding.reassignedElsewhere && !binding.mutatedElsewhere) found.push({ statement, binding });
  }
  return found;
}

function requiredModule(expression: Expression): string | undefined {
  if (expression.type === "StringCallExpression" && expression.base.type === "Identifier" && expression.base.name === "require" && expression.argument.type === "StringLiteral") {
    return decodeLuaString(expression.argument.value ?? "");
  }
  if (expression.type === "CallExpression" && expression.base.type === "Identifier" && expression.base.name === "require" && expression.arguments.length === 1) {
    const [argument] = expression.arguments;
    if (argument?.type === "StringLiteral") return decodeLuaString(argument.value ?? "");
  }
  return undefined;
}

/** The edits writing one `typedefs.X` use inline; undefined when it is not certain. */
type RangeOf = (node: Node) => [number, number];

/** Node → [start, end) in UTF-16 code units of the text (the identity for ASCII text). */
function charRanges(text: string): RangeOf {
  if (Buffer.byteLength(text, "utf8") === text.length) return byteRangeOf;
  const bytes = Buffer.from(text, "utf8");
  const toChar = (offset: number): number => bytes.subarray(0, offset).toString("utf8").length;
  return (node) => {
    const [start, end] = byteRangeOf(node);
    return [toChar(start), toChar(end)];
  };
}

function inlineUse(text: string, identifier: Identifier, ancestors: readonly Node[], rangeOf: RangeOf): { name: string; edits: TextEdit[] } | undefined {
  const member = ancestors[ancestors.length - 1];
  if (member?.type !== "MemberExpression" || member.base !== identifier || member.indexer !== ".") return undefined;
  const name = member.identifier.name;
  const entries = inlineTypedefEntries(name);
  if (!entries) return undefined;
  const [memberStart, memberEnd] = rangeOf(member);
  const call = ancestors[ancestors.length - 2];
  const calls = call && (call.type === "TableCallExpression" || call.type === "CallExpression") && call.base === member;
  if (!calls) return { name, edits: [{ start: memberStart, end: memberEnd, text: `{ ${entries.map((e) => e.lua).join(", ")} }` }] };
  const overrides = call.type === "TableCallExpression" ? call.arguments : call.arguments.length === 1 ? call.arguments[0] : undefined;
  const [callStart, callEnd] = rangeOf(call);
  if (call.type === "CallExpression" && call.arguments.length === 0) {
    return { name, edits: [{ start: callStart, end: callEnd, text: `{ ${entries.map((e) => e.lua).join(", ")} }` }] };
  }
  if (overrides?.type !== "TableConstructorExpression") return undefined;
  const keys = overrideKeys(overrides);
  if (!keys) return undefined;
  const filled = entries.filter((e) => !keys.has(e.key)).map((e) => e.lua);
  const [tableStart, tableEnd] = rangeOf(overrides);
  const empty = overrides.fields.length === 0;
  const edits: TextEdit[] = [
    // `typedefs.X ` or `typedefs.X(` before the overrides' `{` goes
    { start: memberStart, end: tableStart, text: "" },
    { start: tableStart + 1, end: empty ? tableEnd - 1 : tableStart + 1, text: empty ? ` ${filled.join(", ")} ` : ` ${filled.join(", ")},` },
  ];
  // the `)` of `typedefs.X({ … })`
  if (call.type === "CallExpression") edits.push({ start: tableEnd, end: callEnd, text: "" });
  if (text.charAt(tableStart) !== "{") return undefined;
  return { name, edits };
}

/** The overrides' keys when every entry is `key = value` with a literal key and a non-nil value; else undefined. */
function overrideKeys(table: TableConstructorExpression): Set<string> | undefined {
  const keys = new Set<string>();
  for (const field of table.fields) {
    // `key = nil` leaves the typedef's value in Kong, but would erase it when written inline
    if (field.value.type === "NilLiteral") return undefined;
    if (field.type === "TableKeyString") keys.add(field.key.name);
    else if (field.type === "TableKey" && field.key.type === "StringLiteral") keys.add(decodeLuaString(field.key.value ?? ""));
    else return undefined;
  }
  return keys;
}

/** Deletes a statement; with its whole line when nothing else is on it. */
function deleteStatement(text: string, range: [number, number]): TextEdit {
  let [start, end] = range;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = text.indexOf("\n", end);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd).replace(/^\s*;/, "");
  if (before.trim() === "" && after.trim() === "") {
    start = lineStart;
    end = Math.min(lineEnd + 1, text.length);
  }
  return { start, end, text: "" };
}

