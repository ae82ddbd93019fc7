import type { z } from "zod";
import { knownKeys } from "./schema.js";
import { didYouMean } from "./suggest.js";

/** One problem of a config file: where (a key path) and what; the value itself is never quoted. */
export interface ConfigProblem {
  path: PropertyKey[];
  problem: string;
  hint?: string;
}

/** `konnect.concurrency`, `plugins[1].path`, `rules["konnect/no-require"]` */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

const pattern = (path: readonly PropertyKey[]): string =>
  path.map((k) => (typeof k === "number" ? "[]" : String(k))).join(".").replace(/\.\[\]/g, "[]");

function fromIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[] = []): ConfigProblem {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0] ?? "";
      const known = knownKeys[pattern(path)] ?? [];
      const more = issue.keys.length > 1 ? ` (also unknown: ${issue.keys.slice(1).join(", ")})` : "";
      return { path: [...path, key], problem: `unknown key${more}`, hint: didYouMean(key, known) ?? (known.length ? `known keys: ${known.join(", ")}` : undefined) };
    }
    case "invalid_union": {
      // A plugin entry is a string or an object; when the object branch got as far as a field,
      // its complaint is the useful one.
      for (const branch of issue.errors) {
        const deeper = branch.find((i) => i.path.length > 0 || i.code === "unrecognized_keys");
        if (deeper) return fromIssue(deeper, path);
      }
      return { path, problem: issue.message };
    }
    case "invalid_value": {
      const input = (issue as { input?: unknown }).input;
      const hint = typeof input === "string" ? didYouMean(input, issue.values.map(String)) : undefined;
      return { path, problem: issue.message, ...(hint ? { hint } : {}) };
    }
    default:
      return { path, problem: issue.message };
  }
}

/** Zod's issues → config problems, in the order zod found them. */
export function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => fromIssue(issue));
}
