import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";

const created: string[] = [];

/** A fresh temp directory (real path, so that it compares equal to what discovery returns), removed after the test. */
export function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "kplug-validate-")));
  created.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files below root: { "kong/plugins/a/schema.lua": "…" }. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

export const schemaOf = (name: string): string => `return { name = "${name}", fields = { { config = { type = "record", fields = {} } } } }\n`;
export const HANDLER = `return { PRIORITY = 1000, VERSION = "1.0.0" }\n`;
