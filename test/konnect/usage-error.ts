import { expect } from "vitest";
import { ExitCode, KplugError } from "../../src/errors.js";

/** The usage error `run` throws, checked for what every usage error must be: exit 2, one line, a fix. */
export function usageErrorOf(run: () => unknown): KplugError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KplugError);
    expect((error as KplugError).exitCode).toBe(ExitCode.usage);
    expect((error as KplugError).message).not.toContain("\n");
    expect((error as KplugError).hint).toBeTruthy();
    return error as KplugError;
  }
  throw new Error("expected a usage error");
}
