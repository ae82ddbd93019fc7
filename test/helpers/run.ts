import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const kplugBin = fileURLToPath(new URL("../../bin/kplug.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** written to the child's stdin, which is then closed (default: no stdin) */
  input?: string | Buffer;
  /** called with the child right after spawn (e.g. to send SIGINT later) */
  onSpawn?: (child: ChildProcess) => void;
}

/** Spawns the built bin/kplug.js as a user would: CI set, no colors, stdin empty unless `input` is given. */
export function runKplug(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: undefined };
    for (const [k, v] of Object.entries(options.env ?? {})) env[k] = v;
    const child = spawn(process.execPath, [kplugBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    // stdin reaches end-of-file at once unless there is input
    child.stdin.on("error", () => undefined).end(options.input ?? "");
    child.on("close", (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}
