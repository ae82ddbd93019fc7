#!/usr/bin/env node
// bench/validate: a cold `kplug validate` of one plugin against a bare `node -e 0`, the two spawned
// in turn (interleaved, so machine load hits both alike; target ≤ 1.35x the median), the same run in
// a project with a kplug.config.json (no target; most projects have one), then one
// `kplug validate` over 2,000 plugins (targets: ≤ 2 ms per plugin, ≤ 250 MB peak RSS). Prints wall
// times from spawn, ratios and peak RSS. Spawns the built bin as a user would; the first validate
// run writes kplug's code cache (in a cache home of the bench's own), as a user's first run does.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const probe = new URL("rss-probe.mjs", import.meta.url).href;
const examples = join(root, "fixtures/examples/kong/plugins");
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const PLUGINS = Number(process.env.BENCH_PLUGINS ?? 2000);

const work = await mkdtemp(join(tmpdir(), "kplug-bench-validate-"));
const rssFile = join(work, "rss");

function timed(args, cwd = work) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", probe, ...args], {
      cwd,
      env: { ...process.env, KPLUG_BENCH_RSS_FILE: rssFile, NO_COLOR: "1", XDG_CACHE_HOME: join(work, "cache") },
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

/** median wall time (and max peak RSS) of each command, the commands spawned in turn RUNS times */
async function interleaved(commands) {
  const runs = commands.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [index, command] of commands.entries()) {
      const [args, cwd] = Array.isArray(command[0]) ? command : [command, work];
      const result = await timed(args, cwd);
      if (result.code !== 0) throw new Error(`${args.join(" ")} exited ${result.code}: ${result.stderr.slice(-400)}`);
      runs[index].push(result);
    }
  }
  return runs.map((list) => {
    const sorted = [...list].sort((a, b) => a.ms - b.ms);
    return { ms: sorted[Math.floor(sorted.length / 2)].ms, rssMiB: Math.max(...list.map((r) => r.rssMiB)) };
  });
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

  // a project with a kplug.config.json, as most have: the fast path reads JSON configs too
  const configured = join(work, "configured");
  await mkdir(configured);
  await writeFile(join(configured, "kplug.config.json"), JSON.stringify({ rules: { "schema/description-length": "off" }, konnect: { region: "eu" } }));
  await timed([bin, "validate", first, "--format", "json"]); // writes the code cache, as a first run does
  await timed([bin, "validate", first, "--format", "json"], configured);
  const [bare, one, withConfig] = await interleaved([["-e", "0"], [bin, "validate", first, "--format", "json"], [[bin, "validate", first, "--format", "json"], configured]]);
  const many = await timed([bin, "validate", join(work, "many"), "--format", "json"]);
  if (many.code !== 0) throw new Error(`validate of ${PLUGINS} plugins exited ${many.code}: ${many.stderr.slice(-400)}`);

  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const perPlugin = many.ms / PLUGINS;
  console.log(`cold start, from spawn, median of ${RUNS} interleaved runs each (Node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} cores)`);
  console.log(`  node -e 0 (the floor):           ${fmt(bare.ms)}  peak RSS ${bare.rssMiB.toFixed(1)} MiB`);
  console.log(`  kplug validate <one plugin>:     ${fmt(one.ms)}  peak RSS ${one.rssMiB.toFixed(1)} MiB  ratio ${(one.ms / bare.ms).toFixed(2)}x the floor (target ≤ 1.35x)`);
  console.log(`  the same with a kplug.config.json: ${fmt(withConfig.ms)}  peak RSS ${withConfig.rssMiB.toFixed(1)} MiB  ratio ${(withConfig.ms / bare.ms).toFixed(2)}x the floor`);
  console.log(
    `  kplug validate <${PLUGINS} plugins>:  ${fmt(many.ms)}  ${fmt(perPlugin)} per plugin (target ≤ 2 ms)  peak RSS ${many.rssMiB.toFixed(1)} MiB (target ≤ 250 MB)`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
