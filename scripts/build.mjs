#!/usr/bin/env node
// `npm run build`: bundles kplug into dist/ with esbuild. One bundle with shared chunks loads far
// faster than ~100 separate ESM files (cold `kplug validate` is a CI hot path), and commands' lazy
// imports stay lazy as split chunks. Type-checking is `npm run typecheck` (tsc), not this.
import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { build } from "esbuild";

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });

/**
 * An esbuild plugin that bundles `contents(path)` in place of the modules `filter` matches, for the
 * importers `from` accepts (a path with forward slashes; default: every importer).
 */
function standIn(name, filter, contents, from = () => true) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, (args) => (from(args.importer.replaceAll("\\", "/")) ? { path: args.path, namespace: name } : undefined));
      build.onLoad({ filter: /.*/, namespace: name }, (args) => ({ contents: contents(args.path), loader: "js" }));
    },
  };
}

// undici's HTTP/2 client (dispatcher/client-h2.js) loads node:http2, and with it tls, at start-up: ~7 ms
// before a fleet command's first request, for a protocol kplug never asks for (undici speaks HTTP/2 only
// with allowH2, which kplug does not set). For that one importer, node:http2 is a stand-in holding the
// protocol's constants (read here; RFC 7540's values) whose connect() loads the real module.
const http2Constants = JSON.stringify((await import("node:http2")).constants);
const lazyHttp2 = standIn(
  "lazy-http2",
  /^node:http2$/,
  () => `module.exports = { constants: ${http2Constants}, connect: (...args) => require("node:http2").connect(...args) };`,
  (importer) => importer.endsWith("undici/lib/dispatcher/client-h2.js"),
);
// commander loads node:child_process (and with it net and dgram: ~5 ms of a start that may need
// neither) for executable subcommands, which kplug has none of: for commander, node:child_process is a
// stand-in that loads the real module on first use.
const lazyChildProcess = standIn(
  "lazy-child-process",
  /^node:child_process$/,
  () => `module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };`,
  (importer) => importer.endsWith("commander/lib/command.js"),
);
await build({
  entryPoints: {
    "cli/main": "src/cli/main.ts",
    // used by the demo and the benchmarks
    "emulator/index": "src/emulator/index.ts",
    "konnect/client": "src/konnect/client.ts",
    // used by scripts/differential-config.mjs and the config benchmark
    "plugin-config/index": "src/plugin-config/index.ts",
  },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.18",
  sourcemap: true,
  // Identifiers keep their source names (error classes report them as `name`), without esbuild's
  // keepNames: that wraps every closure in a __name() call, ~15% of validate's time on large runs.
  minifyWhitespace: true,
  minifySyntax: true,
  // cosmiconfig loads config files (and TypeScript, when present) through its own dynamic imports
  // wasmoon loads its glue.wasm from its own package directory (and only when a config check needs Lua)
  external: ["cosmiconfig", "wasmoon"],
  plugins: [lazyHttp2, lazyChildProcess],
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins
  banner: { js: 'import { createRequire as __kplugCreateRequire } from "node:module"; const require = __kplugCreateRequire(import.meta.url);' },
  logLevel: "warning",
});

// Both CommonJS bundles below are built alike: one file each, minified, with a source map for --debug.
const commonJsBundle = {
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20.18",
  sourcemap: true,
  minifyWhitespace: true,
  minifySyntax: true,
};

// The cold-start path (src/cli/fast.ts: validate, rules, --version without commander) as one
// CommonJS file, so that bin/kplug.js can compile it through vm.Script with a V8 code cache (Node 20
// has no module.enableCompileCache).
await build({
  entryPoints: { "cli/fast": "src/cli/fast.ts" },
  ...commonJsBundle,
  // The config reader (zod above all) would nearly double this bundle, and with it every cold start:
  // it is a bundle of its own (below), loaded only when a JSON config file is there.
  plugins: [
    // through the bin, with a code cache of its own (bin/code-cache.js), else plainly
    standIn(
      "config-reader",
      /^\.\/read\.js$/,
      () => 'module.exports = globalThis[Symbol.for("kplug.bundle")]?.("config-reader") ?? require("./config-reader.cjs");',
      (importer) => importer.endsWith("config/load.ts"),
    ),
    { name: "config-reader-file", setup: (build) => build.onResolve({ filter: /^\.\/config-reader\.cjs$/ }, (args) => ({ path: args.path, external: true })) },
    // tinyglobby needs import.meta, which a CommonJS bundle lacks: runs with a glob go to the full CLI
    standIn("no-glob", /^tinyglobby$/, () => `export function glob() { throw new Error("the fast path has no glob"); }`),
  ],
  logLevel: "warning",
});
// The config reader of the cold-start path: JSON config files only (read directly, as
// src/config/direct-json.ts does); cosmiconfig and yaml are stand-ins that fail, which sends the run to
// the full CLI (src/cli/fast.ts).
await build({
  entryPoints: { "cli/config-reader": "src/config/read.ts" },
  ...commonJsBundle,
  plugins: [standIn("json-only", /^(cosmiconfig|yaml)$/, (path) => `throw new Error("the fast path reads JSON config files only (no ${path})");`)],
  logLevel: "warning",
});

// The whole CLI (src/cli/main.ts) as one CommonJS file too, for the same reason: bin/kplug.js compiles it
// with a code cache of each command's own. Commands' lazy imports stay lazy (esbuild runs a bundled
// module when it is first imported); import() itself becomes require(): code compiled by vm.Script
// has no import() on Node 20, and the one run-time import (a JavaScript config file) goes through the
// bin's hook (src/config/loaders.ts).
await build({
  entryPoints: { "cli/full": "src/cli/main.ts" },
  ...commonJsBundle,
  supported: { "dynamic-import": false },
  // fdir (tinyglobby's) makes a require() from import.meta.url, which a CommonJS bundle lacks
  define: { "import.meta.url": "__kplugModuleUrl" },
  banner: { js: 'var __kplugModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  external: ["cosmiconfig", "wasmoon"],
  plugins: [lazyHttp2, lazyChildProcess],
  logLevel: "warning",
});

// <bundle>.json names the bundle's version and hash: the code cache's key (bin/code-cache.js)
const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
for (const bundle of ["fast", "config-reader", "full"]) {
  const hash = createHash("sha256")
    .update(await readFile(new URL(`../dist/cli/${bundle}.cjs`, import.meta.url)))
    .digest("hex")
    .slice(0, 16);
  await writeFile(new URL(`../dist/cli/${bundle}.json`, import.meta.url), `${JSON.stringify({ version, hash })}\n`);
}
