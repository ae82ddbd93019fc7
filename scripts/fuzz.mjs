#!/usr/bin/env node
// `npm run fuzz`: feeds `kplug validate` mutated plugins and counts what must never happen.
//
// Inputs are derived deterministically (seed + index) from the Lua files under fixtures/ (examples,
// rule fixtures, legacy plugins): byte flips, truncation, deep nesting, huge repetition, random
// tokens, binary bytes, BOMs, non-ASCII text, line-ending changes, splices of two files,
// self-referencing tables, concatenation and shared-table bombs, long operator chains; and hostile
// families written as an attacker would (see HOSTILE below): deep nesting of every construct,
// LuaJIT's limits (locals, upvalues, parameters, constants, long-bracket levels), goto/labels,
// varargs, odd number literals and escapes, NUL and invalid UTF-8, CR-only lines, huge lines,
// empty files, standard-library bombs, recursion, self-reference, require cycles between schema.lua
// and handler.lua, enormous fields arrays, handler conf chains, and decK files (alias bombs, deep
// nesting, duplicate keys, `_format_version` oddities, non-UTF-8) checked with `--deck`. Each input
// is validated in-process by the built CLI (`main` from dist/, as `kplug validate <dir> --format
// json`) in a worker thread with a time budget and a heap cap; a worker past its budget is
// terminated and counted as a timeout.
//
// Outcomes: exit 0/1 (validated), 2 (input refused with a message), 70 (internal error: a bug),
// timeout, crash (the worker died: out of memory, stack). Prints the counts, peak RSS, the slowest
// input, and the first internal errors with the seed and index that reproduce them
// (`--from <index> --count 1 --save <dir>` writes that input out).
//
//   node scripts/fuzz.mjs [--count 20000] [--seed 1] [--from 0] [--budget-ms 20000] [--workers 2]
//                         [--heap-mb 1024] [--save <dir>] [--json]
//
// The workers run with the stack of the CLI's main thread (~1 MiB, not a worker's default 4 MiB), so
// a recursion that overflows `kplug` overflows here too.
//
// Exit code: 0 when there was no internal error, timeout or crash; 1 otherwise; 2 for bad flags.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { mulberry32 } from "./differential/random.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

// ---------------------------------------------------------------------------------------------
// main thread: generate inputs, hand them to workers, enforce budgets, count outcomes

const USAGE = `usage: node scripts/fuzz.mjs [--count 20000] [--seed 1] [--from 0] [--budget-ms 20000] [--workers 2]
                              [--heap-mb 1024] [--save <dir>] [--json]
  feeds \`kplug validate\` (from dist/) mutated and hostile plugins and decK files; counts internal
  errors (exit 70), timeouts past --budget-ms and crashes; exit 1 when there is any.
  --from N --count 1 --save <dir> writes input N out to reproduce it.
`;

function parseFlags(argv) {
  const flags = { count: 20000, seed: 1, from: 0, budgetMs: 20000, workers: 2, heapMb: 1024, save: undefined, json: false };
  const numeric = { "--count": "count", "--seed": "seed", "--from": "from", "--budget-ms": "budgetMs", "--workers": "workers", "--heap-mb": "heapMb" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (arg === "--json") flags.json = true;
    else if (arg === "--save") flags.save = argv[++i];
    else if (numeric[arg] && Number.isInteger(Number(argv[i + 1]))) flags[numeric[arg]] = Number(argv[++i]);
    else {
      process.stderr.write(`fuzz: unknown or incomplete flag ${arg}; see the usage at the top of scripts/fuzz.mjs\n`);
      process.exit(2);
    }
  }
  return flags;
}

async function coordinate(flags) {
  const corpus = await loadCorpus();
  const work = await mkdtemp(join(tmpdir(), "kplug-fuzz-"));
  const started = performance.now();
  const counts = { validated: 0, refused: 0, internal: 0, timeout: 0, crash: 0 };
  const byMutation = new Map();
  const problems = [];
  let peakRssMiB = 0;
  let slowest = { ms: 0, index: -1, mutation: "" };
  const sampleRss = () => (peakRssMiB = Math.max(peakRssMiB, process.memoryUsage().rss / 1048576));
  const sampler = setInterval(sampleRss, 50);

  let next = flags.from;
  let end = flags.from + flags.count;
  let done = 0;
  // Ctrl-C or SIGTERM: finish the inputs under way and report those done
  const stop = () => (end = Math.min(end, next));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const runWorker = async (slot) => {
    const dir = join(work, `w${slot}`);
    let worker;
    let pending;
    const start = () => {
      worker = new Worker(fileURLToPath(import.meta.url), { workerData: { dir }, resourceLimits: { maxOldGenerationSizeMb: flags.heapMb, stackSizeMb: 1 } });
      worker.on("message", (message) => pending?.resolve(message));
      worker.on("error", (error) => pending?.resolve({ crash: String(error?.message ?? error) }));
      worker.on("exit", (code) => pending?.resolve({ crash: `worker exited with code ${code}` }));
    };
    start();
    while (next < end) {
      const index = next++;
      const input = makeInput(corpus, flags.seed, index);
      if (flags.save) await saveInput(flags.save, index, input);
      const began = performance.now();
      const outcome = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ timeout: true }), flags.budgetMs);
        pending = {
          resolve: (value) => {
            clearTimeout(timer);
            pending = undefined;
            resolve(value);
          },
        };
        worker.postMessage(input);
      });
      const ms = performance.now() - began;
      done += 1;
      sampleRss();
      const tally = byMutation.get(input.mutation) ?? { inputs: 0, problems: 0 };
      tally.inputs += 1;
      byMutation.set(input.mutation, tally);
      let problem;
      if (outcome.timeout) {
        counts.timeout += 1;
        problem = "timeout";
      } else if (outcome.crash) {
        counts.crash += 1;
        problem = `crash: ${outcome.crash}`;
      } else if (outcome.exitCode === 70) {
        counts.internal += 1;
        problem = `internal error: ${outcome.stderr.trim().split("\n")[0]}`;
      } else if (outcome.exitCode === 2) {
        counts.refused += 1;
      } else if (outcome.exitCode === 0 || outcome.exitCode === 1) {
        counts.validated += 1;
      } else {
        counts.crash += 1;
        problem = `unexpected exit code ${outcome.exitCode}: ${outcome.stderr.trim().split("\n")[0]}`;
      }
      if (!outcome.timeout && !outcome.crash && ms > slowest.ms) slowest = { ms, index, mutation: input.mutation };
      if (problem) {
        tally.problems += 1;
        problems.push({ index, mutation: input.mutation, problem: problem.slice(0, 300) });
      }
      if (outcome.timeout || outcome.crash) {
        await worker.terminate();
        start();
      }
      if (!flags.json && done % 1000 === 0) {
        process.stderr.write(`fuzz: ${done}/${flags.count} inputs, ${counts.internal + counts.timeout + counts.crash} problems, peak RSS ${peakRssMiB.toFixed(0)} MiB\n`);
      }
    }
    await worker.terminate();
  };
  await Promise.all(Array.from({ length: Math.max(1, flags.workers) }, (_, slot) => runWorker(slot)));
  clearInterval(sampler);
  await rm(work, { recursive: true, force: true });

  const summary = {
    seed: flags.seed,
    from: flags.from,
    inputs: done,
    corpusFiles: corpus.length,
    ...counts,
    peakRssMiB: Math.round(peakRssMiB),
    slowestInput: { ms: Math.round(slowest.ms), index: slowest.index, mutation: slowest.mutation },
    seconds: Math.round((performance.now() - started) / 1000),
    byMutation: Object.fromEntries([...byMutation.entries()].sort()),
    problems: problems.slice(0, 50),
  };
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const out = [
      `fuzz: ${summary.inputs} inputs (seed ${summary.seed}, from ${summary.from}) from ${summary.corpusFiles} corpus files in ${summary.seconds} s`,
      `  validated (exit 0/1) ${counts.validated}, refused (exit 2) ${counts.refused}`,
      `  internal errors (exit 70) ${counts.internal}, timeouts (> ${flags.budgetMs} ms) ${counts.timeout}, crashes ${counts.crash}`,
      `  peak RSS ${summary.peakRssMiB} MiB (all workers), slowest input ${summary.slowestInput.ms} ms (#${slowest.index}, ${slowest.mutation})`,
      ...problems.slice(0, 20).map((p) => `  #${p.index} ${p.mutation}: ${p.problem}`),
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  }
  process.exitCode = counts.internal + counts.timeout + counts.crash > 0 ? 1 : 0;
}

async function saveInput(dir, index, input) {
  const target = join(dir, `input-${index}`, input.name);
  await mkdir(target, { recursive: true });
  for (const [file, bytes] of Object.entries(input.files)) await writeFile(join(target, file), bytes);
  await writeFile(join(dir, `input-${index}`, "ARGS"), `${input.args.join(" ")}\n# ${input.mutation}\n`);
}

/** Every .lua file under fixtures/, with the handler.lua next to it when there is one. */
async function loadCorpus() {
  const files = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith(".lua")) files.push({ path: relative(root, path), bytes: await readFile(path) });
    }
  };
  await walk(join(root, "fixtures"));
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return files;
}

// ---------------------------------------------------------------------------------------------
// deterministic input generation

/** At most this much text per file (the reader refuses more than 1 MiB: that path is covered by `huge-repetition` too). */
const MAX_BYTES = 1_100_000;
const TOKENS = [
  "{", "}", "(", ")", "[", "]", "[[", "]]", "[==[", "=", "==", "~=", "..", "...", ",", ";", ":", "::", ".", "#", "-", "--", "--[[", "+", "*", "/", "%", "^", "<", ">=",
  "local", "function", "end", "return", "if", "then", "else", "elseif", "do", "while", "repeat", "until", "for", "in", "goto", "break", "and", "or", "not", "nil", "true", "false",
  "x", "fields", "config", "type", "record", "string", "default", "typedefs", "require", "kong", "ngx", "self", "_G", "...",
  '"s"', "'s'", '"\\', "'\\z", "0x", "1e", "1e+", "0x1p-3", "3.", ".5", "1LL", "2i", "\\u{7FFFFFFF}", '"\\u{110000}"', '"\\300"',
];
const NON_ASCII = ["é", "世", "🚀", "\u00a0", "\u2028", "\u200b", "\ufeff", "\u202e", "\ud800", "\u0000", "\u001b[2J"];
const NESTS = [
  ["{", "}"], ["(", ")"], ["[", "]"], ["do ", " end"], ["function() ", " end"], ["if x then ", " end"], ["repeat ", " until x"],
  ["{ fields = { { f = { type = 'record', ", "} } } }"], ["- ", ""], ["not ", ""], ["x .. ", ""], ["2 ^ ", ""], ["f(", ")"], ["t.port { ", " }"],
];

const MUTATIONS = {
  "byte-flip": (r, bytes) => {
    const out = Buffer.from(bytes);
    const flips = 1 + Math.floor(r() * 8);
    for (let i = 0; i < flips && out.length > 0; i++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return out;
  },
  truncate: (r, bytes) => bytes.subarray(0, Math.floor(r() * bytes.length)),
  "deep-nesting": (r, bytes) => {
    const [open, close] = pick(r, NESTS);
    const depth = pick(r, [150, 199, 200, 201, 250, 500, 1644, 1849, 5000, 20000]);
    const closed = r() < 0.7;
    return insert(r, bytes, open.repeat(depth) + (closed ? "1" + close.repeat(depth) : ""));
  },
  "huge-repetition": (r, bytes) => {
    const from = Math.floor(r() * bytes.length);
    const slice = bytes.subarray(from, from + 1 + Math.floor(r() * 200));
    const times = Math.min(Math.floor(MAX_BYTES / Math.max(1, slice.length)), 10 + Math.floor(r() * 100000));
    return insert(r, bytes, Buffer.concat(Array(times).fill(slice)));
  },
  "random-tokens": (r, bytes) => {
    let out = bytes;
    const count = 1 + Math.floor(r() * 40);
    for (let i = 0; i < count; i++) out = insert(r, out, ` ${pick(r, TOKENS)} `);
    return out;
  },
  binary: (r, bytes) => {
    const junk = Buffer.alloc(1 + Math.floor(r() * 4096));
    for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
    return r() < 0.5 ? junk : insert(r, bytes, junk);
  },
  bom: (r, bytes) => {
    const boms = [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];
    const prefix = Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.7 ? boms[0] : pick(r, boms)));
    return Buffer.concat([...prefix, bytes]);
  },
  "non-ascii": (r, bytes) => {
    let out = bytes;
    const count = 1 + Math.floor(r() * 10);
    for (let i = 0; i < count; i++) out = insert(r, out, pick(r, NON_ASCII));
    // one long line after it: columns must be mapped in linear time
    if (r() < 0.3) out = Buffer.concat([out, Buffer.from(`\nlocal long = { ${Array.from({ length: 20000 + Math.floor(r() * 40000) }, (_, i) => `"é${i}"`).join(", ")} }\n`)]);
    return out;
  },
  "line-endings": (r, bytes) => Buffer.from(bytes.toString("latin1").replace(/\n/g, () => pick(r, ["\r", "\r\n", "\n\r", "\n\n"])), "latin1"),
  splice: (r, bytes, corpus) => {
    const other = pick(r, corpus).bytes;
    return Buffer.concat([bytes.subarray(0, Math.floor(r() * bytes.length)), other.subarray(Math.floor(r() * other.length))]);
  },
  "self-reference": (r, bytes) => {
    const templates = [
      `local f = {}\nf[1] = { config = { type = "record", fields = f } }\nreturn { name = "fuzz", fields = f }\n`,
      `local t = { type = "record" }\nt.fields = { { x = t } }\nreturn { name = "fuzz", fields = { { config = t } } }\n`,
      `local a, b = {}, {}\na.b = b\nb.a = a\nreturn { name = "fuzz", fields = { { config = { type = "record", fields = { { a = a } } } } } }\n`,
      `local s = { name = "fuzz" }\ns.fields = { { config = { type = "record", fields = { { me = s } } } } }\nreturn s\n`,
    ];
    return r() < 0.5 ? Buffer.from(pick(r, templates)) : Buffer.concat([bytes, Buffer.from(`\nlocal _t = {} _t.x = _t _t[1] = _t\n`)]);
  },
  "concat-bomb": (r) => {
    const doublings = 10 + Math.floor(r() * 30);
    const style = Math.floor(r() * 3);
    let body;
    if (style === 0) body = `local s = "abcdefghijklmnopq"\n${"s = s .. s\n".repeat(doublings)}`;
    else if (style === 1) body = `local s0 = "xxxxxxxxxxxxxxxx"\n${Array.from({ length: doublings }, (_, i) => `local s${i + 1} = ${Array(8).fill(`s${i}`).join(" .. ")}`).join("\n")}\nlocal s = s${doublings}\n`;
    else body = `local s = ("x"):rep(1000)\nlocal t = s .. s .. s .. s\n${"t = t .. t .. 1\n".repeat(doublings)}s = t\n`;
    return Buffer.from(`${body}return { name = "fuzz", fields = { { config = { type = "record", fields = { { s = { type = "string", default = s, one_of = { s, s } } } } } } } }\n`);
  },
  "shared-tables": (r) => {
    const levels = 10 + Math.floor(r() * 60);
    const width = 2 + Math.floor(r() * 4);
    const lines = [`local t0 = { type = "string" }`];
    for (let i = 1; i <= levels; i++) lines.push(`local t${i} = { type = "record", fields = { ${Array.from({ length: width }, (_, k) => `{ f${k} = t${i - 1} }`).join(", ")} } }`);
    return Buffer.from(`${lines.join("\n")}\nreturn { name = "fuzz", fields = { { config = t${levels} } } }\n`);
  },
  "operator-chain": (r) => {
    const terms = pick(r, [100, 199, 1000, 5000, 20000, 60000]);
    const op = pick(r, [" + ", " * ", " and ", " or ", " == ", " .. ", "."]);
    const chain = op === "." ? `x${".y".repeat(terms)}` : Array(terms).fill("x").join(op);
    const shape = Math.floor(r() * 3);
    const value = shape === 0 ? chain : shape === 1 ? `f${"()".repeat(terms)}` : `{ ${chain} }`;
    return Buffer.from(`local x, f = 1, nil\nreturn { name = "fuzz", fields = { { config = { type = "record", fields = { { a = { type = "number", default = ${value} } } } } } } }\n`);
  },
};

// ---------------------------------------------------------------------------------------------
// hostile families: whole files written to break a Lua front end or a decK reader (not mutations)

const schemaWith = (fields, prelude = "") => `${prelude}return { name = "fuzz-plugin", fields = { { config = { type = "record", fields = { ${fields} } } } } }\n`;
const withDefault = (expression, prelude = "local x, f, t, s = 1, nil, {}, \"s\"\n") => schemaWith(`{ a = { type = "number", default = ${expression} } }`, prelude);
const list = (n, make, separator = ", ") => Array.from({ length: n }, (_, i) => make(i)).join(separator);
const DEPTHS = [150, 199, 200, 201, 1000, 30000];
const NESTINGS = [
  (n) => `return ${"{".repeat(n)}${"}".repeat(n)}\n`,
  (n) => withDefault(`${"(".repeat(n)}1${")".repeat(n)}`),
  (n) => schemaWith("", `local g = ${"function() ".repeat(n)}${" end".repeat(n)}\n`),
  (n) => schemaWith("", `${"if x then ".repeat(n)}${" end".repeat(n)}\n`),
  (n) => schemaWith("", `${"while x do ".repeat(n)}${" end".repeat(n)}\n`),
  (n) => schemaWith("", `${"repeat ".repeat(n)}${" until x".repeat(n)}\n`),
  (n) => schemaWith("", `${"for i = 1, 2 do ".repeat(n)}${" end".repeat(n)}\n`),
  (n) => withDefault(`${"t[".repeat(n)}1${"]".repeat(n)}`),
  (n) => withDefault(`${"f(".repeat(n)}1${")".repeat(n)}`),
  (n) => withDefault(`${"- ".repeat(n)}1`),
  (n) => withDefault(`${"not ".repeat(n)}x`),
  (n) => withDefault(`${"#".repeat(n)}t`),
  (n) => withDefault(Array(n).fill("2").join(" ^ ")),
  (n) => withDefault(Array(n).fill('"a"').join(" .. ")),
  (n) => `return ${"{ function() return ".repeat(n)}1${" end }".repeat(n)}\n`,
  (n) => schemaWith(`${"typedefs.host { ".repeat(n)}${" }".repeat(n)}`, 'local typedefs = require "kong.db.schema.typedefs"\n'),
  (n) => `return ${"{".repeat(n)}\n`,
  (n) => withDefault("(".repeat(n)),
];
const CHAINS = [".b", ":m()", "()", '"a"', "{}", "[1]"];
const BINARY_OPERATORS = [" + ", " - ", " * ", " / ", " % ", " < ", " <= ", " == ", " ~= ", " and ", " or ", " .. ", " ^ "];
const NUMBERS = ["1e999", "-1e999", "0x", "0x1p", "0x.p1", "0x1P-1074", "1LL", "1ULL", "2i", "0x7fffffffffffffffULL", "0xffffffffffffffffffffffff", "1e-999", "0/0", "1/0", "-0",
  "3..2", "1.2.3", "0xg", "1e", "9007199254740993", "18446744073709551616ULL", "1ll", "0X1p+3i", "1 // 2", "1 & 2", "~1", "1 << 2", ".5e", "0x1.8p1", "1e+", "08", "1_000"];
const ESCAPES = ["\\z  \n  ", "\\x", "\\xZZ", "\\x4", "\\u{}", "\\u{FFFFFFFFF}", "\\u{7FFFFFFF}", "\\u{D800}", "\\999", "\\256", "\\0", "\\q", "\\\r\n", "\\u", "\\u{110000}", `\\u{${"0".repeat(5000)}41}`, "\\", "\\\\\\"];
const LIBRARY_BOMBS = [
  'string.rep("x", 1e9)', '("x"):rep(2^31)', 'string.format("%099999d", 1)', `string.format(string.rep("%s", 100000), "x")`, 'table.concat(setmetatable({}, { __index = function() return "x" end }), "", 1, 1e9)',
  "setmetatable({}, { __index = function(t, k) return t[k] end }).x", "rawget(_G, \"x\")", 'select("#", ...)', 'tostring(setmetatable({}, { __tostring = function(t) return tostring(t) end }))',
  "(function(...) return ... end)(1, 2, 3)", "math.huge // 0", "#(\"x\"):rep(1e8)", "next({}, 1)", "unpack({}, 1, 1e9)", "string.char(256)", "(\"%\"):format()", "(nil)()", "ngx.null", "kong.x.y.z()",
];
const HANDLER = (body) => `local H = { PRIORITY = 1000, VERSION = "1.0.0" }\n${body}\nreturn H\n`;

/** One hostile plugin: schema.lua (and sometimes handler.lua), bytes or text. */
const HOSTILE = {
  "hostile-nesting": (r) => pick(r, NESTINGS)(pick(r, DEPTHS)),
  "hostile-chain": (r) => {
    const n = pick(r, [1000, 20000, 60000]);
    return r() < 0.5 ? withDefault(`x${pick(r, CHAINS).repeat(n)}`) : withDefault(Array(n).fill("x").join(pick(r, BINARY_OPERATORS)));
  },
  "hostile-luajit-limits": (r) => pick(r, [
    () => schemaWith("", `local function g()\n${list(201 + Math.floor(r() * 100), (i) => `local v${i} = ${i}`, "\n")}\nend\n`),
    () => schemaWith("", `${list(61 + Math.floor(r() * 200), (i) => `local u${i} = ${i}`, "\n")}\nlocal function g() return ${list(61, (i) => `u${i}`, " + ")} end\n`),
    () => schemaWith("", `local function g(${list(256 + Math.floor(r() * 100), (i) => `p${i}`)}) end\n`),
    () => schemaWith("", `local g = f(${list(300, (i) => `${i}`)})\n`),
    () => schemaWith("", `local t = { ${list(pick(r, [65536, 70000]), (i) => `${i}.5`)} }\n`),
    () => { const level = "=".repeat(pick(r, [1, 255, 5000])); return schemaWith(`{ a = { type = "string", default = [${level}[ x ]${level}] } }`); },
    () => schemaWith("", `local s = [${"=".repeat(300)}[ never closed\n`),
    () => schemaWith("", "--[==[ a long comment never closed\n"),
  ])(),
  "hostile-goto-vararg": (r) => pick(r, [
    "goto done\nlocal a = 1\n::done::\n::done::\n", "do goto nowhere end\n", "for i = 1, 3 do if i then goto continue end ::continue:: end\n", "::a:: ::b:: goto a\n",
    "local function g() return ... end\n", "local a, b = ...\n", "local t = { ... }\n", "local function g(...) local arg = arg return arg.n end\n", "goto = 1\n",
  ]) + schemaWith(`{ a = { type = "string", default = ${pick(r, ["...", "select(\"#\", ...)", '"x"'])} } }`),
  "hostile-literals": (r) => {
    const number = pick(r, NUMBERS);
    const escape = pick(r, ESCAPES);
    return r() < 0.5 ? schemaWith(`{ a = { type = "number", default = ${number}, between = { ${number}, ${number} } } }`) : schemaWith(`{ a = { type = "string", default = "${escape}", one_of = { "${escape}" } } }`);
  },
  "hostile-bytes": (r) => pick(r, [
    () => Buffer.from(schemaWith(`{ a = { type = "string", default = "a\0b" } }`)),
    () => Buffer.from("return \0{ name = 'fuzz-plugin' }\n"),
    () => Buffer.concat([Buffer.from('return { name = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('", fields = {} }\n')]),
    () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(schemaWith(""), "utf16le")]),
    () => Buffer.from(`\ufeff\ufeff\ufeff${schemaWith("")}`),
    () => Buffer.from(schemaWith(`{ a = { type = "string" } }`).replace(/\n/g, "\r").replace(/ /g, r() < 0.5 ? " " : "\r")),
    () => Buffer.from(`-- c${"\r".repeat(100000)}\n${schemaWith("")}`),
    () => Buffer.from(`-- \u2028\u2029\u0085\n${schemaWith("")}`),
    () => Buffer.from(`local t = { ${list(60000, (i) => `"é${i}"`, ",")} }\n${schemaWith("")}`),
    () => Buffer.from(`-- ${"x".repeat(1_000_000)}\n${schemaWith("")}`),
    () => Buffer.alloc(0),
    () => Buffer.from(" \n\t\r\n".repeat(1000)),
    () => Buffer.from("\ufeff"),
    () => Buffer.concat([Buffer.from([0x1b, 0x4c, 0x4a, 0x02]), Buffer.alloc(100, 7)]),
    () => Buffer.from(`#!/usr/bin/env luajit\n${schemaWith("")}`),
    () => Buffer.from(`return { name = "\\27[2J\\27]0;pwned\\7", fields = { { config = { type = "record", fields = { { ["\\27[31mx"] = { type = "strnig" } } } } } } }\n`),
  ])(),
  "hostile-library": (r) => withDefault(pick(r, LIBRARY_BOMBS)),
  "hostile-recursion": (r) => pick(r, [
    schemaWith(`{ a = { type = "number", default = r(1) } }`, "local function r(n) return r(n + 1) end\n"),
    schemaWith("{ a = r() }", "local function r() return { type = \"record\", fields = { { x = r() } } } end\n"),
    schemaWith(`{ a = { type = "number", default = a() } }`, "local a, b\nfunction a() return b() end\nfunction b() return a() end\n"),
    schemaWith("", "while true do end\n"),
    schemaWith("", "local t = {}\nfor i = 1, 1e12 do t[i] = i end\n"),
    schemaWith("{ a = e }", "local e = { type = \"array\" } e.elements = e\n"),
    schemaWith(`{ a = { type = "string", one_of = o } }`, "local o = {} o[1] = o\n"),
    "local t = {} rawset(t, \"fields\", t) rawset(t, 1, t)\nreturn t\n",
    schemaWith(`{ a = { type = "array", elements = { type = "string" }, default = t } }`, "local t = {}\nfor i = 1, 100 do table.insert(t, t) end\n"),
    schemaWith(`{ a = { type = "string", default = t.x } }`, "local t = setmetatable({}, {}) getmetatable(t).__index = t\n"),
  ]),
  "hostile-fields": (r) => pick(r, [
    () => schemaWith(list(pick(r, [1000, 20000]), (i) => `{ f${i} = { type = "string", default = "${i}" } }`)),
    () => schemaWith(list(5000, () => `{ a = { type = "string" } }`)),
    () => schemaWith(list(5000, (i) => `{ f${i} = { type = "strnig", requird = true } }`)),
    () => schemaWith(`{ a = { type = "string", description = "${"d".repeat(500_000)}" } }`),
    () => `return { name = "${"p".repeat(500_000)}", fields = {} }\n`,
    () => `local f = {} for i = 1, 1000000 do f[i] = { ["f" .. i] = { type = "string" } } end\nreturn { name = "fuzz-plugin", fields = { { config = { type = "record", fields = f } } } }\n`,
    () => `return { name = "fuzz-plugin", fields = { { config = { type = "record", fields = { { a = { type = "string" } } } } } }, entity_checks = { ${"{ at_least_one_of = { 'config.a' } }, ".repeat(10000)} } }\n`,
  ])(),
};

/** handler.lua files for the hostile families (a streamed plugin). */
const HOSTILE_HANDLERS = [
  () => HANDLER(`local s = require "kong.plugins.fuzz-plugin.schema"\nfunction H:access(conf) local x = conf.a end`),
  () => HANDLER(`${"function H:access(conf) ".repeat(300)}${" end".repeat(300)}`),
  () => HANDLER(`function H:access(conf) ${"if conf.a then ".repeat(30000)}${" end".repeat(30000)} end`),
  () => HANDLER(`function H:access(conf) local a = conf${".a".repeat(40000)} end`),
  () => HANDLER(`function H:access(conf) local a = ${"conf[".repeat(1000)}1${"]".repeat(1000)} end`),
  () => HANDLER(list(20000, (i) => `function H:p${i}(conf) end`, "\n")),
  () => "local H = {} H.H = H H.__index = H setmetatable(H, H)\nfunction H:access(conf) return conf.x end\nreturn H\n",
  () => HANDLER("function H:access(conf) goto x ::x:: ::x:: end"),
  () => HANDLER(`function H:init_worker() ${"ngx.timer.at(0, function() ".repeat(150)}${" end)".repeat(150)} end`),
];

/** decK files: alias bombs, deep nesting, duplicate keys, odd _format_version, bytes that are not UTF-8. */
const DECK = (config) => `_format_version: "3.0"\nplugins:\n- name: fuzz-plugin\n  config:\n${config}\n`;
const HOSTILE_DECKS = [
  (r) => { let yaml = `_format_version: "3.0"\nl0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`; const levels = 3 + Math.floor(r() * 9); for (let i = 1; i < levels; i++) yaml += `l${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(",")}]\n`; return `${yaml}plugins:\n- name: fuzz-plugin\n  config: { a: *a${levels - 1} }\n`; },
  (r) => { let yaml = `_format_version: "3.0"\nm0: &m0 { a: lol }\n`; const levels = 5 + Math.floor(r() * 35); for (let i = 1; i < levels; i++) yaml += `m${i}: &m${i} { <<: [*m${i - 1}, *m${i - 1}], k${i}: v }\n`; return `${yaml}plugins:\n- name: fuzz-plugin\n  config:\n    <<: *m${levels - 1}\n`; },
  () => `_format_version: "3.0"\nplugins: &x\n- name: fuzz-plugin\n  config: { a: *x }\n`,
  () => `_format_version: "3.0"\na: &a [*a]\nplugins:\n- name: fuzz-plugin\n  config: *nope\n`,
  (r) => { const n = pick(r, [100, 1000, 30000]); return DECK(`    a: ${"[".repeat(n)}${"]".repeat(n)}`); },
  (r) => { const n = pick(r, [100, 1000, 30000]); return DECK(`    a: ${"{a: ".repeat(n)}1${"}".repeat(n)}`); },
  (r) => { const n = pick(r, [100, 1000, 30000]); return `{"_format_version": "3.0", "plugins": [{"name": "fuzz-plugin", "config": {"a": ${'{"a":'.repeat(n)}1${"}".repeat(n)}}}]}`; },
  (r) => `_format_version: "3.0"\nplugins:\n${"- name: fuzz-plugin\n  config: { a: x }\n".repeat(pick(r, [100, 3000]))}`,
  () => `{"_format_version":"3.0","_format_version":"1.1","plugins":[{"name":"fuzz-plugin","name":"q","config":{"a":"x","a":1}}],"plugins":[]}`,
  () => `_format_version: "3.0"\nplugins:\n- name: fuzz-plugin\n  config:\n    a: x\n    a: 1\nplugins: 3\n`,
  (r) => `${pick(r, ["", "_format_version: 3\n", "_format_version: { a: 1 }\n", "_format_version: [3.0]\n", "_format_version: ~\n", "_format_version: yes\n", '_format_version: "9.9"\n', '_format_version: "1.1"\n', `_format_version: '${"3".repeat(10000)}'\n`, '_format_version: "\\e[2J"\n'])}plugins:\n- name: fuzz-plugin\n  config: { a: x }\n`,
  () => Buffer.concat([Buffer.from(`_format_version: "3.0"\nplugins:\n- name: fuzz-plugin\n  config:\n    a: "`), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(`"\n`)]),
  () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DECK("    a: x"), "utf16le")]),
  () => `\ufeff\ufeff${DECK("    a: x")}`,
  () => `${DECK('    a: "x\0y"')}\0\0`,
  () => "",
  () => `${DECK("    a: x")}---\n`.repeat(200),
  () => `_format_version: "3.0"\nplugins:\n- name: { x: 1 }\n  config: 3\n- name: [fuzz-plugin]\n- 7\n- ~\n- name: fuzz-plugin\n  config: [1, 2]\n`,
  () => DECK("    a: !!binary aGVsbG8=\n    n: !!float 3\n    m: !!omap [a: 1]\n    r: !custom { x: 1 }\n    p: !!python/object:os.system ls"),
  () => DECK(`    a: \${{ env "DECK_${"X".repeat(10000)}" }}`),
  () => DECK("    a: x").replace(/\n/g, "\r"),
  () => `_format_version: "3.0"\nplugins:\n- name: fuzz-plugin\n  config: { ? [${Array(5000).fill("x").join(",")}] : 2 }\n`,
];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function insert(r, bytes, text) {
  const at = Math.floor(r() * (bytes.length + 1));
  const piece = typeof text === "string" ? Buffer.from(text) : text;
  const out = Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
  return out.length > MAX_BYTES ? out.subarray(0, MAX_BYTES) : out;
}

/** Input `index` of seed `seed`: a plugin directory (schema.lua, sometimes handler.lua and a decK file) and validate's flags. */
function makeInput(corpus, seed, index) {
  const r = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  // a third of the inputs are hostile families; the rest mutate the corpus
  if (r() < 1 / 3) return hostileInput(r, corpus);
  const names = Object.keys(MUTATIONS);
  const rounds = r() < 0.75 ? 1 : 2 + Math.floor(r() * 2);
  let bytes = pick(r, corpus).bytes;
  const applied = [];
  for (let i = 0; i < rounds; i++) {
    const name = pick(r, names);
    applied.push(name);
    bytes = MUTATIONS[name](r, bytes, corpus);
  }
  const streamed = r() < 0.3;
  const files = { "schema.lua": bytes };
  if (streamed) files["handler.lua"] = r() < 0.5 ? pick(r, corpus).bytes : MUTATIONS[pick(r, names)](r, pick(r, corpus).bytes, corpus);
  return { name: "fuzz-plugin", files, args: validateFlags(r, streamed), mutation: applied.join("+") };
}

/** validate's flags: an output format or --fix-dry-run, the target, sometimes --strict. */
function validateFlags(r, streamed) {
  const output = r() < 0.15 ? ["--fix-dry-run"] : ["--format", pick(r, ["json", "pretty", "sarif", "github"])];
  return [...output, ...(streamed ? ["--target", "streamed"] : []), ...(r() < 0.2 ? ["--strict"] : [])];
}

/** A hostile family's plugin; a decK file (`../kong.yaml`, checked with --deck) for a quarter of them. */
function hostileInput(r, corpus) {
  const names = Object.keys(HOSTILE);
  const family = pick(r, names);
  const files = { "schema.lua": toBytes(HOSTILE[family](r)) };
  const streamed = r() < 0.3;
  if (streamed) files["handler.lua"] = toBytes(r() < 0.6 ? pick(r, HOSTILE_HANDLERS)() : pick(r, corpus).bytes);
  const args = validateFlags(r, streamed);
  let mutation = family;
  if (r() < 0.25) {
    files["../kong.yaml"] = toBytes(pick(r, HOSTILE_DECKS)(r));
    args.push("--deck", "../kong.yaml");
    mutation += "+deck";
  }
  return { name: "fuzz-plugin", files, args, mutation };
}

function toBytes(value) {
  return typeof value === "string" ? Buffer.from(value) : value;
}

// ---------------------------------------------------------------------------------------------
// worker: validate each input in-process with the built CLI

async function serve() {
  const { main } = await import(new URL("../dist/cli/main.js", import.meta.url).href);
  const { dir } = workerData;
  parentPort.on("message", async (input) => {
    await rm(dir, { recursive: true, force: true });
    const pluginDir = join(dir, input.name);
    await mkdir(pluginDir, { recursive: true });
    for (const [file, bytes] of Object.entries(input.files)) await writeFile(join(pluginDir, file), Buffer.from(bytes));
    let stdoutBytes = 0;
    let stderr = "";
    const io = {
      stdout: (text) => void (stdoutBytes += text.length),
      stderr: (text) => void (stderr += text),
      env: { NO_COLOR: "1" },
      cwd: dir,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      signal: new AbortController().signal,
    };
    const args = input.args.map((arg) => (arg === "../kong.yaml" ? join(dir, "kong.yaml") : arg));
    const exitCode = await main(["validate", pluginDir, ...args], io);
    parentPort.postMessage({ exitCode, stdoutBytes, stderr: stderr.slice(0, 2000) });
  });
}

// last: the tables above are initialised by now
if (isMainThread) {
  await coordinate(parseFlags(process.argv.slice(2)));
} else {
  await serve();
}
