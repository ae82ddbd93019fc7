#!/usr/bin/env node
// Thin launcher: check the runtime, then hand over to the compiled CLI. Only this file sets the exit code.
const [major, minor, patch] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && (minor < 18 || (minor === 18 && patch < 1)))) {
  process.stderr.write(`kplug: Node.js >= 20.18.1 is required (this is ${process.version}); install a newer Node.js.\n`);
  process.exit(2);
}
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
