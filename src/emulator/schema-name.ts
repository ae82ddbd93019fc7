import { evaluateSchema } from "../lua/evaluate.js";
import { parseLua } from "../lua/parse.js";
import { tableGet } from "../lua/values.js";

export type SchemaNameResult = { ok: true; name: string } | { ok: false; message: string };

/**
 * The plugin name Konnect derives from an uploaded `lua_schema`: the `name` of the table the chunk
 * returns. Konnect runs the file; the emulator evaluates it with kplug's static evaluator (the one
 * `validate` uses), so constants, locals and concatenation (`name = PLUGIN_NAME`,
 * `name = "body-" .. "guard"`) resolve as they do when Lua runs it. Errors read like
 * the Lua loader's, `[string "schema.lua"]:LINE: message`.
 */
export function deriveSchemaName(luaSchema: string): SchemaNameResult {
  // a fleet push uploads the same text to every control plane: evaluate it once (the result
  // depends on the text alone), so the emulator's CPU does not stand in for Konnect's latency
  const known = recent.get(luaSchema);
  if (known) return known;
  const result = evaluateName(luaSchema);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(luaSchema, result);
  return result;
}

/** the last few texts' results, oldest first */
const recent = new Map<string, SchemaNameResult>();
const RECENT_LIMIT = 16;

function evaluateName(luaSchema: string): SchemaNameResult {
  const source = parseLua(luaSchema);
  if (source.syntaxError || !source.chunk) {
    const error = source.syntaxError;
    return { ok: false, message: `failed loading schema: [string "schema.lua"]:${error?.location.line ?? 1}: ${error?.message ?? "syntax error"}` };
  }
  const evaluation = evaluateSchema(source);
  const table = evaluation.value?.kind === "table" ? evaluation.value : undefined;
  if (!table) return { ok: false, message: "failed loading schema: the schema file must return a table" };
  const name = tableGet(table, "name");
  if (name?.kind !== "string") return { ok: false, message: "schema is missing the 'name' field (a string)" };
  if (name.value.trim() === "") return { ok: false, message: "schema 'name' must not be empty" };
  return { ok: true, name: name.value };
}
