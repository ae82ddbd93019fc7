import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator, SeedControlPlane } from "../../../src/emulator/index.js";
import { startRegions, type RegionalEmulators } from "../../../src/emulator/regions.js";
import type { Region } from "../../../src/konnect/types.js";
import { repoRoot, runKplug } from "../../helpers/run.js";
import type { RunOptions, RunResult } from "../../helpers/run.js";
import { PLUGIN, schemaHolders, TOKEN } from "./fleet-env.js";

export interface RegionsEnv {
  emulators: RegionalEmulators;
  region(region: Region): RunningEmulator;
  dir: string;
  pluginDir: string;
  /** kplug in `dir`: its kplug.config.json gives konnect.addresses; KONNECT_ADDR is unset */
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  editSchema(edit: (text: string) => string): Promise<void>;
  /** rewrites kplug.config.json's konnect section (addresses are always kept) */
  writeConfig(konnect: Record<string, unknown>): Promise<void>;
  /** names of the control planes of a region holding the plugin as a /plugin-schemas schema */
  holders(region: Region): string[];
  cleanup(): Promise<void>;
}

/** `fleet-001` … : names wide enough to fold as one run */
export function numbered(count: number, labels: Record<string, string> = { fleet: "e2e" }): SeedControlPlane[] {
  return Array.from({ length: count }, (_, i) => ({ name: `fleet-${String(i + 1).padStart(3, "0")}`, labels }));
}

/**
 * One emulator per region, each on its own origin with its own control planes, and a temp project
 * whose kplug.config.json points konnect.addresses at them: kplug runs as a user would, over HTTP.
 * The emulator derives ids from names, so control planes with the same name in two regions also
 * share an id: kplug must tell them apart by region.
 */
export async function regionsEnv(seeds: Partial<Record<Region, SeedControlPlane[]>>): Promise<RegionsEnv> {
  const regions = Object.keys(seeds) as Region[];
  const emulators = await startRegions(regions, (region) => ({ port: 0, seed: { controlPlanes: seeds[region] ?? [] } }));
  const dir = await mkdtemp(join(tmpdir(), "kplug-regions-"));
  await cp(join(repoRoot, "fixtures/fleet"), dir, { recursive: true });
  const pluginDir = join(dir, "kong/plugins", PLUGIN);
  const writeConfig = (konnect: Record<string, unknown>): Promise<void> =>
    writeFile(join(dir, "kplug.config.json"), JSON.stringify({ konnect: { ...konnect, addresses: emulators.addresses() } }));
  await writeConfig({});
  return {
    emulators,
    region: (region) => emulators.region(region),
    dir,
    pluginDir,
    run: (args, options = {}) => runKplug(args, { cwd: dir, ...options, env: { KONNECT_ADDR: undefined, DECK_KONNECT_ADDR: undefined, KONNECT_TOKEN: TOKEN, ...(options.env ?? {}) } }),
    editSchema: async (edit) => {
      const path = join(pluginDir, "schema.lua");
      await writeFile(path, edit(await readFile(path, "utf8")));
    },
    writeConfig,
    holders: (region) => schemaHolders(emulators.region(region)),
    cleanup: async () => {
      await emulators.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
