import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../../src/emulator/index.js";
import type { FaultConfig, RunningEmulator, SeedControlPlane } from "../../../src/emulator/index.js";
import { repoRoot, runKplug } from "../../helpers/run.js";
import type { RunOptions, RunResult } from "../../helpers/run.js";

export const TOKEN = "kpat_fleettest0123456789";
export const PLUGIN = "header-stamp";

export interface FleetEnv {
  emulator: RunningEmulator;
  /** temp directory holding kong/plugins/header-stamp (a copy of fixtures/fleet) */
  dir: string;
  pluginDir: string;
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  /** rewrites the local schema.lua */
  editSchema(edit: (text: string) => string): Promise<void>;
  /** names of the control planes holding the plugin as a /plugin-schemas schema */
  holders(): string[];
  cleanup(): Promise<void>;
}

/**
 * An emulator with `hybrid` labelled hybrid control planes (fleet-01..), optional extra control
 * planes, and a private copy of the fleet fixture plugin. kplug runs as a user would: the built bin,
 * KONNECT_ADDR + KONNECT_TOKEN in the environment.
 */
export async function fleetEnv(options: { hybrid: number; extra?: SeedControlPlane[]; faults?: FaultConfig }): Promise<FleetEnv> {
  const controlPlanes: SeedControlPlane[] = Array.from({ length: options.hybrid }, (_, i) => ({
    // wide enough for the count, so that names sort and fold as one series (fleet-001 … fleet-120)
    name: `fleet-${String(i + 1).padStart(Math.max(2, String(options.hybrid).length), "0")}`,
    labels: { fleet: "e2e" },
  }));
  const emulator = await startEmulator({ seed: { controlPlanes: [...controlPlanes, ...(options.extra ?? [])] }, ...(options.faults ? { faults: options.faults } : {}) });
  const dir = await mkdtemp(join(tmpdir(), "kplug-fleet-"));
  await cp(join(repoRoot, "fixtures/fleet"), dir, { recursive: true });
  const pluginDir = join(dir, "kong/plugins", PLUGIN);
  return {
    emulator,
    dir,
    pluginDir,
    run: (args, runOptions = {}) =>
      runKplug(args, { cwd: dir, ...runOptions, env: { KONNECT_ADDR: emulator.url, KONNECT_TOKEN: TOKEN, ...(runOptions.env ?? {}) } }),
    editSchema: async (edit) => {
      const path = join(pluginDir, "schema.lua");
      await writeFile(path, edit(await readFile(path, "utf8")));
    },
    holders: () => schemaHolders(emulator),
    cleanup: async () => {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** names of an emulator's control planes holding the fixture plugin as a /plugin-schemas schema */
export function schemaHolders(emulator: RunningEmulator): string[] {
  const snapshot = emulator.snapshot();
  return snapshot.controlPlanes
    .filter((c) => (snapshot.pluginSchemas[c.id] ?? []).some((s) => s.name === PLUGIN))
    .map((c) => c.name)
    .sort();
}

export function writes(emulator: RunningEmulator): string[] {
  return emulator.requestLog.filter((e) => e.method !== "GET").map((e) => `${e.method} ${e.path}`);
}

/** requests the emulator received, counted by method and path with control plane ids as {cp} and no query */
export function requestCounts(emulator: RunningEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of emulator.requestLog) {
    const key = `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/, "{cp}").replace(/\?.*$/, "")}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
