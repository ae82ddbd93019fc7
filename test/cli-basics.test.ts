import { describe, expect, it } from "vitest";
import { runKplug } from "./helpers/run.js";

describe("kplug binary", () => {
  it("prints its version from package.json", async () => {
    const { default: pkg } = await import("../package.json", { with: { type: "json" } });
    const result = await runKplug(["--version"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it("rejects an unknown option with exit code 2 and no stack trace", async () => {
    const result = await runKplug(["--bogus"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
