#!/usr/bin/env node
// bench/validate: a cold `kplug validate` of one plugin against a bare `node -e 0` in the same run
// (target: under 2x), then one `kplug validate` over 200 plugins. Prints wall times (median of
// several runs), the ratio and each run's peak RSS. Spawns the built bin as a user would.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const probe = new URL("rss-probe.mjs", import.meta.url).href;
const examples = join(root, "fixtures/examples/kong/plugins");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const PLUGINS = 200;

const work = await mkdtemp(join(tmpdir(), "kplug-bench-validate-"));
const rssFile = join(work, "rss");

function timed(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", probe, ...args], {
      cwd: work,
      env: { ...process.env, KPLUG_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", async (code) => {
      const ms = performance.now() - started;
      const rssKiB = Number(await readFile(rssFile, "utf8").catch(() => "0"));
      resolve({ code, ms, rssMiB: rssKiB / 1024, stderr });
    });
  });
}

async function median(args, expectCode) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await timed(args);
    if (result.code !== expectCode) throw new Error(`${args.join(" ")} exited ${result.code}: ${result.stderr.slice(-400)}`);
    runs.push(result);
  }
  runs.sort((a, b) => a.ms - b.ms);
  return { ms: runs[Math.floor(runs.length / 2)].ms, rssMiB: Math.max(...runs.map((r) => r.rssMiB)) };
}

try {
  // 200 plugins: copies of the examples, each renamed so that its schema declares its own name
  const names = (await readdir(examples)).sort();
  const first = join(work, "kong/plugins", names[0]);
  await cp(join(examples, names[0]), first, { recursive: true });
  for (let i = 0; i < PLUGINS; i++) {
    const source = names[i % names.length];
    const name = `bench-${String(i).padStart(3, "0")}`;
    const dir = join(work, "many/kong/plugins", name);
    await cp(join(examples, source), dir, { recursive: true });
    const schemaPath = join(dir, "schema.lua");
    const text = await readFile(schemaPath, "utf8");
    await writeFile(schemaPath, text.replace(/name\s*=\s*"[^"]+"/, `name = "${name}"`));
  }

  const bare = await median(["-e", "0"], 0);
  const one = await median([bin, "validate", first, "--format", "json"], 0);
  const many = await timed([bin, "validate", join(work, "many"), "--format", "json"]);
  if (many.code !== 0) throw new Error(`validate of ${PLUGINS} plugins exited ${many.code}: ${many.stderr.slice(-400)}`);

  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`cold start, median of ${RUNS} runs each (Node ${process.version})`);
  console.log(`  node -e 0:                       ${fmt(bare.ms)}  peak RSS ${bare.rssMiB.toFixed(1)} MiB`);
  console.log(`  kplug validate <one plugin>:     ${fmt(one.ms)}  peak RSS ${one.rssMiB.toFixed(1)} MiB  ratio ${(one.ms / bare.ms).toFixed(2)}x (target < 2x)`);
  console.log(`  kplug validate <${PLUGINS} plugins>:   ${fmt(many.ms)}  peak RSS ${many.rssMiB.toFixed(1)} MiB  (${fmt(many.ms / PLUGINS)} per plugin)`);
} finally {
  await rm(work, { recursive: true, force: true });
}
