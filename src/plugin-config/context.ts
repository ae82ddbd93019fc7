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
/**
 * `unreachable`: the sandbox's schema.lua has no function at that path. Its require() gives stand-ins,
 * so a schema built from Kong's modules may hold the function elsewhere there: not Kong's verdict.
 */
export type LuaCallResult = { ok: true; results: (ConfigValue | undefined)[] } | { ok: false; error: string; unreachable?: true };

/** Where a value sits: in Kong's error table, for people, and in the file. */
export interface Place {
  readonly tree: (string | number)[];
  readonly display: string;
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

/**
 * The place of a value under `place` (its key or 1-based index). Every value checked gets one, and
 * most never appear in a finding: the tree and display text are made when first read.
 */
export function child(place: Place, key: string | number, at: Place["at"], keyAt?: Place["at"]): Place {
  return new ChildPlace(place, key, at ?? place.at, keyAt);
}

class ChildPlace implements Place {
  private madeTree: (string | number)[] | undefined;
  private madeDisplay: string | undefined;

  constructor(
    private readonly parent: Place,
    private readonly key: string | number,
    readonly at: SourceLocation | undefined,
    readonly keyAt: SourceLocation | undefined,
  ) {}

  get tree(): (string | number)[] {
    this.madeTree ??= [...this.parent.tree, this.key];
    return this.madeTree;
  }

  get display(): string {
    if (this.madeDisplay === undefined) {
      const { key } = this;
      const parent = this.parent.display;
      this.madeDisplay = `${parent}${typeof key === "number" ? `[${key}]` : /^[A-Za-z_][\w-]*$/.test(key) ? (parent ? `.${key}` : key) : `[${JSON.stringify(key)}]`}`;
    }
    return this.madeDisplay;
  }
}
