import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { PushOutcome } from "../../src/fleet/types.js";
import { renderProgressLine, renderPushSummary } from "../../src/render/fleet-summary.js";
import { colorDiff } from "../../src/render/fleet-diff.js";

const plain = new Chalk({ level: 0 });
const cp = (name: string) => ({ id: `id-${name}`, name, kind: "hybrid" as const });

describe("fleet renderers", () => {
  const outcomes: PushOutcome[] = [
    { controlPlane: cp("prod-us"), plugin: "demo", mechanism: "schema", action: "create", dryRun: false, ms: 120 },
    { controlPlane: cp("prod-eu"), plugin: "demo", mechanism: "schema", action: "failed", step: "update", dryRun: false, error: { message: "Service Unavailable", status: 503, requestId: "r-1" }, ms: 2300 },
    { controlPlane: cp("staging"), plugin: "demo", action: "skipped", dryRun: false, interrupted: true, reason: "not started: interrupted", ms: 0 },
  ];

  it("summarizes each control plane with its result, failures with status and request id", () => {
    const text = renderPushSummary(outcomes, plain, { interrupted: true });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^CONTROL PLANE\s+PLUGIN\s+MECHANISM\s+ACTION\s+TIME\s+RESULT$/);
    expect(lines[1]).toMatch(/^prod-us\s+demo\s+schema\s+create\s+120ms\s+ok$/);
    expect(lines[2]).toMatch(/^prod-eu\s+demo\s+schema\s+update\s+2\.3s\s+FAILED: 503 Service Unavailable \(request id r-1\)$/);
    expect(lines[3]).toMatch(/^staging\s+demo\s+-\s+skipped\s+-\s+not started \(interrupted\)$/);
    expect(text).toContain("3 control plane(s), 3 push(es): 1 created, 1 failed, 1 not started");
    expect(text).toContain("interrupted: 2 finished as shown, 1 not started (staging)");
  });

  it("shows control characters from server text escaped", () => {
    const evil: PushOutcome = { ...outcomes[1]!, error: { message: "bad\u001b[2J\u0007 thing" } };
    expect(renderPushSummary([evil], plain, { interrupted: false })).toContain("FAILED: bad\\x1b[2J\\x07 thing");
    expect(renderProgressLine("prod-eu", [evil], plain)).toBe("✗ prod-eu: demo failed (bad\\x1b[2J\\x07 thing) (2.3s)\n");
  });

  it("colors diffs only when asked", () => {
    const diff = "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n";
    expect(colorDiff(diff, plain)).toBe(diff);
    const colored = colorDiff(diff, new Chalk({ level: 1 }));
    expect(colored).toContain("\u001b[31m-x");
    expect(colored).toContain("\u001b[32m+y");
  });
});
