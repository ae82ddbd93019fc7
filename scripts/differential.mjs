#!/usr/bin/env node
// Differential harness (developer tool, not part of `npm test` or CI): does `kplug validate` agree
// with REAL Kong on whether a plugin schema loads?
//
//   npm run build
//   node scripts/differential.mjs --kong-src /tmp/kong-src [--per-kind 150] [--seed 1] [--jobs 2]
//        [--kinds a,b] [--verbose] [--json out.json] [--keep] [--oracle path/to/kong_schema_oracle.lua]
//        [--compare-bin path/to/other/bin/kplug.js]   (a second kplug build judged on the same variants, e.g. before a change)
//
// It takes base schemas (fixtures/examples/kong/plugins/*, fixtures/rules/**, and Kong's bundled
// kong/plugins/*/schema.lua from --kong-src), keeps those that BOTH Kong and kplug accept, makes
// single-edit variants of them (deterministic for a seed; written to a temp dir, never committed),
// and asks both for a verdict:
//   - Kong: the oracle of /work/shared/tools/kong-oracle (real Kong's schema library under LuaJIT,
//     Konnect mode with Kong Enterprise's additions): `ok` true or false.
//   - kplug: `bin/kplug.js validate --format json` over all variants in one process. "kplug says
//     invalid" = at least one finding of severity error from the rules that model Kong's loader
//     (`schema/*` and `lua/syntax`). `konnect/*` findings are Konnect policy (no require, plugin
//     name rules, size) on a separate axis and do not count; warnings do not count.
// A false alarm is kplug invalid / Kong valid; a miss is kplug valid / Kong invalid. Kong is
// nondeterministic in one corner (see the oracle's README): every disagreement is re-run on the
// oracle; a case whose verdict changes is reported as flaky and left out of the agreement figure.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import luaparse from "luaparse";
import { EDIT_KINDS as ATTRIBUTE_KINDS } from "./differential/kinds.mjs";
import { STRUCTURE_KINDS } from "./differential/kinds-structure.mjs";
import { WIDE_KINDS } from "./differential/kinds-wide.mjs";
import { HELDOUT_KINDS } from "./differential/kinds-heldout.mjs";
import { findDefinitions } from "./differential/locate.mjs";
import { mulberry32, shuffle } from "./differential/random.mjs";

const EDIT_KINDS = [...ATTRIBUTE_KINDS, ...STRUCTURE_KINDS, ...WIDE_KINDS, ...HELDOUT_KINDS];
const root = fileURLToPath(new URL("..", import.meta.url));
const options = parseArgs(process.argv.slice(2));
const oracle = options.oracle ?? "/work/shared/tools/kong-oracle/kong_schema_oracle.lua";
if (!options.kongSrc || !existsSync(options.kongSrc)) usage("--kong-src <path of an unpacked Kong source tree> is required (the oracle runs Kong's code from it)");
if (!existsSync(oracle)) usage(`oracle not found: ${oracle} (pass --oracle)`);
if (spawnSync("luajit", ["-v"]).status !== 0) usage("luajit is not installed (see the oracle's README)");

const work = mkdtempSync(join(tmpdir(), "kplug-differential-"));
try {
  await main();
} finally {
  if (options.keep) console.error(`variants kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

async function main() {
  const bases = collectBases();
  console.error(`${bases.length} base schemas; checking which both Kong and kplug accept…`);
  const baseDir = join(work, "bases");
  bases.forEach((base, index) => writeVariant(baseDir, `b${index}`, base.text));
  const [kongBase, kplugBase] = await Promise.all([runOracle(bases.map((b, i) => join(baseDir, `b${i}`, "schema.lua"))), Promise.resolve(runKplug(baseDir))]);
  const accepted = bases.filter((base, index) => kongBase[index]?.ok && kplugBase.get(`b${index}`)?.invalid === false);
  const rejected = bases.length - accepted.length;
  console.error(`${accepted.length} accepted by both (${rejected} left out: rejected by one of them, e.g. rule fixtures that are invalid on purpose)`);

  const random = mulberry32(options.seed);
  const cases = [];
  for (const kind of EDIT_KINDS) {
    if (options.kinds && !options.kinds.includes(kind.name)) continue;
    const candidates = [];
    for (const base of accepted) {
      const context = base.context;
      for (const candidate of kind.generate(context)) if (candidate.edits.length > 0) candidates.push({ base, candidate });
    }
    for (const { base, candidate } of shuffle(candidates, random).slice(0, options.perKind)) {
      cases.push({ kind: kind.name, base: base.label, description: candidate.description, text: applyEdits(base.text, candidate.edits) });
    }
  }
  console.error(`${cases.length} variants over ${new Set(cases.map((c) => c.kind)).size} kinds of edit; running kplug and Kong…`);
  const variantDir = join(work, "variants");
  cases.forEach((c, index) => {
    c.id = `v${index}`;
    writeVariant(variantDir, c.id, c.text);
  });
  const started = Date.now();
  const kplug = runKplug(variantDir);
  const compared = options.compareBin ? runKplug(variantDir, options.compareBin) : undefined;
  const kong = await runOracle(cases.map((c) => join(variantDir, c.id, "schema.lua")));
  cases.forEach((c, index) => {
    c.kong = kong[index];
    c.kplug = kplug.get(c.id);
    c.compared = compared?.get(c.id);
  });
  // Re-run disagreements: Kong's answer may change run to run (see the oracle's README).
  const disagreeing = cases.filter((c) => c.kplug && c.kong && c.kplug.invalid === c.kong.ok);
  for (let round = 0; round < 4 && disagreeing.length > 0; round++) {
    const again = await runOracle(disagreeing.map((c) => join(variantDir, c.id, "schema.lua")));
    disagreeing.forEach((c, index) => {
      if (again[index] && again[index].ok !== c.kong.ok) c.flaky = true;
    });
  }
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (compared) {
    console.log(`== ${options.compareBin} on the same variants`);
    report(cases.map((c) => ({ ...c, kplug: c.compared })), { verbose: false, json: undefined });
    console.log(`\n== this kplug (${join(root, "bin/kplug.js")})`);
  }
  report(cases, options);
}

function report(cases, { verbose, json } = options) {
  const rows = new Map();
  for (const c of cases) {
    const row = rows.get(c.kind) ?? { kind: c.kind, cases: 0, agree: 0, falseAlarms: 0, misses: 0, flaky: 0, errors: 0, kongInvalid: 0 };
    rows.set(c.kind, row);
    if (!c.kplug || !c.kong) {
      row.errors += 1;
      continue;
    }
    if (c.flaky) {
      row.flaky += 1;
      continue;
    }
    row.cases += 1;
    if (!c.kong.ok) row.kongInvalid += 1;
    if (c.kplug.invalid !== c.kong.ok) row.agree += 1;
    else if (c.kplug.invalid) row.falseAlarms += 1;
    else row.misses += 1;
  }
  const all = [...rows.values()];
  const total = all.reduce((t, r) => ({ ...t, cases: t.cases + r.cases, agree: t.agree + r.agree, falseAlarms: t.falseAlarms + r.falseAlarms, misses: t.misses + r.misses, flaky: t.flaky + r.flaky, errors: t.errors + r.errors, kongInvalid: t.kongInvalid + r.kongInvalid }), { kind: "TOTAL", cases: 0, agree: 0, falseAlarms: 0, misses: 0, flaky: 0, errors: 0, kongInvalid: 0 });
  const line = (r) =>
    `${r.kind.padEnd(24)} ${String(r.cases).padStart(6)} ${String(r.kongInvalid).padStart(8)} ${percent(r.agree, r.cases).padStart(8)} ${String(r.falseAlarms).padStart(7)} ${String(r.misses).padStart(7)} ${String(r.flaky).padStart(6)}${r.errors ? `  (${r.errors} not run)` : ""}`;
  if (verbose) {
    for (const c of cases) {
      if (!c.kplug || !c.kong || c.flaky || c.kplug.invalid !== c.kong.ok) continue;
      const verdict = c.kplug.invalid ? "FALSE ALARM" : "MISS";
      console.log(`${verdict} [${c.kind}] ${c.base}: ${c.description}`);
      console.log(`    kong:  ${c.kong.ok ? "ok" : `${c.kong.stage}: ${c.kong.error}`}`);
      console.log(`    kplug: ${c.kplug.invalid ? c.kplug.errors.join(" | ") : "no errors"}`);
      if (options.keep) console.log(`    file:  ${join(work, "variants", c.id, "schema.lua")}`);
    }
    console.log("");
  }
  console.log(`${"kind of edit".padEnd(24)} ${"cases".padStart(6)} ${"kong-bad".padStart(8)} ${"agree".padStart(8)} ${"f-alarm".padStart(7)} ${"miss".padStart(7)} ${"flaky".padStart(6)}`);
  for (const row of all) console.log(line(row));
  console.log(line(total));
  if (json) {
    writeFileSync(json, `${JSON.stringify({ seed: options.seed, perKind: options.perKind, rows: all, total, disagreements: cases.filter((c) => c.kplug && c.kong && !c.flaky && c.kplug.invalid === c.kong.ok).map((c) => ({ kind: c.kind, base: c.base, description: c.description, kong: c.kong, kplug: c.kplug.errors })) }, null, 2)}\n`);
  }
}

function percent(part, whole) {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Base schemas: the examples, the rule fixtures, and Kong's bundled plugins. */
function collectBases() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "schema.lua") files.push(path);
    }
  };
  walk(join(root, "fixtures/examples/kong/plugins"));
  walk(join(root, "fixtures/rules"));
  const bundled = join(options.kongSrc, "kong/plugins");
  if (existsSync(bundled)) {
    for (const name of readdirSync(bundled).sort()) {
      const path = join(bundled, name, "schema.lua");
      if (existsSync(path) && statSync(path).isFile()) files.push(path);
    }
  }
  const bases = [];
  for (const file of files) {
    // latin1 keeps bytes as they are: luaparse ranges and our splices count bytes
    const text = readFileSync(file, "latin1");
    let chunk;
    try {
      chunk = luaparse.parse(text, { luaVersion: "LuaJIT", ranges: true, locations: false, comments: false, encodingMode: "pseudo-latin1" });
    } catch {
      continue;
    }
    const label = file.startsWith(root) ? relative(root, dirname(file)) : `kong:${basename(dirname(file))}`;
    bases.push({ label, text, context: { label, text, ...findDefinitions(chunk, text) } });
  }
  return bases;
}

function applyEdits(text, edits) {
  // later edits at the same place go after earlier ones
  const sorted = edits.map((edit, order) => ({ ...edit, order })).sort((a, b) => b.start - a.start || b.order - a.order);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function writeVariant(dir, id, text) {
  mkdirSync(join(dir, id), { recursive: true });
  writeFileSync(join(dir, id, "schema.lua"), text, "latin1");
}

/** kplug's verdict per plugin directory name: invalid when a schema/* or lua/syntax error is found. */
function runKplug(dir, bin = join(root, "bin/kplug.js")) {
  const run = spawnSync(process.execPath, [bin, "validate", dir, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (run.status !== 0 && run.status !== 1) {
    console.error(`kplug validate exited ${run.status}: ${run.stderr.trim()}`);
    process.exit(1);
  }
  const verdicts = new Map();
  for (const plugin of JSON.parse(run.stdout).plugins) {
    const errors = plugin.findings.filter((f) => f.severity === "error" && (f.ruleId.startsWith("schema/") || f.ruleId === "lua/syntax"));
    verdicts.set(basename(plugin.dir), { invalid: errors.length > 0, errors: errors.map((f) => `${f.ruleId}: ${f.message}`) });
  }
  return verdicts;
}

/** The oracle's verdict for each file, `jobs` at a time. */
async function runOracle(files) {
  const results = new Array(files.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await oracleOne(files[index]);
      done += 1;
      if (files.length >= 500 && done % 500 === 0) console.error(`  oracle: ${done}/${files.length}`);
    }
  };
  await Promise.all(Array.from({ length: options.jobs }, worker));
  return results;
}

function oracleOne(file) {
  return new Promise((resolve) => {
    const child = spawn("luajit", [oracle, "--kong-src", options.kongSrc, "--json", file], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("close", () => {
      // Kong's default check catches a raising validator with pcall and then logs through the `kong`
      // global, which the oracle's Konnect mode lacks: that crash is Kong's "error in schema prevents
      // from validating this field", i.e. the schema is rejected.
      if (/attempt to index global 'kong'/.test(err) && /in function 'validate_fields'/.test(err)) {
        resolve({ ok: false, stage: "metaschema", error: "error in schema prevents from validating this field (a validator raised on the default)" });
        return;
      }
      try {
        const parsed = JSON.parse(out.trim().split("\n").pop() ?? "");
        resolve({ ok: parsed.ok === true, stage: parsed.stage, error: typeof parsed.error === "string" ? parsed.error : JSON.stringify(parsed.error) });
      } catch {
        resolve(undefined);
      }
    });
  });
}

function parseArgs(args) {
  const parsed = { seed: 1, perKind: 150, jobs: 2, verbose: false, keep: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === "--kong-src") parsed.kongSrc = value();
    else if (arg === "--oracle") parsed.oracle = value();
    else if (arg === "--seed") parsed.seed = Number(value());
    else if (arg === "--per-kind") parsed.perKind = Number(value());
    else if (arg === "--jobs") parsed.jobs = Math.max(1, Number(value()));
    else if (arg === "--kinds") parsed.kinds = value().split(",");
    else if (arg === "--json") parsed.json = value();
    else if (arg === "--compare-bin") parsed.compareBin = value();
    else if (arg === "--verbose") parsed.verbose = true;
    else if (arg === "--keep") parsed.keep = true;
    else if (arg === "--list-kinds") {
      for (const kind of EDIT_KINDS) console.log(`${kind.name.padEnd(24)} ${kind.about}`);
      process.exit(0);
    } else usage(`unknown option ${arg}`);
  }
  return parsed;
}

function usage(message) {
  console.error(`differential: ${message}`);
  console.error("usage: node scripts/differential.mjs --kong-src <kong source> [--per-kind N] [--seed N] [--jobs N] [--kinds a,b] [--verbose] [--keep] [--json file] [--list-kinds]");
  process.exit(2);
}
