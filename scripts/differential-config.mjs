#!/usr/bin/env node
// Differential harness for plugin configurations: kplug's config check (`validate --deck`) against
// real Kong (../shared/tools/kong-oracle/kong_config_oracle.lua, Kong's schema library under
// LuaJIT). For each plugin (the examples, and Kong's bundled plugins with --kong-src) it generates a
// valid base configuration and single-edit variants, asks both, and prints agreement per kind of
// edit. A developer tool: needs luajit and a Kong source tree; generated configs stay in a temp dir.
//
//   npm run build && node scripts/differential-config.mjs --kong-src /tmp/kong-src [--oracle DIR]
//       [--plugin NAME]... [--kind KIND]... [--per-kind N] [--jobs N] [--verbose]
// --per-kind: at most N edits of each kind per plugin, spread over the plugin's fields (default 10).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getIn, moreVariants, requiredOf, sample, setIn, wrongTypeValue } from "./differential/config-edits.mjs";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const many = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const kongSrc = opt("--kong-src");
const oracleDir = opt("--oracle", join(root, "../shared/tools/kong-oracle"));
const oracle = join(existsSync(oracleDir) ? oracleDir : "/work/shared/tools/kong-oracle", "kong_config_oracle.lua");
const only = new Set(many("--plugin"));
const perKind = Number(opt("--per-kind", "10"));
const kinds = new Set(many("--kind"));
const jobs = Math.max(1, Number(opt("--jobs", "2")));
const verbose = args.includes("--verbose");
if (!kongSrc) {
  process.stderr.write("differential-config: pass --kong-src <Kong source tree> (the oracle runs Kong's schema library from it)\n");
  process.exit(2);
}

const { entityCheckerFor, configSketch } = await import(join(root, "dist/plugin-config/index.js"));

// --- plugins under test -----------------------------------------------------------------------
const plugins = [];
const examples = join(root, "fixtures/examples/kong/plugins");
for (const name of (await readdir(examples)).sort()) plugins.push({ name, schema: join(examples, name, "schema.lua"), mode: "konnect", origin: "example" });
for (const name of (await readdir(join(kongSrc, "kong/plugins"))).sort()) {
  const schema = join(kongSrc, "kong/plugins", name, "schema.lua");
  if (existsSync(schema)) plugins.push({ name, schema, mode: "kong", origin: "bundled" });
}

// --- configuration generation ------------------------------------------------------------------
/** Single-edit variants of a base config: [kind, description, entity]. */
function variants(sketch, base) {
  const out = [];
  const entity = (config, extra = {}) => ({ config, ...extra });
  out.push(["valid-base", "required fields filled", entity(base)]);
  out.push(["valid-empty", "config {} (defaults only)", entity({})]);
  out.push(["unknown-field", "config.zz_unknown = 1", entity({ ...base, zz_unknown: 1 })]);
  out.push(["entity-field", "enabled = 'yes'", entity(base, { enabled: "yes" })]);
  out.push(["entity-field", "protocols = ['smtp']", entity(base, { protocols: ["smtp"] })]);
  out.push(["entity-field", "tags = ['a,b']", entity(base, { tags: ["a,b"] })]);
  out.push(["entity-field", "instance_name = 'a b'", entity(base, { instance_name: "a b" })]);
  out.push(["entity-field", "route set", entity(base, { route: { id: "5b9c4c4e-1d0b-4f6a-9d7e-3c1a2b3c4d5e" } })]);
  out.push(["entity-field", "consumer set", entity(base, { consumer: { id: "5b9c4c4e-1d0b-4f6a-9d7e-3c1a2b3c4d5e" } })]);
  out.push(["entity-field", "service set", entity(base, { service: { id: "5b9c4c4e-1d0b-4f6a-9d7e-3c1a2b3c4d5e" } })]);
  const visit = (fields, path, depth) => {
    for (const f of fields ?? []) {
      const at = [...path, f.name];
      const set = (value) => setIn(structuredClone(base), at, value);
      const show = at.join(".");
      out.push(["wrong-type", `${show}: ${JSON.stringify(wrongTypeValue(f))}`, entity(set(wrongTypeValue(f)))]);
      out.push(["null", `${show}: null`, entity(set(null))]);
      if (f.one_of?.length) out.push(["one_of", `${show}: not one of`, entity(set(typeof f.one_of[0] === "number" ? 987654 : "zz-not-an-option"))]);
      if (f.between) {
        out.push(["between", `${show}: above`, entity(set(f.between[1] + 1))]);
        out.push(["between", `${show}: below`, entity(set(f.between[0] - 1))]);
      }
      if (f.type === "integer") out.push(["integer-float", `${show}: 1.5`, entity(set(1.5))]);
      if (f.type === "string") {
        out.push(["string-len", `${show}: ""`, entity(set(""))]);
        if (f.len_max !== undefined) out.push(["string-len", `${show}: too long`, entity(set("a".repeat(f.len_max + 1)))]);
        if (f.match || f.starts_with) out.push(["pattern", `${show}: "!! bad value"`, entity(set("!! bad value"))]);
        if (f.referenceable) out.push(["vault-reference", `${show}: {vault://env/x}`, entity(set("{vault://env/x}"))]);
      }
      if ((f.type === "array" || f.type === "set") && f.elements) {
        out.push(["element", `${show}: [wrong type]`, entity(set([wrongTypeValue(f.elements)]))]);
        out.push(["element", `${show}: [sample]`, entity(set([sample(f.elements)]))]);
        if (f.type === "set") out.push(["element", `${show}: duplicate`, entity(set([sample(f.elements), sample(f.elements)]))]);
      }
      if (f.type === "map" && f.values) {
        out.push(["map", `${show}: {k: sample}`, entity(set({ k: sample(f.values) }))]);
        out.push(["map", `${show}: {k: wrong type}`, entity(set({ k: wrongTypeValue(f.values) }))]);
      }
      if (f.type === "record" && depth < 2) {
        out.push(["record", `${show}: {} `, entity(set({}))]);
        out.push(["record", `${show}.zz_unknown`, entity(set({ ...(getIn(base, at) ?? requiredOf(f)), zz_unknown: true }))]);
        visit(f.fields, at, depth + 1);
      }
    }
  };
  visit(sketch.fields, [], 0);
  return out;
}

// --- running -----------------------------------------------------------------------------------
const work = await mkdtemp(join(tmpdir(), "kplug-diffcfg-"));
let fileNo = 0;
async function askKong(plugin, entity) {
  const file = join(work, `e${fileNo++}.json`);
  await writeFile(file, JSON.stringify({ name: plugin.name, ...entity }));
  const argv = [oracle, "--kong-src", kongSrc, "--mode", plugin.mode, "--name", plugin.name, "--schema", plugin.schema, "--config", file, "--json"];
  try {
    const { stdout } = await run("luajit", argv, { maxBuffer: 1 << 24 });
    return JSON.parse(stdout);
  } catch (error) {
    if (error.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

/** The first case (the valid base), then up to --per-kind of each kind, evenly spread. */
function pick(all) {
  const grouped = new Map();
  for (const c of all) if (kinds.size === 0 || kinds.has(c[0]) || c[0] === "valid-base") grouped.set(c[0], [...(grouped.get(c[0]) ?? []), c]);
  const out = [];
  for (const list of grouped.values()) {
    const n = Math.min(perKind, list.length);
    for (let i = 0; i < n; i++) out.push(list[Math.floor((i * list.length) / n)]);
  }
  return out;
}

async function inParallel(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }));
  return results;
}

const byKind = new Map();
const record = (kind, outcome) => {
  const k = byKind.get(kind) ?? { cases: 0, agree: 0, falseAlarms: 0, misses: 0, undecided: 0, sameFields: 0 };
  k.cases++;
  k[outcome]++;
  byKind.set(kind, k);
};
const skipped = [];
/** why kplug could not decide, for the cases where Kong rejected */
const undecidedWhy = new Map();
const disagreements = [];
const topKeys = (fields) => Object.keys(fields ?? {}).sort().join(",");

try {
  for (const plugin of plugins) {
    if (only.size > 0 && !only.has(plugin.name)) continue;
    const text = await readFile(plugin.schema, "utf8");
    const sketch = configSketch(text, plugin.name);
    if (!sketch) {
      skipped.push(`${plugin.name} (kplug cannot read its config statically)`);
      continue;
    }
    // the oracle runs bundled plugins as a Kong node loads them, the examples as Konnect does
    const checker = await entityCheckerFor(plugin.name, text, plugin.mode === "kong" ? "kong-node" : "konnect");
    const base = requiredOf(sketch);
    const cases = pick([...variants(sketch, base), ...moreVariants(sketch, base)]);
    const probe = await askKong(plugin, cases[0][2]);
    if (probe.stage === "schema") {
      skipped.push(`${plugin.name} (the oracle could not load its schema: ${probe.schema_error ?? probe.message})`);
      continue;
    }
    const answers = await inParallel(cases, ([, , entity]) => askKong(plugin, entity));
    for (const [i, [kind, description, entity]] of cases.entries()) {
      const kong = answers[i];
      const mine = checker.check({ name: plugin.name, ...entity });
      const kongOk = kong.ok === true;
      const undecided = mine.problems.some((p) => p.kind === "not-checkable");
      if (kongOk !== mine.ok && mine.ok && undecided) {
        // kplug told the user it could not decide this value offline (Kong's own validators, values not static)
        record(kind, "undecided");
        const reason = mine.problems.find((p) => p.kind === "not-checkable").message.replace(/\((?!typedefs)[^)]*\)|'[^']*'/g, "…");
        undecidedWhy.set(reason, (undecidedWhy.get(reason) ?? 0) + 1);
        continue;
      }
      if (kongOk === mine.ok) {
        record(kind, "agree");
        if (!kongOk && topKeys(kong.fields) === topKeys(mine.fields)) byKind.get(kind).sameFields++;
        else if (kongOk) byKind.get(kind).sameFields++;
      } else {
        record(kind, mine.ok ? "misses" : "falseAlarms");
        disagreements.push({ plugin: plugin.name, kind, description, kong: kong.ok ? "ok" : `[${kong.stage}] ${kong.message}`, kplug: mine.ok ? "ok" : JSON.stringify(mine.fields) });
      }
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

// --- report ------------------------------------------------------------------------------------
function line(kind, k) {
  const decided = k.cases - k.undecided;
  return `${kind.padEnd(16)} ${String(k.cases).padStart(6)}  ${((100 * k.agree) / Math.max(1, decided)).toFixed(1).padStart(8)}%  ${String(k.falseAlarms).padStart(12)}  ${String(k.misses).padStart(6)}  ${String(k.undecided).padStart(9)}\n`;
}
const rows = [...byKind].sort((a, b) => (a[0] < b[0] ? -1 : 1));
const total = { cases: 0, agree: 0, falseAlarms: 0, misses: 0, undecided: 0, sameFields: 0 };
// agreement is over the cases kplug decided; "undecided" are cases where kplug said "not checkable offline"
process.stdout.write(`kind              cases  agreement  false alarms  misses  undecided\n`);
for (const [kind, k] of rows) {
  for (const key of Object.keys(total)) total[key] += k[key];
  process.stdout.write(line(kind, k));
}
process.stdout.write(line("total", total));
process.stdout.write(`same top-level error fields when both reject or both accept: ${total.sameFields}/${total.agree}\n`);
if (skipped.length > 0) process.stdout.write(`skipped ${skipped.length} plugin(s): ${skipped.join("; ")}\n`);
if (verbose) for (const [why, n] of [...undecidedWhy].sort((a, b) => b[1] - a[1])) process.stdout.write(`  undecided ×${n}: ${why}\n`);
const shown = verbose ? disagreements : disagreements.slice(0, 25);
for (const d of shown) process.stdout.write(`  ${d.kind.padEnd(14)} ${d.plugin}: ${d.description}\n      kong:  ${d.kong}\n      kplug: ${d.kplug}\n`);
if (shown.length < disagreements.length) process.stdout.write(`  … ${disagreements.length - shown.length} more (--verbose)\n`);
