import { evaluateSchema } from "../lua/evaluate.js";
import { parseLua } from "../lua/parse.js";
import type { LuaSource } from "../lua/parse.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import { tableGet } from "../lua/values.js";

/**
 * Classifies the change between the schema a control plane holds (remote) and the local one,
 * following Konnect's table on editing custom plugin schemas (shared/design/konnect-schema-updates.md):
 *
 * | change            | required+default | required, no default | optional+default | optional, no default |
 * | parameter added   | Short            | Long                 | Short            | Short                |
 * | parameter removed | Long             | CP/DP sync required  | Long             | Long                 |
 * | datatype changed  | CP/DP sync req.  | CP/DP sync required  | CP/DP sync req.  | CP/DP sync required  |
 *
 * Changes the table does not list are mapped conservatively (documented on each kind below).
 * Anything kplug cannot evaluate statically is an "unknown" change and counts as breaking.
 */

export type UpgradePath = "none" | "Short" | "Long" | "CP/DP sync required";

export type ChangeKind =
  /** a new parameter; breaking only when required without a default (table: Long) */
  | "field-added"
  /** table: Long, or CP/DP sync required for a required field without default */
  | "field-removed"
  /** a removal plus an addition with the same definition: instances still carry the old name */
  | "field-renamed"
  /** table: CP/DP sync required */
  | "type-changed"
  /** optional → required without default breaks instances that never set it (Long) */
  | "required-changed"
  /** not in the table: instances that relied on the old default change behaviour (Long) */
  | "default-changed"
  /** not in the table: instances set to a removed value no longer validate (Long) */
  | "one-of-narrowed"
  /** more accepted values: existing instances stay valid (Short) */
  | "one-of-widened"
  /** a validator or other attribute changed: may reject existing instances, so breaking (Long) */
  | "constraint-changed"
  /** the schema's name changed: to Konnect it is another plugin (no built-in versioning) */
  | "plugin-renamed"
  /** metadata only */
  | "description-changed"
  /** kplug could not evaluate this part statically: treated as breaking */
  | "unknown";

export interface SchemaChange {
  kind: ChangeKind;
  /** dotted field path, e.g. `config.ttl`; `(schema)` for the whole schema */
  path: string;
  breaking: boolean;
  upgradePath: UpgradePath;
  /** one line for people */
  message: string;
}

export type Mechanism = "schema" | "streamed";

export interface SchemaChangeReport {
  changes: SchemaChange[];
  breaking: boolean;
  /** the most demanding path among the changes */
  upgradePath: UpgradePath;
  /** true when some part could not be evaluated (the classification is then conservative) */
  hasUnknown: boolean;
  /** what the user must do on data planes and plugin instances, in order */
  steps: string[];
}

const PATH_RANK: Record<UpgradePath, number> = { none: 0, Short: 1, Long: 2, "CP/DP sync required": 3 };

/** Attributes compared on their own; every other attribute is compared as a constraint. */
const STRUCTURAL = new Set(["type", "required", "default", "one_of", "description", "fields", "elements", "keys", "values"]);

interface Side {
  source: LuaSource;
}

/** Compares two schema.lua texts. `mechanism` only changes the advice (streamed has no data-plane file step). */
export function classifySchemaChange(remoteText: string, localText: string, mechanism: Mechanism = "schema"): SchemaChangeReport {
  const changes: SchemaChange[] = [];
  const remote = evaluateText(remoteText);
  const local = evaluateText(localText);
  if (!remote.table || !local.table) {
    const which = !remote.table ? `the control plane's schema (${remote.reason})` : `the local schema (${local.reason})`;
    changes.push(unknownChange("(schema)", `cannot evaluate ${which}`));
  } else {
    compareSchemaRoot(remote.table, local.table, { source: remote.source }, { source: local.source }, changes);
  }
  return summarize(changes, mechanism);
}

function evaluateText(text: string): { table?: LuaTable; source: LuaSource; reason: string } {
  const source = parseLua(text);
  if (source.syntaxError) return { source, reason: `syntax error: ${source.syntaxError.message}` };
  const value = evaluateSchema(source).value;
  if (!value) return { source, reason: "it returns nothing" };
  if (value.kind !== "table") return { source, reason: value.kind === "unknown" ? value.reason : `it returns a ${value.kind}` };
  return { table: value, source, reason: "" };
}

function compareSchemaRoot(oldRoot: LuaTable, newRoot: LuaTable, oldSide: Side, newSide: Side, changes: SchemaChange[]): void {
  const oldName = tableGet(oldRoot, "name");
  const newName = tableGet(newRoot, "name");
  const oldNameText = oldName ? render(oldName, oldSide) : undefined;
  const newNameText = newName ? render(newName, newSide) : undefined;
  if (oldNameText === undefined || newNameText === undefined) {
    if (oldName?.kind === "unknown" || newName?.kind === "unknown") changes.push(unknownChange("name", "the plugin name is computed"));
  } else if (oldNameText !== newNameText) {
    changes.push({
      kind: "plugin-renamed",
      path: "name",
      breaking: true,
      upgradePath: "Long",
      message: `plugin renamed ${oldNameText} → ${newNameText}: Konnect treats it as another plugin; existing instances keep using the old one`,
    });
  }
  compareFieldList("", tableGet(oldRoot, "fields"), tableGet(newRoot, "fields"), oldSide, newSide, changes);
  for (const key of attributeKeys(oldRoot, newRoot)) {
    if (key === "name" || key === "fields") continue;
    compareConstraint(key, key, tableGet(oldRoot, key), tableGet(newRoot, key), oldSide, newSide, changes);
  }
}

type FieldMap = Map<string, LuaValue>;

/** `fields = { { name = spec }, ... }` → ordered map; undefined reason when it cannot be known. */
function fieldMap(list: LuaValue | undefined): { map: FieldMap } | { reason: string } {
  if (list === undefined || list.kind === "nil") return { map: new Map() };
  if (list.kind !== "table") return { reason: list.kind === "unknown" ? list.reason : `fields is a ${list.kind}` };
  if (list.hasUnknownEntries) return { reason: "the field list is built at run time" };
  const map: FieldMap = new Map();
  for (const item of list.items) {
    if (item.kind !== "table" || item.hasUnknownEntries || item.fields.length !== 1) {
      return { reason: item.kind === "unknown" ? item.reason : "a field entry is not a `{ name = definition }` table" };
    }
    const entry = item.fields[0];
    if (entry) map.set(entry.key, entry.value);
  }
  return { map };
}

function compareFieldList(prefix: string, oldList: LuaValue | undefined, newList: LuaValue | undefined, oldSide: Side, newSide: Side, changes: SchemaChange[]): void {
  const oldFields = fieldMap(oldList);
  const newFields = fieldMap(newList);
  const where = prefix || "(fields)";
  if ("reason" in oldFields || "reason" in newFields) {
    const reason = "reason" in oldFields ? `remote: ${oldFields.reason}` : `local: ${(newFields as { reason: string }).reason}`;
    // Identical text cannot hide a change even when it cannot be evaluated.
    if (render(oldList, oldSide) !== render(newList, newSide)) changes.push(unknownChange(where, reason));
    return;
  }
  const removed = [...oldFields.map.keys()].filter((k) => !newFields.map.has(k));
  const added = [...newFields.map.keys()].filter((k) => !oldFields.map.has(k));
  const join = (name: string): string => (prefix ? `${prefix}.${name}` : name);

  for (const name of removed) {
    const oldSpec = oldFields.map.get(name) as LuaValue;
    const kind = parameterKind(oldSpec);
    // a rename is a removal in Konnect's table: the same upgrade path
    const upgradePath = kind.required && !kind.hasDefault ? "CP/DP sync required" : "Long";
    const twinIndex = added.findIndex((candidate) => sameDefinition(oldSpec, newFields.map.get(candidate) as LuaValue, oldSide, newSide));
    if (twinIndex >= 0) {
      const [newName] = added.splice(twinIndex, 1);
      changes.push({
        kind: "field-renamed",
        path: join(name),
        breaking: true,
        upgradePath,
        message: `field ${join(name)} renamed to ${join(newName as string)}: existing instances still set ${name}`,
      });
      continue;
    }
    changes.push({ kind: "field-removed", path: join(name), breaking: true, upgradePath, message: `field ${join(name)} removed (${describeKind(kind)})` });
  }
  for (const name of added) {
    const kind = parameterKind(newFields.map.get(name) as LuaValue);
    const breaking = kind.required && !kind.hasDefault;
    changes.push({
      kind: "field-added",
      path: join(name),
      breaking,
      upgradePath: breaking ? "Long" : "Short",
      message: `field ${join(name)} added (${describeKind(kind)})${breaking ? ": existing instances do not set it" : ""}`,
    });
  }
  for (const [name, oldSpec] of oldFields.map) {
    const newSpec = newFields.map.get(name);
    if (newSpec !== undefined) compareField(join(name), oldSpec, newSpec, oldSide, newSide, changes);
  }
}

function compareField(path: string, oldSpec: LuaValue, newSpec: LuaValue, oldSide: Side, newSide: Side, changes: SchemaChange[]): void {
  if (oldSpec.kind !== "table" || newSpec.kind !== "table" || oldSpec.hasUnknownEntries || newSpec.hasUnknownEntries) {
    if (render(oldSpec, oldSide) !== render(newSpec, newSide)) changes.push(unknownChange(path, "the field definition cannot be evaluated"));
    return;
  }
  const oldType = render(tableGet(oldSpec, "type"), oldSide);
  const newType = render(tableGet(newSpec, "type"), newSide);
  if (oldType !== newType) {
    changes.push({
      kind: "type-changed",
      path,
      breaking: true,
      upgradePath: "CP/DP sync required",
      message: `field ${path} changed type ${oldType ?? "(none)"} → ${newType ?? "(none)"}`,
    });
    return;
  }

  const oldKind = parameterKind(oldSpec);
  const newKind = parameterKind(newSpec);
  if (oldKind.required !== newKind.required) {
    const breaking = newKind.required && !newKind.hasDefault;
    changes.push({
      kind: "required-changed",
      path,
      breaking,
      upgradePath: breaking ? "Long" : "Short",
      message: `field ${path} is now ${newKind.required ? "required" : "optional"}${breaking ? " without a default: existing instances may not set it" : ""}`,
    });
  }

  const oldDefault = tableGet(oldSpec, "default");
  const newDefault = tableGet(newSpec, "default");
  const oldDefaultText = render(oldDefault, oldSide);
  const newDefaultText = render(newDefault, newSide);
  if (oldDefaultText !== newDefaultText) {
    if (isUnknown(oldDefault) || isUnknown(newDefault)) changes.push(unknownChange(`${path}.default`, "the default is computed"));
    else
      changes.push({
        kind: "default-changed",
        path,
        breaking: true,
        upgradePath: "Long",
        message: `field ${path} default changed ${oldDefaultText ?? "(none)"} → ${newDefaultText ?? "(none)"}: instances relying on the default behave differently`,
      });
  }

  compareOneOf(path, tableGet(oldSpec, "one_of"), tableGet(newSpec, "one_of"), oldSide, newSide, changes);

  if (render(tableGet(oldSpec, "description"), oldSide) !== render(tableGet(newSpec, "description"), newSide)) {
    changes.push({ kind: "description-changed", path, breaking: false, upgradePath: "none", message: `field ${path} description changed` });
  }

  if (oldType === '"record"' || tableGet(oldSpec, "fields") || tableGet(newSpec, "fields")) {
    compareFieldList(path, tableGet(oldSpec, "fields"), tableGet(newSpec, "fields"), oldSide, newSide, changes);
  }
  for (const [key, suffix] of [["elements", "[]"], ["keys", "{key}"], ["values", "{value}"]] as const) {
    const oldInner = tableGet(oldSpec, key);
    const newInner = tableGet(newSpec, key);
    if (oldInner === undefined && newInner === undefined) continue;
    if (oldInner === undefined || newInner === undefined) {
      compareConstraint(`${path}.${key}`, path, oldInner, newInner, oldSide, newSide, changes);
      continue;
    }
    compareField(`${path}${suffix}`, oldInner, newInner, oldSide, newSide, changes);
  }
  for (const key of attributeKeys(oldSpec, newSpec)) {
    if (STRUCTURAL.has(key)) continue;
    compareConstraint(`${path}.${key}`, path, tableGet(oldSpec, key), tableGet(newSpec, key), oldSide, newSide, changes);
  }
}

function compareOneOf(path: string, oldValue: LuaValue | undefined, newValue: LuaValue | undefined, oldSide: Side, newSide: Side, changes: SchemaChange[]): void {
  if (render(oldValue, oldSide) === render(newValue, newSide)) return;
  const oldSet = valueSet(oldValue, oldSide);
  const newSet = valueSet(newValue, newSide);
  if (oldSet === "unknown" || newSet === "unknown") {
    changes.push(unknownChange(`${path}.one_of`, "the accepted values are computed"));
    return;
  }
  // No one_of means "anything of the type": adding one narrows, dropping one widens.
  const removed = oldSet === "any" ? ["(any value)"] : newSet === "any" ? [] : [...oldSet].filter((v) => !newSet.has(v));
  const addedValues = newSet === "any" ? ["(any value)"] : oldSet === "any" ? [] : [...newSet].filter((v) => !oldSet.has(v));
  if (removed.length > 0) {
    changes.push({
      kind: "one-of-narrowed",
      path,
      breaking: true,
      upgradePath: "Long",
      message: `field ${path} no longer accepts ${removed.join(", ")}`,
    });
  } else if (addedValues.length > 0) {
    changes.push({ kind: "one-of-widened", path, breaking: false, upgradePath: "Short", message: `field ${path} now also accepts ${addedValues.join(", ")}` });
  }
}

function compareConstraint(path: string, field: string, oldValue: LuaValue | undefined, newValue: LuaValue | undefined, oldSide: Side, newSide: Side, changes: SchemaChange[]): void {
  const before = render(oldValue, oldSide);
  const after = render(newValue, newSide);
  if (before === after) return;
  if (isUnknown(oldValue) || isUnknown(newValue)) {
    changes.push(unknownChange(path, "the value is computed"));
    return;
  }
  changes.push({
    kind: "constraint-changed",
    path: field,
    breaking: true,
    upgradePath: "Long",
    message: `${path} changed ${short(before ?? "(none)")} → ${short(after ?? "(none)")}: may reject existing instances (treated as breaking)`,
  });
}

function unknownChange(path: string, reason: string): SchemaChange {
  return {
    kind: "unknown",
    path,
    breaking: true,
    upgradePath: "CP/DP sync required",
    message: `${path}: ${reason}; kplug cannot tell what changed, so it treats the change as breaking`,
  };
}

interface ParameterKind {
  required: boolean;
  hasDefault: boolean;
}

function parameterKind(spec: LuaValue): ParameterKind {
  if (spec.kind !== "table") return { required: false, hasDefault: false };
  const required = tableGet(spec, "required");
  const fallback = tableGet(spec, "default");
  return {
    required: required?.kind === "boolean" && required.value,
    hasDefault: fallback !== undefined && fallback.kind !== "nil",
  };
}

function describeKind(kind: ParameterKind): string {
  return `${kind.required ? "required" : "optional"}, ${kind.hasDefault ? "with default" : "no default"}`;
}

function sameDefinition(a: LuaValue, b: LuaValue, aSide: Side, bSide: Side): boolean {
  if (a.kind !== "table" || b.kind !== "table") return false;
  const strip = (t: LuaTable, side: Side): string | undefined =>
    render({ ...t, fields: t.fields.filter((f) => f.key !== "description") }, side);
  const left = strip(a, aSide);
  return left !== undefined && left === strip(b, bSide);
}

function attributeKeys(a: LuaTable, b: LuaTable): string[] {
  return [...new Set([...a.fields.map((f) => f.key), ...b.fields.map((f) => f.key)])];
}

function isUnknown(value: LuaValue | undefined): boolean {
  return value !== undefined && render(value, undefined) === undefined;
}

function valueSet(value: LuaValue | undefined, side: Side): Set<string> | "any" | "unknown" {
  if (value === undefined || value.kind === "nil") return "any";
  if (value.kind !== "table" || value.hasUnknownEntries) return "unknown";
  const set = new Set<string>();
  for (const item of value.items) {
    const text = render(item, side);
    if (text === undefined) return "unknown";
    set.add(text);
  }
  return set;
}

/**
 * A canonical text of a value, or undefined when it contains something unknown. Functions are
 * compared by their source text (a changed custom validator is a changed constraint).
 */
function render(value: LuaValue | undefined, side: Side | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case "string":
      return JSON.stringify(value.value);
    case "number":
      return String(value.value);
    case "boolean":
      return String(value.value);
    case "nil":
      return "nil";
    case "unknown":
      return undefined;
    case "function": {
      if (!value.node) return "function<kong>";
      if (!side) return "function";
      return `function<${functionText(value.location, side.source)}>`;
    }
    case "table": {
      if (value.hasUnknownEntries) return undefined;
      const parts: string[] = [];
      for (const item of value.items) {
        const text = render(item, side);
        if (text === undefined) return undefined;
        parts.push(text);
      }
      // later duplicate keys win, as in Lua; sort so that key order does not count as a change
      const byKey = new Map<string, LuaValue>();
      for (const field of value.fields) byKey.set(field.key, field.value);
      for (const key of [...byKey.keys()].sort()) {
        const text = render(byKey.get(key), side);
        if (text === undefined) return undefined;
        parts.push(`${key}=${text}`);
      }
      return `{${parts.join(",")}}`;
    }
  }
}

function functionText(location: { line: number; column: number; endLine: number; endColumn: number }, source: LuaSource): string {
  const lines: string[] = [];
  for (let line = location.line; line <= location.endLine; line++) {
    let text = source.lineText(line);
    if (line === location.endLine) text = text.slice(0, location.endColumn - 1);
    if (line === location.line) text = text.slice(location.column - 1);
    lines.push(text.trim());
  }
  return lines.filter((l) => l !== "").join(" ");
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function summarize(changes: SchemaChange[], mechanism: Mechanism): SchemaChangeReport {
  let upgradePath: UpgradePath = "none";
  for (const change of changes) if (PATH_RANK[change.upgradePath] > PATH_RANK[upgradePath]) upgradePath = change.upgradePath;
  const breaking = changes.some((c) => c.breaking);
  return {
    changes,
    breaking,
    upgradePath,
    hasUnknown: changes.some((c) => c.kind === "unknown"),
    steps: upgradeSteps(upgradePath, mechanism, changes),
  };
}

/** What Konnect's table asks the user to do, for the given path and mechanism. */
export function upgradeSteps(path: UpgradePath, mechanism: Mechanism, changes: SchemaChange[] = []): string[] {
  if (path === "none") return changes.length === 0 ? [] : ["No upgrade step: only descriptions changed."];
  const instanceFields = changes.filter((c) => c.upgradePath !== "Short" && c.upgradePath !== "none").map((c) => c.path);
  const fieldsText = instanceFields.length > 0 ? ` (${[...new Set(instanceFields)].join(", ")})` : "";
  const steps: string[] = [];
  if (mechanism === "schema") {
    steps.push("Plan a maintenance window.");
    steps.push("Update the schema in Konnect (this push), before the data planes.");
    if (path !== "Short") steps.push(`Update the configuration of existing plugin instances${fieldsText} to match the new schema.`);
    steps.push("Deploy the new schema.lua (and handler.lua) to every data plane of the control plane.");
    if (path === "CP/DP sync required")
      steps.push("Bring control plane and data planes in step inside the window: a data plane with the old schema rejects the new configuration ('bad config received from Control Plane').");
  } else {
    steps.push("Konnect streams schema and handler to the data planes: there is no data-plane file step.");
    if (path !== "Short") steps.push(`Update the configuration of existing plugin instances${fieldsText} in the same window.`);
    if (path === "CP/DP sync required" || changes.some((c) => c.breaking))
      steps.push("Konnect recommends a new version of a streamed plugin instead (e.g. name-v2), then moving instances and removing the old one.");
  }
  return steps;
}
