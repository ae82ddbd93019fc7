#!/usr/bin/env node
// `npm run build`: bundles kplug into dist/ with esbuild. One bundle with shared chunks loads far
// faster than ~100 separate ESM files (cold `kplug validate` is a CI hot path), and commands' lazy
// imports stay lazy as split chunks. Type-checking is `npm run typecheck` (tsc), not this.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: {
    "cli/main": "src/cli/main.ts",
    // used by the demo and the benchmarks
    "emulator/index": "src/emulator/index.ts",
    "konnect/client": "src/konnect/client.ts",
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
  external: ["cosmiconfig"],
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins
  banner: { js: 'import { createRequire as __kplugCreateRequire } from "node:module"; const require = __kplugCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
