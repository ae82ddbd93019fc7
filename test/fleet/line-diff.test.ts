import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../../src/fleet/line-diff.js";
import { normalizeContent, sameContent, shortHash } from "../../src/fleet/content.js";
import { mapSettled } from "../../src/fleet/pool.js";

describe("line diff", () => {
  it("finds a minimal edit script", () => {
    const script = diffLines("a\nb\nc\n", "a\nx\nc\nd\n");
    expect(script.map((l) => `${l.op}${l.text}`)).toEqual([" a", "-b", "+x", " c", "+d"]);
  });
  it("prints unified hunks with 3 lines of context", () => {
    const old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
    const text = unifiedDiff(old, old.replace("2\n", "two\n").replace("12\n", "12\n13\n"), { old: "a", new: "b" });
    expect(text).toBe(["--- a", "+++ b", "@@ -1,5 +1,5 @@", " 1", "-2", "+two", " 3", " 4", " 5", "@@ -10,3 +10,4 @@", " 10", " 11", " 12", "+13", ""].join("\n"));
  });
  it("handles empty sides", () => {
    expect(unifiedDiff("", "x\n", { old: "a", new: "b" })).toContain("@@ -0,0 +1,1 @@\n+x");
    expect(unifiedDiff("x\ny\n", "", { old: "a", new: "b" })).toContain("@@ -1,2 +0,0 @@\n-x\n-y");
    expect(unifiedDiff("same\n", "same\n", { old: "a", new: "b" })).toBe("");
  });
  it("agrees with a brute-force LCS on random inputs", () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(8) }, () => "abc"[rand(3)]).join("\n");
      const b = Array.from({ length: rand(8) }, () => "abc"[rand(3)]).join("\n");
      const script = diffLines(a, b);
      expect(script.filter((l) => l.op !== "+").map((l) => l.text).join("\n")).toBe(a);
      expect(script.filter((l) => l.op !== "-").map((l) => l.text).join("\n")).toBe(b);
      expect(script.filter((l) => l.op === " ").length).toBe(lcs(a ? a.split("\n") : [], b ? b.split("\n") : []));
    }
  });
});

function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe("content normalization", () => {
  it("ignores line endings and trailing whitespace, not other changes", () => {
    expect(sameContent("a  \r\nb\r\n\r\n", "a\nb")).toBe(true);
    expect(sameContent("a\nb", "a\n b")).toBe(false);
    expect(normalizeContent("x \n\n")).toBe("x\n");
    expect(shortHash("a\r\n")).toBe(shortHash("a"));
    expect(shortHash("a")).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("bounded pool", () => {
  it("keeps input order, never exceeds the limit, and reports each failure", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapSettled([5, 1, 4, 2, 3], async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      if (n === 4) throw new Error("four");
      return n * 10;
    }, { concurrency: 2 });
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : r.status))).toEqual([50, 10, "rejected", 20, 30]);
  });
  it("starts nothing new after an abort and marks the rest not started", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await mapSettled([1, 2, 3, 4], async (n) => {
      started.push(n);
      if (n === 2) controller.abort();
      await new Promise((r) => setTimeout(r, 5));
      return n;
    }, { concurrency: 2, signal: controller.signal });
    expect(started).toEqual([1, 2]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "not-started", "not-started"]);
  });
});
