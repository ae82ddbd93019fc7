#!/usr/bin/env node
// bench/config: `kplug validate <examples> --deck kong.yaml` on a decK file with 1,000 plugin
// instances of the example plugins (valid ones, spread over top level, services and routes), cold,
// as a user runs it (target: under 1 s). Prints the median wall time of several interleaved runs, the time per
// instance, a plain `validate` of the same plugins for comparison, and the same instances as kong.json.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const examples = join(root, "fixtures/examples");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const INSTANCES = 1000;

function instance(i) {
  switch (i % 3) {
    case 0:
      return `      - name: api-quota\n        instance_name: quota-${i}\n        config:\n          limit: ${100 + i}\n          window: hour\n          identify_by: header\n          header_name: X-Key-${i}\n          overrides:\n            - path_prefix: /v${i}\n              limit: 5\n`;
    case 1:
      return `      - name: ip-tag\n        config:\n          ranges:\n            office: [10.${i % 250}.0.0/16]\n            vpn: [192.168.${i % 250}.0/24]\n          trusted_tags: [office]\n`;
    default:
      return `      - name: request-tag\n        tags: [bench, n${i}]\n        config:\n          prefix: svc-${i}\n          echo_downstream: ${i % 2 === 0}\n`;
  }
}

function deckFile() {
  let out = '_format_version: "3.0"\nservices:\n';
  for (let s = 0; s < INSTANCES / 10; s++) {
    out += `  - name: svc-${s}\n    url: http://svc-${s}.internal\n    plugins:\n`;
    for (let i = s * 10; i < s * 10 + 5; i++) out += instance(i);
    out += `    routes:\n      - name: route-${s}\n        paths: [/r${s}]\n        plugins:\n`;
    for (let i = s * 10 + 5; i < s * 10 + 10; i++) out += instance(i).replace(/^ {6}/gm, "          ");
  }
  return out;
}

function timed(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, ms: performance.now() - started, stdout, stderr }));
  });
}

/** Medians of the commands, spawned in turn on each round, so that machine load hits them alike. */
async function medians(commands) {
  const times = commands.map(() => []);
  const last = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [j, args] of commands.entries()) {
      const run = await timed(args);
      if (run.code !== 0) throw new Error(`kplug ${args.join(" ")} exited ${run.code}: ${(run.stdout + run.stderr).slice(-600)}`);
      times[j].push(run.ms);
      last[j] = run;
    }
  }
  return times.map((list, j) => {
    list.sort((a, b) => a - b);
    return { ms: list[Math.floor(list.length / 2)], last: last[j] };
  });
}

const work = await mkdtemp(join(tmpdir(), "kplug-bench-config-"));
try {
  const deck = join(work, "kong.yaml");
  const text = deckFile();
  await writeFile(deck, text);
  const deckJson = join(work, "kong.json");
  await writeFile(deckJson, JSON.stringify(parse(text), null, 2));
  const [plain, checked, checkedJson] = await medians([
    ["validate", examples],
    ["validate", examples, "--deck", deck, "--format", "json"],
    ["validate", examples, "--deck", deckJson, "--format", "json"],
  ]);
  for (const run of [checked, checkedJson]) {
    const configs = JSON.parse(run.last.stdout).configs;
    if (configs.checked !== INSTANCES) throw new Error(`expected ${INSTANCES} checked instances, got ${configs.checked}`);
  }
  process.stdout.write(`decK file with ${INSTANCES} plugin instances of the 3 example plugins, median of ${RUNS} interleaved cold runs each (Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores)\n`);
  process.stdout.write(`  kplug validate <examples>:                      ${plain.ms.toFixed(1)} ms\n`);
  process.stdout.write(`  kplug validate <examples> --deck kong.yaml:     ${checked.ms.toFixed(1)} ms  ${(checked.ms / plain.ms).toFixed(2)}× the plain validate  (${INSTANCES} checked; target < 1000 ms)\n`);
  process.stdout.write(`  kplug validate <examples> --deck kong.json:     ${checkedJson.ms.toFixed(1)} ms  ${(checkedJson.ms / plain.ms).toFixed(2)}× the plain validate\n`);
  process.stdout.write(`  the config check itself: ${(checked.ms - plain.ms).toFixed(1)} ms, ${(((checked.ms - plain.ms) * 1000) / INSTANCES).toFixed(0)} µs per instance\n`);
  if (checked.ms >= 1000 || checkedJson.ms >= 1000) process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
