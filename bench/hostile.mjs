#!/usr/bin/env node
// bench/hostile: peak RSS and outcome of `kplug list` (spawned as a user would) against fake servers
// that try to exhaust it: an endless 200 body, ever-new cursors over pages just under the response
// cap, and slowloris headers. Target: every case ends by itself, exit 1, one `kplug:` line, peak RSS
// under 200 MB (issue 9). The tests assert the same bounds through bytes and limits, not RSS.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const probe = new URL("rss-probe.mjs", import.meta.url).href;
const TOKEN = "kpat_bench000000000000000000000000000000";
const RSS_TARGET_MB = 200;
const cp = { id: "0b8e1c1e-7a35-4f8e-9a57-5b6a0c6e0001", name: "prod", labels: {}, config: { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE" } };

function sendJson(res, body) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const cases = {
  "endless 200 body": (req, res, state) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = `[${"0,".repeat(32 * 1024)}`;
    const pump = () => {
      while (!res.destroyed) {
        state.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
    };
    pump();
  },
  "ever-new cursors, 7 MiB pages": (req, res, state) => {
    const path = req.url.split("?")[0];
    if (path === "/v2/control-planes") return sendJson(res, { data: [cp], meta: { page: { total: 1 } } });
    if (!path.endsWith("/plugin-schemas")) return sendJson(res, { data: [], next: null, offset: null });
    state.pages++;
    const items = Array.from({ length: 7 }, (_, i) => ({ name: `p${state.pages}-${i}`, lua_schema: "x".repeat(1024 * 1024) }));
    state.bytes += 7 * 1024 * 1024;
    sendJson(res, { items, page: { next: `/v2/x?page[after]=c${state.pages}` } });
  },
  "slowloris headers (--timeout 3s)": (req, _res, state) => {
    req.socket.write("HTTP/1.1 200 OK\r\nX-Slow: ");
    const timer = setInterval(() => (req.socket.destroyed ? clearInterval(timer) : req.socket.write("a")), 100);
    state.timers.push(timer);
  },
};

async function runCase(name, handler, args) {
  const state = { bytes: 0, pages: 0, timers: [] };
  const server = createServer((req, res) => handler(req, res, state));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const work = await mkdtemp(join(tmpdir(), "kplug-bench-hostile-"));
  const rssFile = join(work, "rss");
  await writeFile(join(work, "kplug.config.json"), JSON.stringify({ konnect: { rateLimit: 1000 } }));
  const started = performance.now();
  const result = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", probe, bin, "list", "--control-plane", "prod", ...args], {
      cwd: work,
      env: { ...process.env, KONNECT_ADDR: `http://127.0.0.1:${server.address().port}`, KONNECT_TOKEN: TOKEN, KPLUG_BENCH_RSS_FILE: rssFile, CI: "true", NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  const rssMb = Number(await readFile(rssFile, "utf8")) / 1024;
  for (const timer of state.timers) clearInterval(timer);
  server.closeAllConnections();
  server.close();
  await rm(work, { recursive: true, force: true });
  const lines = result.stderr.split("\n").filter((line) => line.startsWith("kplug:"));
  const ok = result.code === 1 && lines.length === 1 && rssMb < RSS_TARGET_MB;
  process.stdout.write(
    `${ok ? "ok  " : "FAIL"} ${name.padEnd(34)} exit ${result.code}  peak RSS ${rssMb.toFixed(0).padStart(4)} MB  server sent ${(state.bytes / 1024 / 1024).toFixed(0).padStart(4)} MiB  ${seconds.toFixed(1)} s\n      ${lines[0] ?? "(no kplug: line)"}\n`,
  );
  return ok;
}

let failed = 0;
for (const [name, handler] of Object.entries(cases)) {
  const args = name.startsWith("slowloris") ? ["--timeout", "3s"] : [];
  if (!(await runCase(name, handler, args))) failed++;
}
process.stdout.write(`target: each ends by itself, exit 1, one kplug: line, peak RSS under ${RSS_TARGET_MB} MB\n`);
process.exitCode = failed > 0 ? 1 : 0;
