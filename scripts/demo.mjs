#!/usr/bin/env node
// `npm run demo`: the README's first command. Starts the Konnect emulator (seeded demo org) on a free
// port, then runs kplug as a user would: validate the examples, push them to several control planes
// (one a Dedicated Cloud Gateway), list the matrix, edit a copy of one example and diff it, stop.
// Works offline; exits non-zero if any step does not end with the exit code it should.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "bin/kplug.js");
const examples = join(root, "fixtures/examples");
const { startEmulator } = await import(join(root, "dist/emulator/index.js"));

const emulator = await startEmulator({ port: 0 });
// a demo token: the emulator accepts any kpat_-shaped token; it is never printed
const env = { ...process.env, KONNECT_ADDR: emulator.url, KONNECT_TOKEN: "kpat_demo0000000000000000000000000000000000000000" };
const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${text}\x1b[0m` : text);

function kplug(args, cwd = root) {
  process.stdout.write(`\n${bold(`$ kplug ${args.join(" ")}`)}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
}

let failed = false;
async function step(args, expected, cwd) {
  const code = await kplug(args, cwd);
  if (code !== expected) {
    failed = true;
    process.stderr.write(`demo: expected exit ${expected} from "kplug ${args.join(" ")}", got ${code}\n`);
  }
}

const work = await mkdtemp(join(tmpdir(), "kplug-demo-"));
try {
  process.stdout.write(`Konnect emulator on ${emulator.url} (seeded org: prod-us, prod-eu, staging, dev-sandbox, edge-dcg (Dedicated Cloud Gateway), prod-group, kic-cluster, serverless-dev)\n`);
  const plugins = (await readdir(join(examples, "kong/plugins"))).sort().map((name) => `fixtures/examples/kong/plugins/${name}`);
  const targets = ["--control-plane", "prod-us", "--control-plane", "prod-eu", "--control-plane", "edge-dcg"];

  await step(["validate", "fixtures/examples"], 0);
  // the examples' plugin instances in a decK file: one of them is invalid (exit 1)
  await step(["validate", "fixtures/examples", "--deck", "fixtures/examples/kong.yaml"], 1);
  await step(["push", ...plugins, ...targets], 0);
  await step(["push", ...plugins, ...targets], 0); // again: everything unchanged, nothing written
  await step(["list", "--label", "env=prod", ...plugins], 0);

  // edit a copy of one example: a new optional field (safe) and a changed default (breaking)
  const name = plugins[0].split("/").pop();
  await cp(join(examples, "kong/plugins", name), join(work, "kong/plugins", name), { recursive: true });
  const schemaPath = join(work, "kong/plugins", name, "schema.lua");
  const original = await readFile(schemaPath, "utf8");
  // a new optional field at the top of the config record
  const configFields = original.indexOf("fields", original.indexOf("config = {"));
  const at = original.indexOf("{", configFields) + 1;
  const edited = `${original.slice(0, at)}\n          { demo_note = { type = "string", description = "Added by the kplug demo." } },${original.slice(at)}`;
  await writeFile(schemaPath, edited);
  process.stdout.write(`\n(edited a copy of ${name} in ${work}: added an optional field demo_note)\n`);
  await step(["diff", `kong/plugins/${name}`, "--control-plane", "prod-us", "--control-plane", "edge-dcg"], 1, work);
  await step(["push", `kong/plugins/${name}`, "--control-plane", "prod-us", "--dry-run"], 0, work);
} finally {
  await emulator.stop();
  await rm(work, { recursive: true, force: true });
}
process.stdout.write(failed ? "\ndemo: FAILED (see above)\n" : "\ndemo: done, emulator stopped.\n");
process.exitCode = failed ? 1 : 0;
