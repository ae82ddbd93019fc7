import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run.js";

interface FuzzSummary {
  inputs: number;
  validated: number;
  refused: number;
  internal: number;
  timeout: number;
  crash: number;
  problems: { index: number; mutation: string; problem: string }[];
}

/** `node scripts/fuzz.mjs … --json` over the built CLI (npm test builds first). */
function fuzz(args: string[]): Promise<{ code: number | null; summary: FuzzSummary; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/fuzz.mjs", ...args, "--json"], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, summary: JSON.parse(stdout) as FuzzSummary, stderr }));
  });
}

describe("scripts/fuzz.mjs, a short run (the full one is `npm run fuzz`)", () => {
  it(
    "200 mutated plugins: each validated or refused with a message, none an internal error, a crash or a hang",
    async () => {
      // the per-input budget is a hang detector, far above any input's time
      const { code, summary } = await fuzz(["--count", "200", "--seed", "7", "--workers", "1", "--budget-ms", "120000"]);
      expect(summary.problems).toEqual([]);
      expect(summary).toMatchObject({ inputs: 200, internal: 0, timeout: 0, crash: 0 });
      expect(summary.validated + summary.refused).toBe(200);
      expect(code).toBe(0);
    },
    30 * 60_000,
  );
});
