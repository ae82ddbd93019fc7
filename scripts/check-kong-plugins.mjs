#!/usr/bin/env node
// Opt-in regression check (not part of `npm test`): runs `kplug validate` on a directory of plugins,
// e.g. Kong's bundled ones, which Kong loads and so must have no schema/* errors.
//
//   npm run build
//   node scripts/check-kong-plugins.mjs /path/to/a/kong/checkout/kong/plugins
//
// Each <dir>/<name>/ is validated with <name> as the plugin name. konnect/* findings are expected on
// Kong's own plugins (they require Kong modules and use bundled names) and only counted.
// Exit code 1 when a schema/* error or a crash is found, 2 on bad usage. Kong's code is read, never copied.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error("usage: node scripts/check-kong-plugins.mjs <directory of plugins, each with schema.lua>");
  process.exit(2);
}
const bin = fileURLToPath(new URL("../bin/kplug.js", import.meta.url));
const run = spawnSync(process.execPath, [bin, "validate", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 64 << 20 });
if (run.status !== 0 && run.status !== 1) {
  console.error(`kplug validate exited ${run.status}: ${run.stderr.trim()}`);
  process.exit(1);
}
const report = JSON.parse(run.stdout);
const rows = report.plugins.map((plugin) => {
  const schemaErrors = plugin.findings.filter((f) => f.ruleId.startsWith("schema/") && f.severity === "error");
  for (const f of schemaErrors) console.log(`${f.file}:${f.line ?? "?"}: ${f.ruleId}: ${f.message}`);
  return { name: plugin.name, schemaErrors: schemaErrors.length, konnect: plugin.findings.filter((f) => f.ruleId.startsWith("konnect/")).length };
});
console.log(`\n${"plugin".padEnd(28)} schema/* errors  konnect/* findings`);
for (const row of rows) console.log(`${row.name.padEnd(28)} ${String(row.schemaErrors).padStart(15)}  ${String(row.konnect).padStart(18)}`);
const total = rows.reduce((n, r) => n + r.schemaErrors, 0);
console.log(`\n${rows.length} plugins, ${total} schema/* errors`);
process.exit(total > 0 ? 1 : 0);
