import type { SourceLocation } from "../lua/parse.js";
import type { SchemaPath } from "./schema-model.js";
import type { ConfigValue } from "./value.js";

/** What one check of a plugin instance found. */
export interface ConfigProblem {
  kind: "error" | "deprecation" | "not-checkable";
  /** Kong's message for the field ("expected an integer"); for not-checkable, the reason */
  message: string;
  /** where Kong's error table puts it: ["config", "limit"], ["config", "@entity"] */
  tree: (string | number)[];
  /** for people: config.overrides[2].limit, config.ranges["office"] */
  display: string;
  /** the offending value in the decK file, when it is written there */
  at?: SourceLocation | undefined;
  /** the fix, in one line */
  hint?: string;
}

/**
 * Who checks the plugin entity: Konnect's control plane (kplug's target: Enterprise entity fields
 * such as consumer_group, no kong global or shared dicts for schema functions), or a Kong OSS node
 * (how the differential harness's oracle loads Kong's bundled plugins).
 */
export type CheckEnvironment = "konnect" | "kong-node";

/** Calls a function of schema.lua (custom_validator, shorthand func, custom_entity_check fn) in a sandbox. */
export interface LuaFunctionRunner {
  call(path: SchemaPath, args: ConfigValue[]): LuaCallResult;
}
export type LuaCallResult = { ok: true; results: (ConfigValue | undefined)[] } | { ok: false; error: string };

/** Where a value sits: in Kong's error table, for people, and in the file. */
export interface Place {
  tree: (string | number)[];
  display: string;
  at?: SourceLocation | undefined;
  /** where the value's key is written (`config:`): a field missing from a record is reported there */
  keyAt?: SourceLocation | undefined;
}

export class CheckContext {
  readonly problems: ConfigProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly runner: LuaFunctionRunner | undefined) {}

  error(place: Place, message: string, hint?: string): void {
    this.problems.push({ kind: "error", message, tree: place.tree, display: place.display, at: place.at, ...(hint ? { hint } : {}) });
  }

  /** Errors that Kong files under the record's "@entity" list. */
  entityError(record: Place, message: string, at: Place["at"], hint?: string): void {
    this.problems.push({ kind: "error", message, tree: [...record.tree, "@entity"], display: record.display || "(entity)", at, ...(hint ? { hint } : {}) });
  }

  deprecation(place: Place, message: string): void {
    this.problems.push({ kind: "deprecation", message, tree: place.tree, display: place.display, at: place.at });
  }

  /** Said once per place and reason: kplug cannot decide this value offline. */
  notCheckable(place: Place, reason: string): void {
    const key = `${place.display}\u0000${reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ kind: "not-checkable", message: reason, tree: place.tree, display: place.display, at: place.at });
  }

  errorCount(): number {
    return this.problems.filter((p) => p.kind === "error").length;
  }
}

export function child(place: Place, key: string | number, at: Place["at"], display?: string): Place {
  const shown = display ?? (typeof key === "number" ? `[${key}]` : /^[A-Za-z_][\w-]*$/.test(key) ? (place.display ? `.${key}` : key) : `[${JSON.stringify(key)}]`);
  return { tree: [...place.tree, key], display: `${place.display}${shown}`, at: at ?? place.at };
}
