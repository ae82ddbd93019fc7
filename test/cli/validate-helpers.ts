import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { repoRoot, type RunResult } from "../helpers/run.js";

/** `kplug validate --format json`, as documented in src/render/validate-json.ts. */
export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  plugins: {
    name: string;
    dir: string;
    target: string;
    errors: number;
    warnings: number;
    findings: {
      ruleId: string;
      severity: string;
      message: string;
      hint: string | null;
      file: string;
      line: number | null;
      column: number | null;
      endLine: number | null;
      endColumn: number | null;
      docs: string;
    }[];
  }[];
  summary: { plugins: number; errors: number; warnings: number; failed: boolean; maxWarningsExceeded: { limit: number; found: number } | null };
  /** set by --deck; null otherwise */
  configs?: unknown;
}

export type Finding = JsonReport["plugins"][number]["findings"][number];

export function parseJson(result: RunResult): JsonReport {
  return JSON.parse(result.stdout) as JsonReport;
}

export function findingsOf(report: JsonReport): Finding[] {
  return report.plugins.flatMap((p) => p.findings);
}

/**
 * 1-based line and column (UTF-16 units) of the `nth` occurrence of `needle` in a file below the
 * repository root: expected locations come from the fixture's text, not from kplug.
 */
export function locate(relFile: string, needle: string, nth = 1): { line: number; column: number } {
  const text = readFileSync(join(repoRoot, relFile), "utf8");
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${needle} (occurrence ${nth}) not found in ${relFile}`);
  }
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
}

/** Exit 2, nothing on stdout, exactly one `kplug: …` line on stderr containing every fragment, no stack. */
export function expectInputError(result: RunResult, ...fragments: string[]): void {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  const lines = result.stderr.split("\n").filter((l) => l !== "");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^kplug: /);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** A commander usage error: exit 2, nothing on stdout, the message on stderr, no stack. */
export function expectUsageError(result: RunResult, fragment: string): void {
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(fragment);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** Temp directories under os.tmpdir(), removed by cleanup(). */
export function tempDirs(): { make: () => Promise<string>; cleanup: () => Promise<void> } {
  const made: string[] = [];
  return {
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), "kplug-validate-e2e-"));
      made.push(dir);
      return dir;
    },
    cleanup: async () => {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;
