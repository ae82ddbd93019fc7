#!/usr/bin/env node
// bench/client: 1,000 GETs through the Konnect client (keep-alive, one undici Agent) against a local
// emulator on 127.0.0.1, with 8 and then 32 concurrent callers; the client's rate limit is raised so
// it does not bound the run. Prints requests/s, the emulator's median latency per request and this
// process's peak RSS (client and emulator share it). Needs `npm run build` first.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { startEmulator } = await import(join(root, "dist/emulator/index.js"));
const { createKonnectClient } = await import(join(root, "dist/konnect/client.js"));

const TOKEN = "kpat_bench000000000000000000000000000000";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "8,32").split(",").map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";

// self-stopping: a hung run must not hold a CI job
const guard = setTimeout(() => {
  process.stderr.write("bench/client: took longer than 120 s, giving up\n");
  process.exit(1);
}, 120_000);
guard.unref();

async function run(concurrency) {
  const emulator = await startEmulator({ port: 0, faults: { latencyMs: LATENCY_MS }, requestLogLimit: REQUESTS });
  const client = createKonnectClient({
    baseUrl: `${emulator.url}/v2`,
    token: TOKEN,
    rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    maxConnections: concurrency,
  });
  try {
    // warm up the connections and the JIT, outside the measurement
    await Promise.all(Array.from({ length: concurrency }, () => client.getControlPlane(prodUs)));
    emulator.requestLog.length = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < REQUESTS) {
          next++;
          await client.getControlPlane(prodUs);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const served = emulator.requestLog.filter((entry) => entry.status === 200).length;
    if (served !== REQUESTS) throw new Error(`expected ${REQUESTS} answered GETs, the emulator logged ${served}`);
    const ms = emulator.requestLog.map((entry) => entry.ms).sort((a, b) => a - b);
    return { concurrency, seconds, rps: REQUESTS / seconds, medianServerMs: ms[Math.floor(ms.length / 2)] ?? 0 };
  } finally {
    await client.close();
    await emulator.stop();
  }
}

process.stdout.write(`${REQUESTS} GET /v2/control-planes/{id} per run, emulated latency ${LATENCY_MS} ms, keep-alive\n`);
for (const concurrency of CONCURRENCY) {
  const result = await run(concurrency);
  process.stdout.write(
    `  concurrency ${String(concurrency).padStart(2)}: ${result.rps.toFixed(0).padStart(6)} requests/s  (${result.seconds.toFixed(2)} s, emulator median ${result.medianServerMs} ms/request)\n`,
  );
}
// maxRSS is in KiB on Linux and macOS
process.stdout.write(`  peak RSS (client + emulator, one process): ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB\n`);
clearTimeout(guard);
