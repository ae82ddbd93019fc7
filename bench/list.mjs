#!/usr/bin/env node
// bench/list: `kplug list --all` over 500 control planes with 50 ms emulated latency per request,
// spawned as a user would, measured from process spawn, each run next to three bare `node -e 0`.
//
// Lower bound with N control planes (P = ceil(N/100) pages of 100), c concurrent control planes,
// L latency per request, R the client's request rate limit, 2 reads per control plane (plugin
// schemas and custom plugins, both at once):
//   T_lb = node's own start-up (`node -e 0`: the floor)
//        + L·min(P, 2)                         (the first page tells the total; the others at once)
//        + max(L·ceil(N/c), (P + 2·N)/R)       (rounds of c control planes, or the rate limit)
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const { startEmulator } = await import(join(root, "dist/emulator/index.js"));
const TOKEN = "kpat_bench000000000000000000000000000000";
const N = Number(process.env.BENCH_CPS ?? 500);
const L = 50;
const C = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 3);
// as in bench/push: 3 bare node starts beside each run, the floor their median
const FLOORS_PER_RUN = 3;
// as in bench/push: a raised rate limit (a user's Konnect quota), counted in the bound
const RATE = Number(process.env.BENCH_RATE ?? 5000);
const work = await mkdtemp(join(tmpdir(), "kplug-bench-list-"));
await writeFile(join(work, "kplug.config.json"), JSON.stringify({ konnect: { rateLimit: RATE } }));

function run(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: work, env: { ...process.env, ...env, CI: "true", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
  });
}

// A short networked command, the developer's loop: list on one control plane, no latency, against a
// bare node start run beside it. Whatever kplug adds to node's own start-up and exit shows here.
const small = await startEmulator({ seed: { generate: { hybrid: 1, namePrefix: "bench" } } });
const smallRuns = [];
const smallFloors = [];
try {
  for (let i = 0; i < 11; i++) {
    smallFloors.push((await run(["-e", "0"], {})).ms);
    const result = await run([bin, "list", "--all", "--json"], { KONNECT_ADDR: small.url, KONNECT_TOKEN: TOKEN });
    if (result.code !== 0) throw new Error(`kplug list exited ${result.code}: ${result.stderr.slice(-500)}`);
    smallRuns.push(result.ms);
  }
} finally {
  await small.stop();
}

const emulator = await startEmulator({ seed: { generate: { hybrid: N, namePrefix: "bench" } }, faults: { latencyMs: L } });
const runs = [];
const floors = [];
let requests = 0;
try {
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < FLOORS_PER_RUN; k++) floors.push((await run(["-e", "0"], {})).ms);
    emulator.requestLog.length = 0;
    const result = await run([bin, "list", "--all", "--concurrency", String(C), "--json"], { KONNECT_ADDR: emulator.url, KONNECT_TOKEN: TOKEN });
    if (result.code !== 0) throw new Error(`kplug list exited ${result.code}: ${result.stderr.slice(-500)}`);
    const columns = JSON.parse(result.stdout).controlPlanes?.length;
    if (columns !== N) throw new Error(`kplug list showed ${columns} control planes, expected ${N}`);
    requests = emulator.requestLog.length;
    runs.push(result.ms);
  }
} finally {
  await emulator.stop();
  await rm(work, { recursive: true, force: true });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pages = Math.ceil(N / 100);
const floor = median(floors);
const bound = floor + L * Math.min(pages, 2) + Math.max(L * Math.ceil(N / C), ((pages + 2 * N) * 1000) / RATE);
const ms = median(runs);
const fmt = (x) => `${Math.round(x)} ms`;
console.log(`kplug list --all over ${N} control planes, ${L} ms latency per request, concurrency ${C}, from process spawn (median of ${RUNS})`);
console.log(`  kplug list: ${fmt(ms)} (${requests} requests)  lower bound ${fmt(bound)} (node -e 0 ${fmt(floor)} + ${Math.min(pages, 2)} page rounds + ${Math.ceil(N / C)} rounds of ${L} ms)  ratio ${(ms / bound).toFixed(2)}x (target ≤ 1.3x)`);
console.log(`  kplug list on 1 control plane, no latency (median of ${smallRuns.length}): ${fmt(median(smallRuns))}, node -e 0 ${fmt(median(smallFloors))}: ${fmt(median(smallRuns) - median(smallFloors))} of kplug's own (start-up, 3 requests, exit)`);
console.log(`  (client rate limit ${RATE}/s from the config; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores)`);
