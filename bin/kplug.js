#!/usr/bin/env node
// Thin launcher: check the runtime, then hand over to the compiled CLI. Only this file sets the exit code.
const [major, minor, patch] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && (minor < 18 || (minor === 18 && patch < 1)))) {
  process.stderr.write(`kplug: Node.js >= 20.18.1 is required (this is ${process.version}); install a newer Node.js.\n`);
  process.exit(2);
}
// the bundle is minified: map --debug stack traces back to src/
if (process.argv.includes("--debug")) process.setSourceMapsEnabled(true);
const { main } = await import("../dist/cli/main.js");
const code = await main(process.argv.slice(2));
process.exitCode = code;
// undici's timers keep the event loop alive ~100 ms after the last request; leave as soon as
// everything written to stdout and stderr has been flushed.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
