#!/usr/bin/env node
// Thin launcher: check the runtime, then hand over to the compiled CLI. Only this file sets the exit code.
import { loadFast } from "./code-cache.js";

const [major, minor, patch] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && (minor < 18 || (minor === 18 && patch < 1)))) {
  process.stderr.write(`kplug: Node.js >= 20.18.1 is required (this is ${process.version}); install a newer Node.js.\n`);
  process.exit(2);
}
const argv = process.argv.slice(2);
// the bundle is minified: map --debug stack traces back to src/
if (argv.includes("--debug")) process.setSourceMapsEnabled(true);

// Cold start: validate, rules and --version run from one CommonJS bundle without commander
// (dist/cli/fast.cjs), compiled with a V8 code cache; it hands anything it does not know to the
// full CLI by returning undefined.
const fast = argv.includes("--debug") ? undefined : loadFast(new URL("../dist/cli/", import.meta.url));
let code = fast ? await fast.module.fastMain(argv) : undefined;
const handled = code !== undefined;
if (code === undefined) {
  const { main } = await import("../dist/cli/main.js");
  code = await main(argv);
}
// a cache made by a validate run holds the code validate needs (one made by --version would not)
if (fast && handled && argv.includes("validate")) fast.saveCache();
process.exitCode = code;
// undici's timers keep the event loop alive ~100 ms after the last request; leave as soon as
// everything written to stdout and stderr has been flushed.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
