import { join } from "node:path";
import { expect, it, vi } from "vitest";
import type * as Cosmiconfig from "cosmiconfig";
import { ConfigError } from "../../src/errors.js";

// kplug does not ship `typescript`; on Node 20 a kplug.config.ts then cannot be compiled. Simulate the
// package being absent by making cosmiconfig's TS loader fail the way its `import("typescript")` does.
vi.mock("cosmiconfig", async (importOriginal) => {
  const actual = await importOriginal<typeof Cosmiconfig>();
  const missing = () => {
    throw Object.assign(new Error("Cannot find package 'typescript' imported from /x/cosmiconfig/dist/loaders.js"), { code: "ERR_MODULE_NOT_FOUND" });
  };
  return { ...actual, defaultLoaders: { ...actual.defaultLoaders, ".ts": missing } };
});

it("explains that a TypeScript config needs the typescript package", async () => {
  // only meaningful where Node cannot strip types itself
  if ((process.features as { typescript?: unknown }).typescript) return;
  const { loadConfig } = await import("../../src/config/load.js");
  const error = await loadConfig({ cwd: join(import.meta.dirname, "../../fixtures/config/ts") }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe('kplug.config.ts: loading a TypeScript config needs the "typescript" package, which kplug does not bundle');
  expect((error as ConfigError).hint).toBe("install typescript next to kplug, or rename the file to kplug.config.mjs");
});
