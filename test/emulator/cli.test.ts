import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runKplug, type RunResult } from "../helpers/run.js";

/** Spawns `kplug emulator`, runs `use(url)` once the URL line is out, then sends `signal`. */
async function withEmulator(args: string[], use: (url: string) => Promise<void>, signal: NodeJS.Signals = "SIGINT"): Promise<RunResult> {
  let child: ChildProcess | undefined;
  let failure: unknown;
  const result = runKplug(["emulator", "--port", "0", ...args], {
    onSpawn: (spawned) => {
      child = spawned;
      let out = "";
      spawned.stdout?.on("data", (chunk: Buffer) => {
        const before = out;
        out += chunk.toString("utf8");
        if (before.includes("\n") || !out.includes("\n")) return;
        use(out.trim())
          .catch((error: unknown) => {
            failure = error;
          })
          .finally(() => spawned.kill(signal));
      });
    },
  });
  const finished = await result;
  expect(child).toBeDefined();
  if (failure) throw failure;
  return finished;
}

const auth = { authorization: "Bearer kpat_cli0000000000000000000000000000000000000000" };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-emulator-cli-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kplug emulator", () => {
  it("prints its URL as the only stdout line, serves the API, and exits 0 on SIGINT", async () => {
    let listed = 0;
    const result = await withEmulator([], async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v2/control-planes`, { headers: auth });
      expect(response.status).toBe(200);
      listed = ((await response.json()) as { meta: { page: { total: number } } }).meta.page.total;
    });
    expect(result.exitCode).toBe(0);
    expect(listed).toBe(8);
    expect(result.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toContain(`KONNECT_ADDR=${result.stdout.trim()}`);
    expect(result.stderr).toMatch(/KONNECT_TOKEN=kpat_/);
    expect(result.stderr).toContain("emulator stopped");
  });

  it("logs each request with --verbose and stops cleanly on SIGTERM", async () => {
    const result = await withEmulator(
      ["--verbose", "--latency", "1"],
      async (url) => {
        await fetch(`${url}/v2/control-planes?page[size]=1`, { headers: auth });
        await fetch(`${url}/v2/control-planes`);
      },
      "SIGTERM",
    );
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("adding 1 ms of latency to every request");
    expect(result.stderr).toMatch(/\nGET \/v2\/control-planes\?page\[size\]=1 200 [\d.]+ms\n/);
    expect(result.stderr).toMatch(/GET \/v2\/control-planes 401 /);
    expect(result.stderr).not.toContain("kpat_cli");
  });

  it("keeps state across runs with --state, and uses --seed and --faults files", async () => {
    const statePath = join(dir, "state.json");
    const seedPath = join(dir, "seed.json");
    const faultsPath = join(dir, "faults.json");
    await writeFile(seedPath, JSON.stringify({ controlPlanes: [{ name: "only-one", labels: { env: "ci" } }] }));
    await writeFile(faultsPath, JSON.stringify({ rules: [{ fault: "status", status: 503, times: 1 }] }));
    let cpId = "";
    const first = await withEmulator(["--state", statePath, "--seed", seedPath, "--faults", faultsPath], async (url) => {
      expect((await fetch(`${url}/v2/control-planes`, { headers: auth })).status).toBe(503);
      const list = (await (await fetch(`${url}/v2/control-planes`, { headers: auth })).json()) as { data: Array<{ id: string; name: string }> };
      expect(list.data.map((cp) => cp.name)).toEqual(["only-one"]);
      cpId = list.data[0]!.id;
      const created = await fetch(`${url}/v2/control-planes/${cpId}/core-entities/plugin-schemas`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ lua_schema: 'return { name = "persisted", fields = {} }' }),
      });
      expect(created.status).toBe(201);
    });
    expect(first.exitCode).toBe(0);
    const second = await withEmulator(["--state", statePath], async (url) => {
      const response = await fetch(`${url}/v2/control-planes/${cpId}/core-entities/plugin-schemas/persisted`, { headers: auth });
      expect(response.status).toBe(200);
    });
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toContain("1 control plane,");
  });

  it("--regions: one origin per region, each with its own organization; stdout is the konnect.addresses JSON line", async () => {
    const euSeed = join(dir, "eu.json");
    await writeFile(euSeed, JSON.stringify({ controlPlanes: [{ name: "prod-eu-1" }, { name: "staging" }] }));
    const names: Record<string, string[]> = {};
    const ids: Record<string, string[]> = {};
    const result = await withEmulator(["--regions", "us,eu,au", "--seed", `eu=${euSeed}`, "--state", join(dir, "state.json")], async (line) => {
      const addresses = JSON.parse(line) as Record<string, string>;
      expect(Object.keys(addresses)).toEqual(["us", "eu", "au"]);
      expect(new Set(Object.values(addresses)).size).toBe(3);
      for (const [region, url] of Object.entries(addresses)) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const list = (await (await fetch(`${url}/v2/control-planes?page[size]=100`, { headers: auth })).json()) as { data: Array<{ id: string; name: string }> };
        names[region] = list.data.map((cp) => cp.name).sort();
        ids[region] = list.data.map((cp) => cp.id);
      }
    });
    expect(result.exitCode).toBe(0);
    expect(names.eu).toEqual(["prod-eu-1", "staging"]);
    expect(names.us).toHaveLength(8);
    // the built-in organization again in au, under ids of its own
    expect(names.au).toEqual(names.us);
    expect(ids.au?.some((id) => ids.us?.includes(id))).toBe(false);
    expect(result.stderr).toContain('"regions":["us","eu","au"]');
    expect(result.stderr).toContain(`state in ${join(dir, "state.eu.json")}`);
    await expect(readFile(join(dir, "state.eu.json"), "utf8")).resolves.toContain("prod-eu-1");
  });

  it("rejects an unknown region and a region=file without --regions (exit 2)", async () => {
    const unknown = await runKplug(["emulator", "--port", "0", "--regions", "us,mars"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/^kplug: --regions: unknown region "mars"/);
    const single = await runKplug(["emulator", "--port", "0", "--seed", "eu=seed.json"]);
    expect(single.exitCode).toBe(2);
    expect(single.stderr).toMatch(/^kplug: --seed eu=\.\.\.: a file for one region needs --regions/);
  });

  it("rejects bad flags and bad files with one line and exit code 2", async () => {
    const badFaults = join(dir, "faults.json");
    await writeFile(badFaults, JSON.stringify({ rules: [{ fault: "explode" }] }));
    for (const args of [["--port", "http"], ["--faults", badFaults], ["--seed", join(dir, "missing.json")], ["--latency", "-5"]]) {
      const result = await runKplug(["emulator", "--port", "0", ...args]);
      expect(result.exitCode, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr).toMatch(/^kplug: /);
    }
  });
});
