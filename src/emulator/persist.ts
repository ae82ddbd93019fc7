import { open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputError } from "../errors.js";
import { parseState } from "./config.js";
import type { EmulatorStateSnapshot } from "./types.js";

/** The saved state, or undefined when the file does not exist yet. */
export async function loadStateFile(path: string): Promise<EmulatorStateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new InputError(path, `cannot read the state file (${code ?? "error"})`, "check its permissions");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(path, "the state file is not valid JSON", "delete it to start from the seed");
  }
  return parseState(value, path);
}

let tempCounter = 0;

/**
 * Writes the file so that readers (and a crash) see either the old or the new content, never a
 * torn one: temp file in the same directory, fsync, rename over the target, fsync the directory.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  tempCounter += 1;
  const temp = join(dir, `.${basename(path)}.${process.pid}.${tempCounter}.tmp`);
  try {
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  try {
    const dirHandle = await open(dir, "r");
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  } catch {
    // some platforms cannot fsync a directory; the rename is still atomic
  }
}

/**
 * Serializes state writes: at most one write in flight, and mutations made meanwhile are folded into
 * one follow-up write. `flush()` resolves once everything changed before the call is on disk.
 */
export class StateWriter {
  private dirty = false;
  private running: Promise<void> | undefined;
  private lastError: unknown;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => EmulatorStateSnapshot,
  ) {}

  markDirty(): void {
    this.dirty = true;
  }

  async flush(): Promise<void> {
    while (this.dirty || this.running) {
      if (this.running) {
        await this.running;
        continue;
      }
      this.dirty = false;
      const text = `${JSON.stringify(this.snapshot(), null, 2)}\n`;
      this.running = writeFileAtomic(this.path, text).then(
        () => {
          this.running = undefined;
        },
        (error: unknown) => {
          this.running = undefined;
          this.dirty = true;
          this.lastError = error;
        },
      );
      await this.running;
      if (this.lastError) {
        const error = this.lastError;
        this.lastError = undefined;
        this.dirty = false;
        throw error;
      }
    }
  }
}
