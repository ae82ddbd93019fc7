import { Command, Option } from "commander";
import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { sanitizeForDisplay } from "../text/sanitize.js";
import type { CommandFactory } from "./context.js";

interface EmulatorFlags {
  port: string;
  state?: string;
  seed?: string;
  faults?: string;
  latency?: string;
  randomSeed?: string;
  verbose: boolean;
}

function nonNegativeInteger(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > max) throw new UsageError(`${flag} must be a whole number between 0 and ${max}, got "${value}"`);
  return parsed;
}

/** An example token in the shape the emulator accepts (not a secret: any kpat_… works). */
const exampleToken = "kpat_emulator0000000000000000000000000000000000000000";

export const emulatorCommand: CommandFactory = (ctx) =>
  new Command("emulator")
    .description("run a local Konnect API emulator on 127.0.0.1 (for tests, demos and offline CI)")
    .addOption(new Option("--port <n>", "port to listen on (0: any free port)").default("8787"))
    .addOption(new Option("--state <file>", "keep state in this file across restarts (written atomically)"))
    .addOption(new Option("--seed <file>", "seed organization (JSON; default: a built-in demo organization)"))
    .addOption(new Option("--faults <file>", "fault injection rules (JSON)"))
    .addOption(new Option("--latency <ms>", "add this latency to every request"))
    .addOption(new Option("--random-seed <n>", "seed for fault decisions and generated ids").default("1"))
    .option("--verbose", "log each request to stderr (method path status ms)", false)
    .action(async (flags: EmulatorFlags) => {
      const io = ctx.io;
      const port = nonNegativeInteger("--port", flags.port, 65535);
      const latencyMs = flags.latency === undefined ? undefined : nonNegativeInteger("--latency", flags.latency);
      const randomSeed = nonNegativeInteger("--random-seed", flags.randomSeed ?? "1", 2 ** 32 - 1);
      const { startEmulator, loadFaults } = await import("../emulator/index.js");
      const faults = flags.faults ? await loadFaults(resolve(io.cwd, flags.faults)) : undefined;
      const emulator = await startEmulator({
        port,
        randomSeed,
        seed: flags.seed ? resolve(io.cwd, flags.seed) : undefined,
        statePath: flags.state ? resolve(io.cwd, flags.state) : undefined,
        // a long-running emulator keeps a bounded log
        requestLogLimit: 10_000,
        faults: latencyMs === undefined ? faults : { ...(faults ?? {}), latencyMs: (faults?.latencyMs ?? 0) + latencyMs },
        log: flags.verbose
          ? (entry) =>
              io.stderr(`${entry.method} ${sanitizeForDisplay(entry.path)} ${entry.status === 0 ? "reset" : entry.status} ${entry.ms}ms${entry.fault ? ` [fault: ${entry.fault}]` : ""}\n`)
          : undefined,
      });

      io.stdout(`${emulator.url}\n`);
      const count = emulator.store.listControlPlanes().length;
      io.stderr(
        `kplug: Konnect emulator listening on ${emulator.url} (${count} control plane${count === 1 ? "" : "s"}, state ${flags.state ? `in ${flags.state}` : "in memory"})\n` +
          `  point kplug at it:  export KONNECT_ADDR=${emulator.url} KONNECT_TOKEN=${exampleToken}\n` +
          `  (any kpat_/spat_ token works unless the seed lists tokens) · Ctrl-C to stop\n`,
      );
      if (latencyMs !== undefined) io.stderr(`  adding ${latencyMs} ms of latency to every request\n`);

      // Runs until SIGINT (main aborts io.signal) or SIGTERM, then closes every connection.
      await new Promise<void>((done) => {
        const stop = (): void => {
          io.signal.removeEventListener("abort", stop);
          process.off("SIGTERM", stop);
          done();
        };
        if (io.signal.aborted) return stop();
        io.signal.addEventListener("abort", stop, { once: true });
        process.once("SIGTERM", stop);
      });
      await emulator.stop();
      io.stderr("kplug: emulator stopped\n");
      ctx.exitCode = 0;
    });
