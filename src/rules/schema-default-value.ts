import type { LuaTable, LuaValue } from "../lua/values.js";
import { formatLuaNumber } from "../lua/evaluate.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, stringAttribute, tableGet } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

export const schemaDefaultValueRule: Rule = {
  id: "schema/default-value",
  defaultSeverity: "error",
  title: "one_of values and default match the field's type and validators",
  why:
    "Kong validates default against the field itself when the schema loads (default = \"expected an integer\", \"expected one of: a, b\"), and a one_of value of the wrong type can never be chosen.",
  source: "kong/db/schema/metaschema.lua (default = { type = \"self\" })",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    for (const field of schemaFields(schema).definitions) {
      const type = stringAttribute(field.definition, "type");
      const oneOf = tableGet(field.definition, "one_of")?.value;
      if (oneOf?.kind === "table" && (type === "string" || type === "number" || type === "integer")) {
        for (const [index, item] of oneOf.items.entries()) {
          const problem = typeProblem(type, item);
          if (problem) report({ message: `${field.path}: one_of: [${index + 1}]: ${problem}`, hint: `one_of values must be ${type}s`, file, location: item.location });
        }
      }
      const defaultValue = tableGet(field.definition, "default")?.value;
      if (!defaultValue || defaultValue.kind === "unknown" || defaultValue.kind === "nil") continue;
      const problem = valueProblem(field.definition, defaultValue);
      if (problem) report({ message: `${field.path}: default: ${problem}`, hint: "make the default a value the field itself accepts", file, location: defaultValue.location });
    }
  },
};

function typeProblem(type: string, value: LuaValue): string | undefined {
  if (value.kind === "unknown") return undefined;
  switch (type) {
    case "string":
      return value.kind === "string" ? undefined : "expected a string";
    case "number":
      return value.kind === "number" ? undefined : "expected a number";
    case "integer":
      return value.kind === "number" && Number.isInteger(value.value) ? undefined : "expected an integer";
    case "boolean":
      return value.kind === "boolean" ? undefined : "expected a boolean";
    case "array":
    case "set":
      return value.kind === "table" && (value.fields.length === 0 || value.hasUnknownEntries) ? undefined : `expected a${type === "array" ? "n" : ""} ${type}`;
    case "map":
      return value.kind === "table" && (value.items.length === 0 || value.hasUnknownEntries) ? undefined : "expected a map";
    case "record":
      return value.kind === "table" ? undefined : "expected a record";
    default:
      return undefined;
  }
}

/** Why Kong would reject `value` for this field definition (first problem, Kong's wording), if it would. */
export function valueProblem(definition: LuaTable, value: LuaValue): string | undefined {
  const type = stringAttribute(definition, "type");
  if (!type || value.kind === "unknown") return undefined;
  const typeError = typeProblem(type, value);
  if (typeError) return typeError;
  // Kong accepts a vault reference in a referenceable string field without running its validators
  const referenceable = tableGet(definition, "referenceable")?.value;
  if (value.kind === "string" && referenceable?.kind === "boolean" && referenceable.value && isVaultReference(value.value)) return undefined;
  if (value.kind === "string") {
    const length = Buffer.byteLength(value.value);
    const lenMin = numberAttribute(definition, "len_min");
    if (length < (lenMin ?? 1)) return `length must be at least ${lenMin ?? 1}`;
    const lenMax = numberAttribute(definition, "len_max");
    if (lenMax !== undefined && length > lenMax) return `length must be at most ${lenMax}`;
    const lenEq = numberAttribute(definition, "len_eq");
    if (lenEq !== undefined && length !== lenEq) return `length must be ${lenEq}`;
    const startsWith = stringAttribute(definition, "starts_with");
    if (startsWith !== undefined && !value.value.startsWith(startsWith)) return `should start with: ${startsWith}`;
  }
  if (value.kind === "number") {
    const between = tableGet(definition, "between")?.value;
    if (between?.kind === "table" && between.items.length === 2) {
      const [low, high] = between.items;
      if (low?.kind === "number" && high?.kind === "number" && (value.value < low.value || value.value > high.value)) {
        return `value should be between ${formatLuaNumber(low.value)} and ${formatLuaNumber(high.value)}`;
      }
    }
    const gt = numberAttribute(definition, "gt");
    if (gt !== undefined && !(value.value > gt)) return `value must be greater than ${formatLuaNumber(gt)}`;
  }
  if (value.kind === "string" || value.kind === "number") {
    const oneOf = tableGet(definition, "one_of")?.value;
    if (oneOf?.kind === "table" && !oneOf.hasUnknownEntries && oneOf.items.every((item) => item.kind !== "unknown")) {
      const matches = oneOf.items.some((item) => (item.kind === "string" || item.kind === "number") && item.value === value.value);
      if (!matches) return `expected one of: ${oneOf.items.map(display).join(", ")}`;
    }
    const notOneOf = tableGet(definition, "not_one_of")?.value;
    if (notOneOf?.kind === "table" && notOneOf.items.some((item) => (item.kind === "string" || item.kind === "number") && item.value === value.value)) {
      return `must not be one of: ${notOneOf.items.map(display).join(", ")}`;
    }
  }
  if (value.kind === "table" && (type === "array" || type === "set")) {
    const elements = tableGet(definition, "elements")?.value;
    if (elements?.kind === "table") {
      for (const [index, item] of value.items.entries()) {
        const problem = valueProblem(elements, item);
        if (problem) return `[${index + 1}]: ${problem}`;
      }
    }
    const lenMin = numberAttribute(definition, "len_min");
    if (lenMin !== undefined && !value.hasUnknownEntries && value.items.length < lenMin) return `length must be at least ${lenMin}`;
  }
  if (value.kind === "table" && type === "map") {
    const values = tableGet(definition, "values")?.value;
    if (values?.kind === "table") {
      for (const entry of value.fields) {
        const problem = valueProblem(values, entry.value);
        if (problem) return `${entry.key}: ${problem}`;
      }
    }
  }
  return undefined;
}

/** `{vault://…}`, as Kong's vault PDK recognizes a reference. */
function isVaultReference(value: string): boolean {
  return value.startsWith("{vault://") && value.endsWith("}");
}

function numberAttribute(definition: LuaTable, key: string): number | undefined {
  const value = tableGet(definition, key)?.value;
  return value?.kind === "number" ? value.value : undefined;
}

function display(value: LuaValue): string {
  if (value.kind === "string") return value.value;
  if (value.kind === "number") return formatLuaNumber(value.value);
  return value.kind;
}
