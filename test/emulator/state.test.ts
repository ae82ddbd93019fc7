import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/errors.js";
import { startEmulator } from "../../src/emulator/index.js";
import { writeFileAtomic } from "../../src/emulator/persist.js";
import { entityPath, schemaLua, checkExchangesAgainstSpecAfterAll, startTestEmulator } from "./harness.js";

checkExchangesAgainstSpecAfterAll();

const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";
let dir: string;
let statePath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-emulator-state-"));
  statePath = join(dir, "state.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readState(): Promise<{ controlPlanes: Array<{ name: string }>; pluginSchemas: Record<string, Array<{ name: string }>> }> {
  return JSON.parse(await readFile(statePath, "utf8")) as never;
}

describe("--state persistence", () => {
  it("writes the seeded state at start, each change before answering, and loads it on restart", async () => {
    const first = await startTestEmulator({ statePath });
    expect((await readState()).controlPlanes).toHaveLength(8);
    expect((await first.call("POST", entityPath(prodUs, "plugin-schemas"), { body: { lua_schema: schemaLua("kept") } })).status).toBe(201);
    // on disk before the response arrived: no flush needed
    expect((await readState()).pluginSchemas[prodUs]?.map((s) => s.name)).toEqual(["kept"]);
    await first.emulator.addControlPlane({ name: "added-later", labels: { env: "qa" } });
    const before = first.emulator.snapshot();
    await first.emulator.stop();

    // a different seed is ignored once a state file exists
    const second = await startTestEmulator({ statePath, seed: { generate: { hybrid: 2 } } });
    try {
      expect(second.emulator.snapshot()).toEqual(before);
      expect((await second.call("GET", entityPath(prodUs, "plugin-schemas", "/kept"))).status).toBe(200);
      expect(second.emulator.controlPlane("added-later")?.labels).toEqual({ env: "qa" });
    } finally {
      await second.emulator.stop();
    }
  });

  it("keeps the file whole under concurrent changes and leaves no temp files", async () => {
    const t = await startTestEmulator({ statePath });
    let reading = true;
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        const text = await readFile(statePath, "utf8");
        JSON.parse(text); // throws on a torn file
        reads += 1;
      }
    })();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.call("POST", entityPath(prodUs, "plugin-schemas"), { body: { lua_schema: schemaLua(`s${i}`) } })),
    );
    reading = false;
    await reader;
    await t.emulator.stop();
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(reads).toBeGreaterThan(0);
    expect((await readState()).pluginSchemas[prodUs]).toHaveLength(40);
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("ignores a temp file left by a crash and refuses a corrupt state file with a clear error", async () => {
    await writeFile(join(dir, ".state.json.999.1.tmp"), "{ torn");
    const t = await startEmulator({ port: 0, statePath });
    await t.stop();
    expect((await readState()).controlPlanes).toHaveLength(8);

    await writeFile(statePath, "{ not json");
    const error = await startEmulator({ port: 0, statePath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(statePath);
    await writeFile(statePath, JSON.stringify({ version: 2 }));
    await expect(startEmulator({ port: 0, statePath })).rejects.toThrow(/not an emulator state file/);
  });

  it("refuses a state file in a directory that does not exist", async () => {
    const missing = join(dir, "no", "such", "state.json");
    await expect(startEmulator({ port: 0, statePath: missing })).rejects.toThrow(/cannot write the state file \(ENOENT\)/);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file in one step", async () => {
    const target = join(dir, "file.json");
    await writeFileAtomic(target, "one");
    await writeFileAtomic(target, "two");
    expect(await readFile(target, "utf8")).toBe("two");
    expect(await readdir(dir)).toEqual(["file.json"]);
  });

  it("removes its temp file and leaves the target alone when the rename fails", async () => {
    const target = join(dir, "occupied");
    await mkdir(target);
    await writeFile(join(target, "keep"), "x");
    await expect(writeFileAtomic(target, "new")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["occupied"]);
    expect(await readdir(target)).toEqual(["keep"]);
  });
});

describe("seeds", () => {
  it("rejects a seed that names an unknown control plane, or has unknown fields, with the file named", async () => {
    const seedPath = join(dir, "seed.json");
    await writeFile(seedPath, JSON.stringify({ controlPlanes: [{ name: "a" }], plugins: { b: [{ name: "x" }] } }));
    await expect(startEmulator({ port: 0, seed: seedPath })).rejects.toThrow(/no control plane "b"/);
    await writeFile(seedPath, JSON.stringify({ controlPlane: [] }));
    await expect(startEmulator({ port: 0, seed: seedPath })).rejects.toThrow(new RegExp(`${seedPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: invalid emulator seed`));
    await expect(startEmulator({ port: 0, seed: join(dir, "missing.json") })).rejects.toThrow(/seed file not found/);
    // labels must be ones Konnect accepts
    await expect(startEmulator({ port: 0, seed: { controlPlanes: [{ name: "a", labels: { env: "has space" } }] } })).rejects.toThrow(/controlPlanes\.0\.labels\.env/);
    await expect(startEmulator({ port: 0, seed: { controlPlanes: [{ name: "a", labels: { kong_x: "v" } }] } })).rejects.toThrow(/reserved|cannot start/);
  });

  it("generates many control planes with deterministic ids and names", async () => {
    const a = await startEmulator({ port: 0, seed: { generate: { hybrid: 120, serverless: 1, namePrefix: "bench", labels: { tier: "x" } } } });
    const b = await startEmulator({ port: 0, seed: { generate: { hybrid: 120, serverless: 1, namePrefix: "bench", labels: { tier: "x" } } } });
    try {
      const cps = a.store.listControlPlanes();
      expect(cps).toHaveLength(121);
      expect(cps[0]?.name).toBe("bench-hybrid-001");
      expect(cps.at(-1)).toMatchObject({ name: "bench-serverless-1", cluster_type: "CLUSTER_TYPE_SERVERLESS_V1", labels: { tier: "x" } });
      expect(b.store.listControlPlanes().map((cp) => cp.id)).toEqual(cps.map((cp) => cp.id));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
