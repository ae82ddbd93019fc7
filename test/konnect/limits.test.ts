import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/cli/duration.js";
import { Deadline, formatDuration } from "../../src/konnect/deadline.js";
import { KonnectError } from "../../src/konnect/errors.js";
import { MAX_PAGES, PageGuard } from "../../src/konnect/paging.js";
import { resolveRetry } from "../../src/konnect/retry.js";

describe("--timeout durations", () => {
  it("reads units and bare seconds, refuses zero, junk and more than a day", () => {
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("1500ms")).toBe(1500);
    expect(parseDuration("2.5")).toBe(2500);
    for (const bad of ["0", "0s", "-1m", "5 minutes", "", "25h", "1e3"]) expect(() => parseDuration(bad)).toThrow(/expected a duration/);
  });

  it("formats durations for messages", () => {
    expect(formatDuration(2000)).toBe("2s");
    expect(formatDuration(300_000)).toBe("5m");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(3_600_000)).toBe("1h");
    expect(formatDuration(500)).toBe("500ms");
  });
});

describe("the command deadline", () => {
  it("counts down, and time spent waiting for the user does not count", async () => {
    let now = 1000;
    const deadline = new Deadline(10_000, () => now);
    now += 4000;
    expect(deadline.remaining()).toBe(6000);
    await deadline.excluding(async () => {
      now += 60_000;
    });
    expect(deadline.remaining()).toBe(6000);
    now += 6000;
    expect(deadline.passed).toBe(true);
    const error = deadline.error("GET /v2/x", { ambiguous: true });
    expect(error).toBeInstanceOf(KonnectError);
    expect(error.message).toBe("GET /v2/x: gave up: the command's time limit (--timeout 10s) has passed");
    expect(error.ambiguous).toBe(true);
    expect(error.exitCode).toBe(1);
  });

  it("caps an honoured Retry-After at 30 s by default", () => {
    expect(resolveRetry().maxRetryAfterMs).toBe(30_000);
  });
});

describe("the paging guard", () => {
  it("stops on a repeated cursor, a page of items already read, too many pages or too many bytes", () => {
    const cursor = new PageGuard("GET /v2/x", 1000);
    cursor.page(10, ["a"]);
    cursor.next("c1");
    cursor.page(10, ["b"]);
    expect(() => cursor.next("c1")).toThrow("GET /v2/x: paging stopped: the next-page cursor repeats one already followed");

    const repeat = new PageGuard("GET /v2/x", 1000);
    repeat.page(10, ["a", "b"]);
    repeat.next("c1");
    expect(() => repeat.page(10, ["b", "a"])).toThrow("page 2 repeats items already read");

    const partly = new PageGuard("GET /v2/x", 1000);
    partly.page(10, ["a", "b"]);
    expect(() => partly.page(10, ["b", "c"])).not.toThrow();

    const endless = new PageGuard("GET /v2/x", Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < MAX_PAGES; i++) {
      if (i > 0) endless.next(`c${i}`);
      endless.page(1, [`item${i}`]);
    }
    expect(() => endless.next("one more")).toThrow(`more than ${MAX_PAGES} pages`);

    const heavy = new PageGuard("GET /v2/x", 2 * 1024 * 1024);
    heavy.page(1024 * 1024, ["a"]);
    expect(() => heavy.page(1024 * 1024 + 1, ["b"])).toThrow("more than 2 MiB in all");
  });
});
