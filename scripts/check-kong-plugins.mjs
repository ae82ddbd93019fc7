#!/usr/bin/env node
// Opt-in regression check (not part of `npm test`): runs kplug's schema.lua content rules on a
// directory of plugins, e.g. Kong's bundled ones, which Kong loads and so must have no schema/* errors.
//
//   npm run build
//   node scripts/check-kong-plugins.mjs /path/to/a/kong/checkout/kong/plugins
//
// Each <dir>/<name>/schema.lua is checked with <name> as the plugin name. konnect/* findings are
// expected on Kong's own plugins (they require Kong modules and use bundled names) and only counted.
// Exit code 1 when a schema/* error or a crash is found, 2 on bad usage. Kong's code is read, never copied.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error("usage: node scripts/check-kong-plugins.mjs <directory of plugins, each with schema.lua>");
  process.exit(2);
}
const dist = new URL("../dist/", import.meta.url);
const { parseLua } = await import(new URL("lua/parse.js", dist).href);
const { schemaContentRules } = await import(new URL("rules/schema-content-rules.js", dist).href);

/** The PluginUnderTest the loader would build for a lone schema.lua. */
function pluginFor(name, path) {
  const text = readFileSync(path, "utf8");
  const file = { path, displayPath: path, relPath: "schema.lua", text, bytes: Buffer.byteLength(text) };
  return { name, dir: resolve(path, ".."), entries: ["schema.lua"], target: "schema", strict: false, schema: { file, source: parseLua(text) }, handler: undefined, otherLua: [] };
}

let failed = false;
const rows = [];
for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name, "schema.lua");
  if (!existsSync(path)) continue;
  const findings = [];
  let crash;
  try {
    const plugin = pluginFor(name, path);
    for (const rule of schemaContentRules) {
      if (rule.targets && !rule.targets.includes(plugin.target)) continue;
      rule.check(plugin, (report) => findings.push({ rule: rule.id, severity: report.severity ?? rule.defaultSeverity, ...report }));
    }
  } catch (error) {
    crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  const schemaErrors = findings.filter((f) => f.rule.startsWith("schema/") && f.severity === "error");
  if (crash || schemaErrors.length > 0) failed = true;
  rows.push({ name, schemaErrors: schemaErrors.length, konnect: findings.filter((f) => f.rule.startsWith("konnect/")).length });
  for (const f of schemaErrors) console.log(`${path}:${f.location?.line ?? "?"}: ${f.rule}: ${f.message}`);
  if (crash) console.log(`${path}: crash: ${crash}`);
}
console.log(`\n${"plugin".padEnd(28)} schema/* errors  konnect/* findings`);
for (const row of rows) console.log(`${row.name.padEnd(28)} ${String(row.schemaErrors).padStart(15)}  ${String(row.konnect).padStart(18)}`);
console.log(`\n${rows.length} plugins, ${rows.reduce((n, r) => n + r.schemaErrors, 0)} schema/* errors`);
process.exit(failed ? 1 : 0);
