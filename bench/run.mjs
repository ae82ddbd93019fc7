#!/usr/bin/env node
// `npm run bench`: every benchmark, one after another, each in its own process so that one's memory
// does not colour the next one's figures. Pass names to run a subset: `npm run bench -- validate`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches = ["validate", "config", "client", "push", "list", "hostile"];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benches.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(", ")}; choose from ${benches.join(", ")}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : benches) {
  process.stdout.write(`\n== bench/${name}\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(`${name}.mjs`, import.meta.url))], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
