import type { SourceLocation } from "./parse.js";
import type { LuaTable, LuaValue } from "./values.js";

/*
 * Budgets of the static evaluator, so that no schema.lua can make kplug run out of memory or
 * stack. Past a budget the value becomes `unknown` and the evaluation records why (a finding of
 * `lua/evaluation-limits`), instead of crashing. Real schemas stay far below them.
 */

/** The longest string the evaluator builds by concatenation (characters). */
export const MAX_STRING_LENGTH = 1 << 20;
/** All concatenations of one file together (characters): `s = s .. s` repeated stays bounded. */
export const MAX_CONCATENATED = 8 << 20;
/** How deep evaluated tables may nest inside the schema (tables nested through variables, not syntax). */
export const MAX_TABLE_DEPTH = 200;
/** Values in the schema once shared tables are counted at each place they appear. */
export const MAX_VALUES = 200_000;
/** Nested expressions the evaluator follows (luaparse trees past LuaJIT's 200 syntax levels are rejected before). */
export const MAX_EXPRESSION_DEPTH = 400;

/** A budget the evaluation ran into. */
export interface EvaluationLimit {
  message: string;
  location: SourceLocation;
}

/**
 * The schema value, safe for the rules to walk recursively: the value itself when it has no table
 * inside itself, no nesting past MAX_TABLE_DEPTH and at most MAX_VALUES values with shared tables
 * counted at each place (tables shared between fields stay shared, as in Lua); otherwise a bounded
 * tree copy (see `boundedTreeCopy`).
 */
export function boundedTree(root: LuaValue, limits: EvaluationLimit[]): LuaValue {
  return withinBudget(root) ? root : boundedTreeCopy(root, limits);
}

/** One linear pass over the value graph: no cycle, nesting and expanded size within the budgets. Iterative. */
function withinBudget(root: LuaValue): boolean {
  if (root.kind !== "table") return true;
  /** per table: height and expanded size once done; absent while it is being visited */
  const done = new Map<LuaTable, { height: number; size: number }>();
  const onPath = new Set<LuaTable>();
  const stack: { table: LuaTable; children: LuaTable[]; next: number; height: number; size: number }[] = [];
  const enter = (table: LuaTable): void => {
    onPath.add(table);
    const children = [...table.items, ...table.fields.map((field) => field.value)];
    stack.push({ table, children: children.filter((child): child is LuaTable => child.kind === "table"), next: 0, height: 1, size: 1 + children.length });
  };
  enter(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const child = frame.children[frame.next];
    if (child) {
      frame.next += 1;
      if (onPath.has(child)) return false;
      const known = done.get(child);
      if (known) {
        if (stack.length + known.height > MAX_TABLE_DEPTH) return false;
        frame.height = Math.max(frame.height, known.height + 1);
        frame.size += known.size - 1;
        if (frame.size > MAX_VALUES) return false;
      } else {
        if (stack.length >= MAX_TABLE_DEPTH) return false;
        enter(child);
      }
      continue;
    }
    stack.pop();
    onPath.delete(frame.table);
    done.set(frame.table, { height: frame.height, size: frame.size });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.height = Math.max(parent.height, frame.height + 1);
      parent.size += frame.size - 1;
      if (parent.size > MAX_VALUES) return false;
    }
  }
  return true;
}

/**
 * The schema value as a tree the rules can walk without guarding: a table that contains itself
 * becomes unknown where it repeats, tables nested past MAX_TABLE_DEPTH become unknown, and past
 * MAX_VALUES values (a small table shared many times over can describe an exponential tree) the
 * rest is unknown. Tables shared by several places are copied at each place. Iterative.
 */
function boundedTreeCopy(root: LuaValue, limits: EvaluationLimit[]): LuaValue {
  let count = 0;
  const noted = new Set<string>();
  const note = (kind: string, message: string, location: SourceLocation): void => {
    if (noted.has(kind)) return;
    noted.add(kind);
    limits.push({ message, location });
  };
  /** the copy of one value at one place; tables are filled in by the loop below */
  const copy = (value: LuaValue, path: readonly LuaTable[]): LuaValue => {
    count += 1;
    if (value.kind !== "table") return value;
    if (count > MAX_VALUES) {
      note("size", `the schema holds more than ${MAX_VALUES} values once shared tables are expanded: the rest is not checked`, value.location);
      return { kind: "unknown", reason: "beyond the evaluation budget", location: value.location };
    }
    if (path.includes(value)) {
      note("cycle", "a table of the schema contains itself: Kong's schema validation recurses into it without end", value.location);
      return { kind: "unknown", reason: "a table that contains itself", location: value.location };
    }
    if (path.length >= MAX_TABLE_DEPTH) {
      note("depth", `tables nest more than ${MAX_TABLE_DEPTH} levels deep: the deeper ones are not checked`, value.location);
      return { kind: "unknown", reason: "nested too deeply", location: value.location };
    }
    const table: LuaTable = { ...value, items: [...value.items], fields: value.fields.map((field) => ({ ...field })) };
    pending.push({ table, path: [...path, value] });
    return table;
  };
  const pending: { table: LuaTable; path: LuaTable[] }[] = [];
  const result = copy(root, []);
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { table, path } = next;
    table.items = table.items.map((item) => copy(item, path));
    for (const field of table.fields) field.value = copy(field.value, path);
  }
  return result;
}
