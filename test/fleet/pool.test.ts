import { describe, expect, it } from "vitest";
import { SettlingPool } from "../../src/fleet/pool.js";

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
