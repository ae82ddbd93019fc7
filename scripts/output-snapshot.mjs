#!/usr/bin/env node
// Speed work must change no output. This records the JSON output (and exit code) of the built
// `kplug validate` over every fixture plugin, both targets and --strict, plus whole trees, so a
// snapshot taken before a performance change can be compared byte for byte with one taken after:
//
//   node scripts/output-snapshot.mjs --write /tmp/before.json   # on the base commit (after npm run build)
//   node scripts/output-snapshot.mjs --check /tmp/before.json   # on the changed tree (after npm run build)
//
// The snapshot lives outside the repository on purpose: other changes (new rules, better
// messages) legitimately change output; only a change meant to be output-neutral is checked.
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const [mode, file] = process.argv.slice(2);
if ((mode !== "--write" && mode !== "--check") || !file) {
  process.stderr.write("usage: node scripts/output-snapshot.mjs --write|--check <snapshot.json>\n");
  process.exit(2);
}

/** Directories under fixtures/ holding a schema.lua or handler.lua: each is a plugin. */
async function pluginDirs(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const found = entries.some((e) => e.isFile() && (e.name === "schema.lua" || e.name === "handler.lua")) ? [dir] : [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory()) found.push(...(await pluginDirs(join(dir, entry.name))));
  }
  return found;
}

function run(args) {
  return new Promise((resolve, reject) => {
    // a fixed empty config keeps a developer's own kplug config out of the snapshot
    const child = spawn(process.execPath, [bin, "validate", ...args, "--format", "json"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const fixtures = join(root, "fixtures");
const cases = [];
for (const dir of await pluginDirs(fixtures)) {
  const rel = relative(root, dir);
  cases.push([rel], [rel, "--target", "streamed"], [rel, "--strict"]);
}
cases.push(["fixtures/examples"], ["fixtures/examples", "--target", "streamed"], ["fixtures/rules/schema/*"], ["fixtures/legacy"]);

// two at a time: the machine is shared
const results = {};
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < cases.length) {
      const args = cases[next++];
      const { code, stdout, stderr } = await run(args);
      results[args.join(" ")] = { code, stdout, ...(code === 2 || code === 70 ? { stderr } : {}) };
    }
  }),
);
const ordered = Object.fromEntries(cases.map((args) => [args.join(" "), results[args.join(" ")]]));

if (mode === "--write") {
  await writeFile(file, `${JSON.stringify(ordered, null, 1)}\n`);
  process.stdout.write(`wrote ${cases.length} outputs to ${file}\n`);
} else {
  const before = JSON.parse(await readFile(file, "utf8"));
  const differing = Object.keys({ ...before, ...ordered }).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(ordered[key]));
  for (const key of differing) {
    process.stdout.write(`differs: kplug validate ${key} --format json\n`);
    process.stdout.write(`  before: exit ${before[key]?.code} ${before[key]?.stdout.length ?? 0} bytes; now: exit ${ordered[key]?.code} ${ordered[key]?.stdout.length ?? 0} bytes\n`);
  }
  process.stdout.write(`${cases.length - differing.length}/${cases.length} outputs byte-identical\n`);
  process.exitCode = differing.length > 0 ? 1 : 0;
}
