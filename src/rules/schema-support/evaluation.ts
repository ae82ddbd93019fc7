import { evaluateSchema } from "../../lua/evaluate.js";
import type { SchemaEvaluation } from "../../lua/evaluate.js";
import type { LuaSource } from "../../lua/parse.js";
import type { LuaTable } from "../../lua/values.js";
import type { LuaModule, PluginUnderTest } from "../types.js";

export interface EvaluatedSchema {
  module: LuaModule;
  evaluation: SchemaEvaluation;
  /** the returned table, when the chunk statically returns one */
  table: LuaTable | undefined;
}

const cache = new WeakMap<LuaSource, SchemaEvaluation>();

/** schema.lua evaluated once per plugin; undefined when there is no schema.lua or it does not parse. */
export function evaluatedSchema(plugin: PluginUnderTest): EvaluatedSchema | undefined {
  const module = plugin.schema;
  if (!module || module.source.syntaxError || !module.source.chunk) return undefined;
  let evaluation = cache.get(module.source);
  if (!evaluation) {
    evaluation = evaluateSchema(module.source);
    cache.set(module.source, evaluation);
  }
  const table = evaluation.value?.kind === "table" ? evaluation.value : undefined;
  return { module, evaluation, table };
}
