/** What became of one item of a bounded-concurrency run. */
export type Settled<R> =
  | { status: "fulfilled"; value: R }
  | { status: "rejected"; reason: unknown }
  /** the signal was aborted before this item started */
  | { status: "not-started" };

export interface PoolOptions<T, R> {
  concurrency: number;
  /** when aborted, no new item starts; items in flight run to their end */
  signal?: AbortSignal;
  /** called as each item settles, in completion order (progress lines) */
  onSettled?: (item: T, result: Settled<R>, index: number) => void;
  /** called as each item starts */
  onStart?: (item: T, index: number) => void;
}

/**
 * Runs `work` over `items` with at most `concurrency` at a time and returns every result in input
 * order: one failure never hides the others, and an abort leaves the rest marked "not-started".
 */
export async function mapSettled<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, options: PoolOptions<T, R>): Promise<Settled<R>[]> {
  const results: Settled<R>[] = items.map(() => ({ status: "not-started" }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !options.signal?.aborted) {
      const index = next++;
      const item = items[index] as T;
      options.onStart?.(item, index);
      let result: Settled<R>;
      try {
        result = { status: "fulfilled", value: await work(item, index) };
      } catch (reason) {
        result = { status: "rejected", reason };
      }
      results[index] = result;
      options.onSettled?.(item, result, index);
    }
  };
  const width = Math.max(1, Math.min(Math.floor(options.concurrency), items.length));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}
