import type { SourceLocation } from "../lua/parse.js";
import { typedefValue } from "../lua/typedefs.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { tableGet } from "../lua/values.js";
import { CheckContext } from "./context.js";
import type { LuaFunctionRunner } from "./context.js";
import { processRecord, validateRecord } from "./record.js";
import { recordOf } from "./schema-model.js";
import type { FieldRef, RecordModel } from "./schema-model.js";
import type { ConfigTable } from "./value.js";
import type { CheckEnvironment } from "./context.js";

/*
 * A plugin instance checked as Kong checks `POST /plugins` (kong/db/dao/init.lua check_insert):
 * the plugins entity (kong/db/schema/entities/plugins.lua, plus Konnect's consumer_group and
 * ordering) with the plugin's schema as its subschema — the plugin's `protocols`, `route`,
 * `service`, `consumer`, `consumer_group` and `config` replace the entity's own — then
 * process_auto_fields and validate_insert.
 */

const NOWHERE: SourceLocation = { line: 0, column: 0, endLine: 0, endColumn: 0 };

function spec(fields: Record<string, LuaValue>): LuaTable {
  return { kind: "table", items: [], fields: Object.entries(fields).map(([key, value]) => ({ key, keyLocation: NOWHERE, value })), hasUnknownEntries: false, location: NOWHERE };
}
const str = (value: string): LuaValue => ({ kind: "string", value, location: NOWHERE });
const bool = (value: boolean): LuaValue => ({ kind: "boolean", value, location: NOWHERE });
const NULL: LuaValue = { kind: "unknown", reason: "ngx.null", location: NOWHERE };

function typedef(name: string): LuaTable {
  const table = typedefValue(name, NOWHERE);
  if (!table) throw new Error(`typedef ${name} missing from the catalog`);
  return table;
}

/** tags: the typedef, with its element marked as Kong's `tag` typedef so its validator is known. */
function tagsField(): LuaTable {
  const tags = typedef("tags");
  return { ...tags, fields: tags.fields.map((f) => (f.key === "elements" && f.value.kind === "table" ? { ...f, value: { ...f.value, typedef: "tag" } } : f)) };
}

function entityFields(environment: CheckEnvironment): [string, LuaTable][] {
  const foreign = (reference: string): LuaTable => spec({ type: str("foreign"), reference: str(reference), default: NULL });
  return [
    ["id", typedef("uuid")],
    ["name", spec({ type: str("string"), required: bool(true) })],
    ["instance_name", typedef("utf8_name")],
    ["created_at", typedef("auto_timestamp_s")],
    ["updated_at", typedef("auto_timestamp_s")],
    ["route", foreign("routes")],
    ["service", foreign("services")],
    ["consumer", foreign("consumers")],
    ["config", spec({ type: str("record"), abstract: bool(true) })],
    ["protocols", typedef("protocols")],
    ["enabled", spec({ type: str("boolean"), required: bool(true), default: bool(true) })],
    ["tags", tagsField()],
    // Kong Enterprise (Konnect) only: on a Kong OSS node consumer_group is an unknown field
    ...(environment === "konnect" ? [["consumer_group", foreign("consumer_groups")] as [string, LuaTable]] : []),
    ["ordering", typedef("plugin_ordering")],
  ];
}

export interface PluginSchema {
  name: string;
  /** the table schema.lua returns */
  root: LuaTable;
  /** the plugins entity with this plugin's fields in place */
  entity: RecordModel;
  /** the plugin's config record, once read */
  config: FieldRef | undefined;
  /** schema.lua has functions a config check may call (custom_validator, shorthand func, custom_entity_check) */
  usesLuaFunctions: boolean;
}

/** The entity model for a plugin schema; undefined when schema.lua's fields could not be read. */
export function pluginSchemaOf(name: string, schemaTable: LuaTable, environment: CheckEnvironment = "konnect"): PluginSchema | { unknown: string } {
  const root = recordsRequired(schemaTable, true);
  const own = recordOf(root, []);
  if (own.unknown) return { unknown: own.unknown };
  const byName = new Map(own.fields.map((f) => [f.name, f]));
  const fields: FieldRef[] = entityFields(environment).map(([fieldName, def]) => {
    const replaced = byName.get(fieldName);
    return replaced ?? { name: fieldName, def, path: ["<entity>", fieldName] };
  });
  // the plugin schema's own entity_checks run on the whole entity (fields named "config.x")
  const entity: RecordModel = { fields, byName: new Map(fields.map((f) => [f.name, f])), entityChecks: own.entityChecks, shorthands: [] };
  return { name, root, entity, config: entity.byName.get("config"), usesLuaFunctions: hasOwnFunctions(root) };
}

/**
 * Kong's `make_records_required` (kong/db/schema/entity.lua, run by Entity.new_subschema for a
 * plugin schema): a record field without `required` becomes required, down through record fields
 * (not through array elements or map values). That is why an absent `config` or nested record is
 * expanded with its defaults, and its required fields are reported.
 */
function recordsRequired(def: LuaTable, isRoot: boolean): LuaTable {
  const fields = tableGet(def, "fields");
  let out = def;
  if (fields?.kind === "table" && !fields.hasUnknownEntries) {
    const items = fields.items.map((item) => {
      if (item.kind !== "table" || item.fields.length === 0) return item;
      const entry = item.fields[item.fields.length - 1] as LuaTable["fields"][number];
      if (entry.value.kind !== "table" || tableGet(entry.value, "type")?.kind !== "string" || (tableGet(entry.value, "type") as { value: string }).value !== "record") return item;
      return { ...item, fields: [...item.fields.slice(0, -1), { ...entry, value: recordsRequired(entry.value, false) }] };
    });
    out = { ...def, fields: def.fields.map((f) => (f.key === "fields" ? { ...f, value: { ...fields, items } } : f)) };
  }
  if (!isRoot && tableGet(out, "required") === undefined) out = { ...out, fields: [...out.fields, { key: "required", keyLocation: NOWHERE, value: bool(true) }] };
  return out;
}

function hasOwnFunctions(value: LuaValue, depth = 0): boolean {
  if (depth > 40) return false;
  if (value.kind === "function") return value.node !== undefined;
  if (value.kind !== "table") return false;
  return value.items.some((item) => hasOwnFunctions(item, depth + 1)) || value.fields.some((field) => hasOwnFunctions(field.value, depth + 1));
}

/** Checks one plugin entity (what decK would send); the problems say what Kong would answer. */
export function checkPluginEntity(schema: PluginSchema, entity: ConfigTable, runner: LuaFunctionRunner | undefined): CheckContext {
  const ctx = new CheckContext(runner);
  const place = { tree: [], display: "", at: entity.at };
  const processed = processRecord(ctx, schema.entity, entity, place);
  if (processed) validateRecord(ctx, schema.entity, processed, place);
  return ctx;
}
