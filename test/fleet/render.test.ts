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
    const text = renderPushSummary(outcomes, plain, { interrupted: true, verbose: true });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^CONTROL PLANE\s+PLUGIN\s+MECHANISM\s+ACTION\s+TIME\s+RESULT$/);
    expect(lines[1]).toMatch(/^prod-us\s+demo\s+schema\s+create\s+120ms\s+ok$/);
    expect(lines[2]).toMatch(/^prod-eu\s+demo\s+schema\s+update\s+2\.3s\s+FAILED: 503 Service Unavailable \(request id r-1\)$/);
    expect(lines[3]).toMatch(/^staging\s+demo\s+-\s+skipped\s+-\s+not started \(interrupted\)$/);
    expect(text).toContain("3 control plane(s), 3 push(es): 1 created, 1 failed, 1 not started");
    expect(text).toContain("interrupted: 2 finished as shown, 1 not started (staging)");
  });

  it("groups identical outcomes and classifications: 60 control planes print like one, cut to the terminal width", () => {
    const change = { breaking: true, upgradePath: "Long", hasUnknown: false, changes: [{ message: "field config.ttl removed", breaking: true, upgradePath: "Long" }], steps: ["Plan a maintenance window."] };
    const many: PushOutcome[] = Array.from({ length: 60 }, (_, i) => ({
      controlPlane: cp(`prod-${String(i + 1).padStart(3, "0")}`),
      plugin: "demo",
      mechanism: "schema",
      action: "refused",
      dryRun: false,
      change: change as never,
      reason: "breaking change (Long); rerun with --allow-breaking after planning the upgrade",
      ms: 5,
    }));
    const failed: PushOutcome = { controlPlane: cp("edge"), plugin: "demo", mechanism: "streamed", action: "failed", step: "read", dryRun: false, error: { message: "GET /v2/control-planes/id-edge/custom-plugins: 503", status: 503, requestId: "r-9" }, ms: 1 };
    const text = renderPushSummary([...many, failed], plain, { interrupted: false, width: 100 });
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^PLUGIN\s+MECHANISM\s+ACTION\s+COUNT\s+CONTROL PLANES\s+RESULT$/);
    expect(lines[1]).toMatch(/^demo\s+schema\s+update\s+60\s+prod-001 … prod-060\s+refused: breaking change/);
    // the id of a control plane in a URL does not split a group, and the request id is left to --verbose
    expect(lines[2]).toMatch(/^demo\s+streamed\s+read\s+1\s+edge\s+FAILED: 503 GET \/v2\/control-planes\/\{control-…$/);
    expect(text).not.toContain("r-9");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text.match(/field config.ttl removed/g)).toHaveLength(1);
    expect(text).toContain("demo: breaking change, same on 60 control planes: prod-001 … prod-060");
    expect(lines.length).toBeLessThan(15);
  });

  it("shows control characters from server text escaped", () => {
    const evil: PushOutcome = { ...outcomes[1]!, error: { message: "bad\u001b[2J\u0007 thing" } };
    expect(renderPushSummary([evil], plain, { interrupted: false, verbose: true })).toContain("FAILED: bad\\x1b[2J\\x07 thing");
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
