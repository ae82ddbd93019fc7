import type { Region } from "../konnect/types.js";
import { defaultSeed } from "./default-seed.js";
import { startEmulator, type RunningEmulator } from "./index.js";
import { uuidFrom } from "./random.js";
import type { EmulatorOptions, EmulatorSeed } from "./types.js";

/** One emulated region: its own origin (port), store, seed and faults, as real regions are separate hosts. */
export interface EmulatedRegion {
  region: Region;
  emulator: RunningEmulator;
}

export interface RegionalEmulators {
  regions: EmulatedRegion[];
  /** the emulator serving a region (throws for a region not started) */
  region(region: Region): RunningEmulator;
  /** region → origin, as the config's konnect.addresses takes it */
  addresses(): Partial<Record<Region, string>>;
  stop(): Promise<void>;
}

/**
 * The built-in organization for a region other than the first: the demo organization under ids of
 * its own (derived from the region and the name), so names repeat across regions, as they may in
 * Konnect, while ids do not.
 */
export function regionalDefaultSeed(region: Region): EmulatorSeed {
  return {
    ...defaultSeed,
    controlPlanes: (defaultSeed.controlPlanes ?? []).map((cp) => ({ ...cp, id: uuidFrom(`kplug-emulator:${region}:${cp.name}`) })),
    plugins: Object.fromEntries(Object.entries(defaultSeed.plugins ?? {}).map(([cp, items]) => [cp, items.map((p) => ({ ...p, id: uuidFrom(`kplug-emulator:${region}:${cp}:${p.id ?? p.name}`) }))])),
  };
}

/**
 * Starts one emulator per region in this process, each on its own port: a client that reaches a
 * region at the wrong base URL sees another organization, so multi-region runs are tested for real.
 * `options(region, index)` gives each region's options (seed, faults, state, port).
 */
export async function startRegions(regions: readonly Region[], options: (region: Region, index: number) => EmulatorOptions): Promise<RegionalEmulators> {
  const started: EmulatedRegion[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(started.map(({ emulator }) => emulator.stop()));
  };
  try {
    // one after another, so that a busy port names its region and nothing is left listening
    for (const [index, region] of regions.entries()) started.push({ region, emulator: await startEmulator(options(region, index)) });
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    regions: started,
    region: (region) => {
      const found = started.find((r) => r.region === region);
      if (!found) throw new Error(`no emulated region ${region}`);
      return found.emulator;
    },
    addresses: () => Object.fromEntries(started.map(({ region, emulator }) => [region, emulator.url])),
    stop: stopAll,
  };
}
