import type { LuaTable } from "../../lua/values.js";
import type { PluginUnderTest } from "../types.js";
import { evaluatedSchema } from "../schema-support/evaluation.js";
import { schemaFields } from "../schema-support/fields.js";

/**
 * The fields of the schema's `config` record: name → definition (undefined when not evaluable);
 * undefined as a whole when schema.lua cannot be evaluated to a complete config record, so that
 * nothing is reported from a partial picture.
 */
export function configFieldNames(plugin: PluginUnderTest): Map<string, LuaTable | undefined> | undefined {
  const schema = evaluatedSchema(plugin);
  if (!schema?.table) return undefined;
  const record = schemaFields(schema).records.find((r) => r.path === "config");
  return record?.fieldNames;
}
