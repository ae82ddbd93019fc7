import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // spawned CLIs and emulators on a loaded 2-core machine: generous, since no test asserts timing
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
