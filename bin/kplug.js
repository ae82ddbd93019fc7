#!/usr/bin/env node
// Thin launcher: check the runtime, then hand over to the compiled CLI. Only this file sets the exit code.
// CommonJS (bin/package.json): a CommonJS entry starts without Node's ESM loader, which costs a
// cold `kplug validate` several milliseconds before any of kplug's code runs.
"use strict";
const { pathToFileURL } = require("node:url");
const { loadBundle } = require("./code-cache.js");

const [major, minor, patch] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && (minor < 18 || (minor === 18 && patch < 1)))) {
  process.stderr.write(`kplug: Node.js >= 20.18.1 is required (this is ${process.version}); install a newer Node.js.\n`);
  process.exit(2);
}
// undici parses HTTP with llhttp compiled to WebAssembly, and V8 re-compiles it with TurboFan on
// background threads that the process joins at exit: a short networked command (list or push on one
// control plane) waited ~130 ms after its last byte. Liftoff's code alone parses fast enough. Only on
// the V8 versions known to have the flag: V8 prints an error for a flag it does not know. Commands
// that never go on the network skip it (and the load of node:v8).
const argv = process.argv.slice(2);
/** the command's name, or the first value of a global option before it: only a cache's name and a hint */
const command = argv.find((arg) => !arg.startsWith("-"));
const offline = ["validate", "rules", "init", "completion"].includes(command ?? "") || argv.length === 0 || argv.includes("--version") || argv.includes("-V");
if (!offline && Number(process.versions.v8.split(".")[0]) <= 13) require("node:v8").setFlagsFromString("--liftoff-only");
const debug = argv.includes("--debug");
// the bundles are minified: map --debug stack traces back to src/
if (debug) process.setSourceMapsEnabled(true);
const distCli = pathToFileURL(`${__dirname}/../dist/cli/`);
// Cold start: validate, rules and --version run from one bundle without commander (dist/cli/fast.cjs);
// it hands anything it does not know to the full CLI by returning undefined.
const mayBeFast = command === "validate" || command === "rules" || (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V"));
// the cold-start path's config reader is a bundle of its own, loaded (with its code cache) only when a
// config file is there
const extraBundles = [];
globalThis[Symbol.for("kplug.bundle")] = (name) => {
  const bundle = loadBundle(distCli, name);
  if (bundle) extraBundles.push(bundle);
  return bundle?.module;
};
async function run() {
  const fast = mayBeFast && !debug ? loadBundle(distCli, "fast") : undefined;
  let code = fast ? await fast.module.fastMain(argv) : undefined;
  const handled = code !== undefined;
  // The full CLI (dist/cli/full.cjs), with a code cache per command; --debug loads it plainly, so that
  // stack traces map through its source map.
  let full;
  if (code === undefined) {
    full = debug ? undefined : loadBundle(distCli, "full", /^[a-z]+$/.test(command ?? "") ? command : "other");
    const { main } = full ? full.module : require("../dist/cli/full.cjs");
    // the process ends right after: main leaves open connections to the OS
    code = await main(argv, undefined, { exitAfter: true });
  }
  // a cache made by a validate run holds the code validate needs (one made by --version would not); a
  // run that ended in a usage error (exit code 2) may have compiled little of its command
  if (fast && handled && command === "validate") for (const bundle of [fast, ...extraBundles]) bundle.saveCache();
  if (full && (code === 0 || code === 1)) full.saveCache();
  return code;
}

// Whether the run opened stderr: opening it only to flush it at exit would load node:net when it is a
// pipe (~4 ms of a cold validate that printed nothing there).
let stderrOpened = false;
const stderrProperty = Object.getOwnPropertyDescriptor(process, "stderr");
if (stderrProperty?.get && stderrProperty.configurable) {
  Object.defineProperty(process, "stderr", {
    ...stderrProperty,
    get() {
      stderrOpened = true;
      return stderrProperty.get.call(process);
    },
  });
} else stderrOpened = true;

run().then((code) => {
  process.exitCode = code;
  // undici's timers keep the event loop alive ~100 ms after the last request; leave as soon as
  // everything written to stdout and stderr has been flushed.
  const leave = () => process.exit(code);
  process.stdout.write("", () => (stderrOpened ? process.stderr.write("", leave) : leave()));
});
