import { Command, Option } from "commander";
import { extname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { sanitizeForDisplay } from "../text/sanitize.js";
import type { FaultConfig } from "../emulator/types.js";
import { isRegion } from "../konnect/address.js";
import type { Region } from "../konnect/types.js";
import type { CommandContext, CommandFactory } from "./context.js";

interface EmulatorFlags {
  port: string;
  /** --regions: one origin per region (comma list or all) */
  regions?: string;
  state?: string;
  /** `file` (every region) or `region=file`, repeatable */
  seed?: string[];
  faults?: string[];
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
    .addOption(new Option("--regions <regions>", "serve several Konnect regions, one origin (port) each, e.g. us,eu or all (default: one region)"))
    .addOption(new Option("--seed <[region=]file>", "seed organization (JSON; default: a built-in demo organization); with --regions, region=file seeds one region (repeatable)").argParser(collect))
    .addOption(new Option("--faults <[region=]file>", "fault injection rules (JSON); with --regions, region=file for one region (repeatable)").argParser(collect))
    .addOption(new Option("--latency <ms>", "add this latency to every request"))
    .addOption(new Option("--random-seed <n>", "seed for fault decisions and generated ids").default("1"))
    .option("--verbose", "log each request to stderr (method path status ms)", false)
    .action(async (flags: EmulatorFlags) => {
      const io = ctx.io;
      if (flags.regions !== undefined) return runRegions(ctx, flags);
      const port = nonNegativeInteger("--port", flags.port, 65535);
      const latencyMs = flags.latency === undefined ? undefined : nonNegativeInteger("--latency", flags.latency);
      const randomSeed = nonNegativeInteger("--random-seed", flags.randomSeed ?? "1", 2 ** 32 - 1);
      const { startEmulator, loadFaults } = await import("../emulator/index.js");
      const seedFile = perRegion("--seed", flags.seed, undefined);
      const faultsFile = perRegion("--faults", flags.faults, undefined);
      const faults = faultsFile ? await loadFaults(resolve(io.cwd, faultsFile)) : undefined;
      const emulator = await startEmulator({
        port,
        randomSeed,
        seed: seedFile ? resolve(io.cwd, seedFile) : undefined,
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

      await untilStopped(ctx);
      await emulator.stop();
      io.stderr("kplug: emulator stopped\n");
      ctx.exitCode = 0;
    });

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The file a region uses from --seed/--faults values: `region=file` for that region, else a plain
 * `file` for every region. `region` undefined: the single-region emulator (plain files only).
 */
function perRegion(flag: string, values: string[] | undefined, region: Region | undefined): string | undefined {
  let chosen: string | undefined;
  for (const value of values ?? []) {
    const match = /^([a-z]{2})=(.+)$/.exec(value);
    if (match && isRegion(match[1] as string)) {
      if (region === undefined) throw new UsageError(`${flag} ${match[1]}=...: a file for one region needs --regions`, `pass --regions ${match[1]},... or give ${flag} a plain file`);
      if (match[1] === region) chosen = match[2];
    } else if (chosen === undefined) chosen = value;
  }
  return chosen;
}

/** Runs until SIGINT (main aborts io.signal) or SIGTERM; the caller then closes every connection. */
function untilStopped(ctx: CommandContext): Promise<void> {
  const io = ctx.io;
  return new Promise<void>((done) => {
    const stop = (): void => {
      io.signal.removeEventListener("abort", stop);
      process.off("SIGTERM", stop);
      done();
    };
    if (io.signal.aborted) return stop();
    io.signal.addEventListener("abort", stop, { once: true });
    process.once("SIGTERM", stop);
  });
}

/** `state.json` → `state.eu.json`: each region keeps its own state file. */
function regionalPath(path: string, region: Region): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}.${region}${ext}`;
}

/**
 * `kplug emulator --regions us,eu`: one origin per region (consecutive ports from --port, or any free
 * ports with 0), each with its own organization. stdout is one JSON line, region → origin: the value
 * of the config's konnect.addresses.
 */
async function runRegions(ctx: CommandContext, flags: EmulatorFlags): Promise<void> {
  const io = ctx.io;
  const { parseRegions } = await import("../konnect/regions.js");
  const regions = parseRegions(flags.regions ?? "", "--regions");
  const port = nonNegativeInteger("--port", flags.port, 65535);
  if (port !== 0 && port + regions.length - 1 > 65535) throw new UsageError(`--port ${port}: ${regions.length} regions need ${regions.length} ports from it`, "pick a lower --port, or 0 for any free ports");
  const latencyMs = flags.latency === undefined ? undefined : nonNegativeInteger("--latency", flags.latency);
  const randomSeed = nonNegativeInteger("--random-seed", flags.randomSeed ?? "1", 2 ** 32 - 1);
  const { loadFaults } = await import("../emulator/index.js");
  const { regionalDefaultSeed, startRegions } = await import("../emulator/regions.js");
  const faults = new Map<Region, FaultConfig | undefined>();
  for (const region of regions) {
    const file = perRegion("--faults", flags.faults, region);
    const loaded = file ? await loadFaults(resolve(io.cwd, file)) : undefined;
    faults.set(region, latencyMs === undefined ? loaded : { ...(loaded ?? {}), latencyMs: (loaded?.latencyMs ?? 0) + latencyMs });
  }
  const emulators = await startRegions(regions, (region, index) => {
    const seed = perRegion("--seed", flags.seed, region);
    const regionFaults = faults.get(region);
    return {
      port: port === 0 ? 0 : port + index,
      // each region its own id sequence, so ids never repeat across regions
      randomSeed: (randomSeed + index) % 2 ** 32,
      seed: seed ? resolve(io.cwd, seed) : index === 0 ? undefined : regionalDefaultSeed(region),
      statePath: flags.state ? regionalPath(resolve(io.cwd, flags.state), region) : undefined,
      requestLogLimit: 10_000,
      ...(regionFaults ? { faults: regionFaults } : {}),
      log: flags.verbose
        ? (entry) => io.stderr(`${region} ${entry.method} ${sanitizeForDisplay(entry.path)} ${entry.status === 0 ? "reset" : entry.status} ${entry.ms}ms${entry.fault ? ` [fault: ${entry.fault}]` : ""}\n`)
        : undefined,
    };
  });
  const addresses = emulators.addresses();
  io.stdout(`${JSON.stringify(addresses)}\n`);
  const lines = emulators.regions.map(({ region, emulator }) => {
    const count = emulator.store.listControlPlanes().length;
    return `  ${region}  ${emulator.url} (${count} control plane${count === 1 ? "" : "s"}, state ${flags.state ? `in ${regionalPath(flags.state, region)}` : "in memory"})\n`;
  });
  io.stderr(
    `kplug: Konnect emulator serving ${regions.length} regions:\n${lines.join("")}` +
      `  point kplug at it with a config file (e.g. kplug.config.json):\n` +
      `    ${JSON.stringify({ konnect: { regions, addresses } })}\n` +
      `  and KONNECT_TOKEN=${exampleToken} (one token for every region) · Ctrl-C to stop\n`,
  );
  await untilStopped(ctx);
  await emulators.stop();
  io.stderr("kplug: emulator stopped\n");
  ctx.exitCode = 0;
}
