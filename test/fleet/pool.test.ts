import { describe, expect, it } from "vitest";
import { mapSettled, SettlingPool } from "../../src/fleet/pool.js";

interface Item {
  name: string;
}

const items = (...names: string[]): Item[] => names.map((name) => ({ name }));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe("SettlingPool: work that starts as items arrive", () => {
  it("runs items added in batches once each, never more than the limit at a time, and answers in the final list's order", async () => {
    const [a, b, c, d, e] = items("a", "b", "c", "d", "e") as [Item, Item, Item, Item, Item];
    const ran: string[] = [];
    let running = 0;
    let peak = 0;
    const pool = new SettlingPool(
      async (item: Item) => {
        ran.push(item.name);
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
        if (item === c) throw new Error("c failed");
        return item.name.toUpperCase();
      },
      { concurrency: 2 },
    );
    pool.add([a, b]);
    pool.add([c]);
    await tick();
    // a and b again (already added) are not run twice; e comes only with the final list
    pool.add([d, a, b]);
    const results = await pool.settle([e, d, c, b, a]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : r.status))).toEqual(["E", "D", "rejected", "B", "A"]);
    expect([...ran].sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(ran.slice(0, 2)).toEqual(["a", "b"]);
    expect(peak).toBe(2);
  });

  it("after an abort starts nothing new, lets what runs finish, and marks the rest not started", async () => {
    const controller = new AbortController();
    const [a, b, c, d] = items("a", "b", "c", "d") as [Item, Item, Item, Item];
    const pool = new SettlingPool(
      async (item: Item) => {
        if (item === b) controller.abort();
        await tick();
        return item.name;
      },
      { concurrency: 2, signal: controller.signal },
    );
    pool.add([a, b, c]);
    const results = await pool.settle([a, b, c, d]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "not-started", "not-started"]);
  });

  it("settles at once when nothing was given, and reports a callback's exception once the work has ended", async () => {
    expect(await new SettlingPool(async () => 1, { concurrency: 4 }).settle([])).toEqual([]);
    const [a, b] = items("a", "b") as [Item, Item];
    const finished: string[] = [];
    const pool = new SettlingPool(
      async (item: Item) => {
        await tick();
        finished.push(item.name);
        return item.name;
      },
      {
        concurrency: 1,
        onSettled: (item) => {
          if (item === a) throw new Error("progress line failed");
        },
      },
    );
    await expect(pool.settle([a, b])).rejects.toThrow("progress line failed");
    expect(finished).toEqual(["a", "b"]);
  });
});

describe("pools start wide runs in waves", () => {
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  /** work that records its start and waits for `open()`; `peak` is how many ran at once */
  function gated() {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const state = { started: 0, running: 0, peak: 0 };
    const work = async (item: Item): Promise<string> => {
      state.started++;
      state.running++;
      state.peak = Math.max(state.peak, state.running);
      await gate;
      state.running--;
      return item.name;
    };
    return { state, work, open: () => release() };
  }

  it("SettlingPool: 8 start at once, the rest on later turns, up to the limit; the results keep their order", async () => {
    const all = items(...Array.from({ length: 20 }, (_, i) => `cp-${i}`));
    const { state, work, open } = gated();
    const pool = new SettlingPool(work, { concurrency: 20 });
    pool.add(all);
    expect(state.started).toBe(8);
    while (state.started < 20) await nextTurn();
    open();
    const results = await pool.settle(all);
    expect(state.peak).toBe(20);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : r.status))).toEqual(all.map((i) => i.name));
  });

  it("SettlingPool: an abort between waves leaves the rest not started, and settle still ends", async () => {
    const controller = new AbortController();
    const all = items(...Array.from({ length: 20 }, (_, i) => `cp-${i}`));
    const { state, work, open } = gated();
    const pool = new SettlingPool(work, { concurrency: 20, signal: controller.signal });
    pool.add(all);
    controller.abort();
    open();
    const results = await pool.settle(all);
    expect(state.started).toBe(8);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(8);
    expect(results.slice(8).every((r) => r.status === "not-started")).toBe(true);
  });

  it("mapSettled: the same waves, and an abort after the first leaves the rest not started", async () => {
    const all = items(...Array.from({ length: 20 }, (_, i) => `cp-${i}`));
    const wide = gated();
    const running = mapSettled(all, wide.work, { concurrency: 20 });
    expect(wide.state.started).toBe(8);
    while (wide.state.started < 20) await nextTurn();
    wide.open();
    expect((await running).map((r) => (r.status === "fulfilled" ? r.value : r.status))).toEqual(all.map((i) => i.name));
    expect(wide.state.peak).toBe(20);

    const controller = new AbortController();
    const stopped = gated();
    const aborted = mapSettled(all, stopped.work, { concurrency: 20, signal: controller.signal });
    controller.abort();
    stopped.open();
    const results = await aborted;
    expect(stopped.state.started).toBe(8);
    expect(results.slice(8).every((r) => r.status === "not-started")).toBe(true);
  });
});
