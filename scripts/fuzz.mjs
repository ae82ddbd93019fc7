#!/usr/bin/env node
// `npm run fuzz`: feeds `kplug validate` mutated plugins and counts what must never happen.
//
// Inputs are derived deterministically (seed + index) from the Lua files under fixtures/ (examples,
// rule fixtures, legacy plugins): byte flips, truncation, deep nesting, huge repetition, random
// tokens, binary bytes, BOMs, non-ASCII text, line-ending changes, splices of two files,
// self-referencing tables, concatenation and shared-table bombs, long operator chains. Each input
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

function parseFlags(argv) {
  const flags = { count: 20000, seed: 1, from: 0, budgetMs: 20000, workers: 2, heapMb: 1024, save: undefined, json: false };
  const numeric = { "--count": "count", "--seed": "seed", "--from": "from", "--budget-ms": "budgetMs", "--workers": "workers", "--heap-mb": "heapMb" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
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
      worker = new Worker(fileURLToPath(import.meta.url), { workerData: { dir }, resourceLimits: { maxOldGenerationSizeMb: flags.heapMb, stackSizeMb: 4 } });
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

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function insert(r, bytes, text) {
  const at = Math.floor(r() * (bytes.length + 1));
  const piece = typeof text === "string" ? Buffer.from(text) : text;
  const out = Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
  return out.length > MAX_BYTES ? out.subarray(0, MAX_BYTES) : out;
}

/** Input `index` of seed `seed`: a plugin directory (schema.lua, sometimes handler.lua) and validate's flags. */
function makeInput(corpus, seed, index) {
  const r = mulberry32((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
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
  const args = ["--format", pick(r, ["json", "pretty", "sarif", "github"]), ...(streamed ? ["--target", "streamed"] : []), ...(r() < 0.2 ? ["--strict"] : [])];
  return { name: "fuzz-plugin", files, args, mutation: applied.join("+") };
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
    const exitCode = await main(["validate", pluginDir, ...input.args], io);
    parentPort.postMessage({ exitCode, stdoutBytes, stderr: stderr.slice(0, 2000) });
  });
}

// last: the tables above are initialised by now
if (isMainThread) {
  await coordinate(parseFlags(process.argv.slice(2)));
} else {
  await serve();
}
