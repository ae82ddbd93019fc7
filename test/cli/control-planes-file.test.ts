import { describe, expect, it } from "vitest";
import { parseControlPlanesList } from "../../src/cli/control-planes-file.js";

describe("--control-planes-from", () => {
  it("takes one entry per line, drops comments and blank lines", () => {
    expect(parseControlPlanesList("# prod fleet\nprod-001\r\n\n  prod-002  # the canary\nedge-*\n#edge-9\n")).toEqual(["prod-001", "prod-002", "edge-*"]);
  });
});
