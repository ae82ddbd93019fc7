// Loads one of kplug's CommonJS bundles (dist/cli/fast.cjs: the cold-start path; dist/cli/full.cjs: the
// whole CLI) with a V8 code cache, so that a cold run does not spend its time compiling kplug's own code.
// - Node 22+: module.enableCompileCache.
// - Node 20: vm.Script with cachedData, the cache written once after a run that had none.
// The cache lives in $XDG_CACHE_HOME/kplug, else ~/.cache/kplug, else <tmpdir>/kplug-<uid>: never in
// the project. Its file name holds kplug's version, the bundle's hash and Node's version, so a new
// build or Node never reads an old cache (V8 also rejects a cache that does not match the source).
// Writes go to a temporary file renamed into place (concurrent runs never see half a file); any
// failure (read-only home, full disk, no tmp) only means running without a cache.
"use strict";
const { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } = require("node:fs");
const nodeModule = require("node:module");
const { createRequire } = nodeModule;
const { homedir, tmpdir } = require("node:os");
const { join } = require("node:path");
const { fileURLToPath } = require("node:url");
const vm = require("node:vm");

/** Where caches may go, most preferred first. */
function cacheDirs() {
  const dirs = [];
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) dirs.push(join(xdg, "kplug"));
  else {
    const home = safe(() => homedir());
    if (home) dirs.push(join(home, ".cache", "kplug"));
  }
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  dirs.push(join(tmpdir(), `kplug-${uid}`));
  return dirs;
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** A directory we may trust: ours, not a link (in a shared tmpdir another user could plant one). */
function trusted(dir) {
  const info = safe(() => lstatSync(dir));
  if (!info?.isDirectory()) return false;
  return typeof process.getuid !== "function" || info.uid === process.getuid();
}

// import() is not available to code compiled by vm.Script (Node 20 needs --experimental-vm-modules for
// it); the bundles import only one thing at run time, a JavaScript config file, through this hook.
globalThis[Symbol.for("kplug.import")] = (href) => import(href);

/**
 * A bundle's module (`bundle`: "fast" or "full") and a saveCache() to call once the run is over;
 * undefined when the bundle is missing (e.g. an older build). `tag` names the cache: a cache holds the
 * functions the run that wrote it compiled, so each command keeps its own.
 */
function loadBundle(distCli, bundle, tag) {
  const file = fileURLToPath(new URL(`${bundle}.cjs`, distCli));
  const meta = safe(() => JSON.parse(readFileSync(new URL(`${bundle}.json`, distCli), "utf8")));
  if (!meta) return undefined;
  const require = createRequire(file);
  const prefix = `${bundle}${tag ? `-${tag}` : ""}-`;
  const name = `${prefix}${meta.version}-${meta.hash}-${process.version}-${process.arch}.v8`;

  if (typeof nodeModule.enableCompileCache === "function") {
    const dir = cacheDirs().find((candidate) => safe(() => (mkdirSync(candidate, { recursive: true, mode: 0o700 }), trusted(candidate))));
    if (dir) safe(() => nodeModule.enableCompileCache(join(dir, "node-compile-cache")));
    return { module: require(file), saveCache() {} };
  }

  const source = safe(() => readFileSync(file, "utf8"));
  if (source === undefined) return undefined;
  let cachedData;
  for (const dir of cacheDirs()) {
    if (!trusted(dir)) continue;
    cachedData = safe(() => readFileSync(join(dir, name)));
    if (cachedData) break;
  }
  // the same wrapper as Node's for CommonJS modules
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, fileURLToPath(distCli));
  const needsCache = !cachedData || script.cachedDataRejected === true;
  return {
    module: module.exports,
    saveCache() {
      if (!needsCache) return;
      // after the run: the cache then also holds the functions this run compiled lazily
      const data = safe(() => script.createCachedData());
      if (!data) return;
      for (const dir of cacheDirs()) {
        const temp = join(dir, `${name}.${process.pid}.${Date.now()}.tmp`);
        const saved = safe(() => {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          if (!trusted(dir)) return false;
          writeFileSync(temp, data, { mode: 0o600 });
          renameSync(temp, join(dir, name));
          pruneOlderCaches(dir, prefix, name);
          return true;
        });
        if (!saved) safe(() => unlinkSync(temp));
        if (saved) return;
      }
    },
  };
}

/**
 * One cache per bundle and command: a new build, kplug or Node writes a new file, and the ones it
 * replaces (same bundle and command, other version/hash/Node) would otherwise pile up. Another kplug
 * version run meanwhile only loses its cache and compiles once more.
 */
function pruneOlderCaches(dir, prefix, keep) {
  for (const file of safe(() => readdirSync(dir)) ?? []) {
    if (file !== keep && file.startsWith(prefix) && file.endsWith(".v8")) safe(() => unlinkSync(join(dir, file)));
  }
}

module.exports = { loadBundle };
