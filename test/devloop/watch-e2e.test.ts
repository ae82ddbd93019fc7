import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { kplugBin, runKplug } from "../helpers/run.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-watch-"));
  await runKplug(["init", "watched"], { cwd: dir });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A running `kplug validate --watch` whose output can be awaited as it comes. */
function startWatch(cwd: string) {
  const child = spawn(process.execPath, [kplugBin, "validate", "--watch"], { cwd, env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: undefined }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.setEncoding("utf8").on("data", (d: string) => ((stdout += d), check()));
  child.stderr.setEncoding("utf8").on("data", (d: string) => ((stderr += d), check()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => stdout,
    errors: () => stderr,
    /** resolves once `text` has appeared `times` times on stdout (event-driven: no sleeps) */
    waitFor: (text: string, times = 1) =>
      new Promise<void>((resolve) => {
        waiters.push({ test: () => stdout.split(text).length - 1 >= times, resolve });
        check();
      }),
    /** resolves once stderr says the watcher is ready for the `times`-th time */
    ready: (times: number) =>
      new Promise<void>((resolve) => {
        waiters.push({ test: () => stderr.split("for changes (Ctrl-C to stop)").length - 1 >= times, resolve });
        check();
      }),
  };
}

describe("kplug validate --watch", () => {
  it("re-validates on save, never exits on findings, and Ctrl-C exits 0", { timeout: 60_000 }, async () => {
    const watcher = startWatch(dir);
    await watcher.ready(1);
    expect(watcher.output()).toContain("✔ 1 plugin valid, no problems");

    const schemaPath = join(dir, "kong/plugins/watched/schema.lua");
    const schema = await readFile(schemaPath, "utf8");
    await writeFile(schemaPath, schema.replace("required = true", "requird = true"));
    await watcher.waitFor("requird: unknown field");
    expect(watcher.output()).toContain("changed: kong/plugins/watched/schema.lua");
    await watcher.ready(2);

    // a half-saved (empty) file is reported, and the watch goes on
    await writeFile(schemaPath, "");
    await watcher.waitFor("kplug: kong/plugins/watched/schema.lua: is empty");

    await writeFile(schemaPath, schema);
    await watcher.waitFor("✔ 1 plugin valid, no problems", 2);
    watcher.child.kill("SIGINT");
    expect(await watcher.exited).toBe(0);
  });

  it("watches a folder created inside the plugin after start-up", { timeout: 60_000 }, async () => {
    const watcher = startWatch(dir);
    await watcher.ready(1);
    const sub = join(dir, "kong/plugins/watched/lib");
    await mkdir(sub);
    await watcher.ready(2);
    await writeFile(join(sub, "util.lua"), "return {}\n");
    await watcher.waitFor("changed: kong/plugins/watched/lib/util.lua");
    watcher.child.kill("SIGINT");
    expect(await watcher.exited).toBe(0);
  });
});
