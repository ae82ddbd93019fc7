import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { kplugBin } from "../helpers/run.js";
import type { FleetEnv } from "../fleet/helpers/fleet-env.js";
import { fleetEnv, TOKEN } from "../fleet/helpers/fleet-env.js";

let env: FleetEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

/** Output capped so that a redraw loop fails the test instead of filling memory. */
const MAX_OUTPUT = 4 * 1024 * 1024;

interface TerminalRun {
  exitCode: number | null;
  output: string;
  truncated: boolean;
}

/**
 * Runs kplug in a real pseudo-terminal of the given size, as `script` (util-linux) gives one: stderr is
 * a TTY there, unlike in every other spawned test. CI is unset so that the spinner may draw.
 */
function inTerminal(columns: number, args: string[], cwd: string, addr: string): Promise<TerminalRun> {
  const quoted = [process.execPath, kplugBin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-q", "-e", "-c", `stty cols ${columns} rows ${columns === 0 ? 0 : 24}; exec ${quoted}`, "/dev/null"], {
      cwd,
      env: { ...process.env, CI: "", TERM: "xterm", NO_COLOR: "1", FORCE_COLOR: undefined, KONNECT_ADDR: addr, KONNECT_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let truncated = false;
    const take = (d: Buffer): void => {
      if (output.length + d.length > MAX_OUTPUT) {
        truncated = true;
        child.kill("SIGKILL");
        return;
      }
      output += d.toString("utf8");
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (exitCode) => resolve({ exitCode, output, truncated }));
  });
}

describe("push in a pseudo-terminal (spawned under script(1))", () => {
  it("a terminal of 0 columns (stty size '0 0'): plain lines, push finishes, no redraw loop", { timeout: 180_000 }, async () => {
    env = await fleetEnv({ hybrid: 6, faults: { rules: [{ fault: "latency", ms: 30 }] } });
    const run = await inTerminal(0, ["push", "--label", "fleet=e2e", "kong/plugins/header-stamp", "--verbose"], env.dir, env.emulator.url);
    expect(run.truncated, "more than 4 MiB of output: the progress redraws forever").toBe(false);
    expect(run.exitCode, run.output.slice(-2000)).toBe(0);
    expect(env.holders()).toHaveLength(6);
    // ora's redraw (cursor up, erase line) never runs on a terminal it cannot draw on
    expect(run.output).not.toContain("\u001b[1A");
    expect(run.output.match(/✓ fleet-\d\d: header-stamp create/g)).toHaveLength(6);
  });

  it("the same push on an 80-column terminal draws the spinner: the pseudo-terminal is real", { timeout: 180_000 }, async () => {
    env = await fleetEnv({ hybrid: 6, faults: { rules: [{ fault: "latency", ms: 30 }] } });
    const run = await inTerminal(80, ["push", "--label", "fleet=e2e", "kong/plugins/header-stamp", "--verbose"], env.dir, env.emulator.url);
    expect(run.truncated).toBe(false);
    expect(run.exitCode, run.output.slice(-2000)).toBe(0);
    expect(env.holders()).toHaveLength(6);
    // ora hides the cursor while it spins
    expect(run.output).toContain("\u001b[?25l");
  });
});
