/**
 * Kong's metaschema facts (`kong/db/schema/metaschema.lua`, Kong 3.10), as data for the rules.
 * See /work/shared/design/kong-schema-rules.md §2–§4.
 */

import { nearestWithin } from "../../text/edit-distance.js";

export const FIELD_TYPES = ["array", "set", "string", "number", "boolean", "integer", "foreign", "map", "record", "function", "json"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export function isFieldType(value: string): value is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(value);
}

/** `required_attributes`: companions a type must declare (record: not when abstract). */
export const REQUIRED_COMPANIONS: Partial<Record<FieldType, string[]>> = {
  array: ["elements"],
  set: ["elements"],
  map: ["keys", "values"],
  record: ["fields"],
  json: ["json_schema"],
};

/** What the argument of each attribute must be. */
export type AttributeArgument =
  | "boolean" | "string" | "number" | "integer" | "any" | "array" | "function" | "field" | "fields"
  | "between" | "string-array" | "match-list" | "match-any" | "array-of-string-arrays" | "on-delete"
  | "json-schema" | "deprecation" | "replaced-with" | "path" | "entity-checks" | "shorthand-fields" | "self";

/** Validator attributes (`validators` in the metaschema). */
export const VALIDATORS: Record<string, AttributeArgument> = {
  between: "between",
  eq: "any",
  ne: "any",
  gt: "number",
  len_eq: "integer",
  len_min: "integer",
  len_max: "integer",
  match: "string",
  not_match: "string",
  match_all: "match-list",
  match_none: "match-list",
  match_any: "match-any",
  starts_with: "string",
  one_of: "array",
  not_one_of: "array",
  contains: "any",
  is_regex: "boolean",
  timestamp: "boolean",
  uuid: "boolean",
  custom_validator: "function",
  mutually_exclusive_subsets: "array-of-string-arrays",
};

/** Other field attributes (`field_schema`), including the recursive ones. */
export const FIELD_ATTRIBUTES: Record<string, AttributeArgument> = {
  type: "string",
  required: "boolean",
  reference: "string",
  description: "string",
  examples: "array",
  auto: "boolean",
  unique: "boolean",
  unique_across_ws: "boolean",
  on_delete: "on-delete",
  default: "self",
  abstract: "boolean",
  generate_admin_api: "boolean",
  immutable: "boolean",
  err: "string",
  encrypted: "boolean",
  referenceable: "boolean",
  json_schema: "json-schema",
  transient: "boolean",
  deprecation: "deprecation",
  ...VALIDATORS,
  elements: "field",
  keys: "field",
  values: "field",
  fields: "fields",
  entity_checks: "entity-checks",
  shorthand_fields: "shorthand-fields",
};

/**
 * Attributes Kong Enterprise's metaschema adds (EE metaschema.lua in Kong/kong's history, 2024-07):
 * valid on Konnect and EE data planes, `unknown field` on Kong OSS.
 */
export const ENTERPRISE_FIELD_ATTRIBUTES: Record<string, AttributeArgument> = {
  prefix_ws: "boolean",
  db_export: "boolean",
  indexed: "boolean",
};

/** Attributes only shorthand fields have. */
export const SHORTHAND_ATTRIBUTES: Record<string, AttributeArgument> = {
  func: "function",
  translate_backwards: "string-array",
};

/** `attribute_types`: attributes restricted to some types. */
export const ATTRIBUTE_TYPES: Record<string, readonly FieldType[]> = {
  between: ["integer", "number"],
  len_eq: ["array", "set", "string", "map"],
  match: ["string"],
  one_of: ["string", "number", "integer"],
  contains: ["array", "set"],
  is_regex: ["string"],
  timestamp: ["number", "integer"],
  uuid: ["string"],
  unique: ["string", "number", "integer", "foreign"],
  unique_across_ws: ["string", "number", "integer", "foreign"],
  abstract: ["string", "number", "integer", "record", "array", "set", "map"],
  json_schema: ["json"],
  transient: ["string", "number", "integer", "array", "set", "boolean"],
  indexed: ["string", "number", "integer", "array", "set", "boolean"],
};

/** Keys a plugin schema may have at its top level (`MetaSchema.MetaSubSchema`). */
export const TOP_LEVEL_KEYS = ["name", "fields", "entity_checks", "shorthand_fields", "transformations", "check"] as const;

/** Keys of a full DAO entity schema (`MetaSchema`), not allowed in a plugin schema. */
export const ENTITY_ONLY_KEYS = [
  "primary_key", "workspaceable", "endpoint_key", "cache_key", "ttl", "db_export", "subschema_key",
  "subschema_error", "generate_admin_api", "admin_api_name", "table_name", "admin_api_nested_name", "dao",
];

/** Keys of Kong ≤ 0.14 plugin schemas. */
export const LEGACY_TOP_LEVEL_KEYS = ["no_consumer", "self_check", "no_route", "no_service", "api_only"];

/** Entity checkers and the attributes of their argument (undefined: an array of field names). */
export const ENTITY_CHECKERS: Record<string, readonly string[] | undefined> = {
  at_least_one_of: undefined,
  conditional_at_least_one_of: ["if_field", "if_match", "then_at_least_one_of", "then_err", "else_match", "else_then_at_least_one_of", "else_then_err"],
  only_one_of: undefined,
  distinct: undefined,
  conditional: ["if_field", "if_match", "then_field", "then_match", "then_err"],
  custom_entity_check: ["field_sources", "fn", "run_with_missing_fields", "run_with_invalid_fields"],
  mutually_required: undefined,
  mutually_exclusive: undefined,
  mutually_exclusive_sets: ["set1", "set2"],
};

/** Fields of Kong's `plugins` entity a plugin schema may specialize, with their types (EE adds consumer_group, ordering). */
export const PLUGIN_ENTITY_FIELDS: Record<string, FieldType> = {
  id: "string",
  name: "string",
  instance_name: "string",
  created_at: "integer",
  updated_at: "integer",
  route: "foreign",
  service: "foreign",
  consumer: "foreign",
  consumer_group: "foreign",
  config: "record",
  protocols: "set",
  enabled: "boolean",
  tags: "set",
  ordering: "record",
};

/** Closest candidate by edit distance (≤ 2, or ≤ 3 for long names), for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return nearestWithin(word.toLowerCase(), candidates, word.length > 8 ? 3 : 2);
}
