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
 * How many items start in one go; more wait one turn of the event loop per wave. Starting an item
 * usually sends a request on a new connection (~0.3 ms to set up, on a slow machine): started all at
 * once, 64 of them kept the first request off the wire until the last was set up (~40 ms). In waves,
 * the first requests are written while the later ones are being started.
 */
const WAVE = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  await Promise.all(
    Array.from({ length: width }, async (_, k) => {
      for (let wave = 0; wave < Math.floor(k / WAVE); wave++) await nextTurn();
      return worker();
    }),
  );
  return results;
}

/**
 * mapSettled over items that arrive over time (the control planes of each listing page as it comes):
 * `add` starts them as slots free up, in the order added; `settle` adds whatever of the final list
 * was not added yet and returns every result in that list's order. Items are told apart by identity.
 */
export class SettlingPool<T, R> {
  private readonly results = new Map<T, Settled<R>>();
  private readonly queue: T[] = [];
  private readonly width: number;
  private added = 0;
  private running = 0;
  private idle: (() => void) | undefined;
  /** a pump is due on the next turn (the rest of a wave, see WAVE) */
  private pumpDue = false;
  /** a callback's exception: settle rejects with it once nothing runs */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly work: (item: T, index: number) => Promise<R>,
    private readonly options: PoolOptions<T, R>,
  ) {
    this.width = Math.max(1, Math.floor(options.concurrency));
  }

  add(items: readonly T[]): void {
    for (const item of items) {
      if (this.results.has(item)) continue;
      this.results.set(item, { status: "not-started" });
      this.queue.push(item);
    }
    this.pump();
  }

  async settle(items: readonly T[]): Promise<Settled<R>[]> {
    this.add(items);
    if (!this.drained()) await new Promise<void>((resolve) => (this.idle = resolve));
    if (this.failure) throw this.failure.error;
    return items.map((item) => this.results.get(item) as Settled<R>);
  }

  /** nothing runs and nothing more will start */
  private drained(): boolean {
    return this.running === 0 && (this.queue.length === 0 || Boolean(this.options.signal?.aborted));
  }

  private pump(): void {
    let started = 0;
    while (this.running < this.width && this.queue.length > 0 && !this.options.signal?.aborted) {
      if (started === WAVE) {
        if (!this.pumpDue) {
          this.pumpDue = true;
          setImmediate(() => {
            this.pumpDue = false;
            this.pump();
          });
        }
        return;
      }
      started++;
      const item = this.queue.shift() as T;
      const index = this.added++;
      this.running++;
      void this.run(item, index);
    }
  }

  private async run(item: T, index: number): Promise<void> {
    let result: Settled<R>;
    try {
      this.options.onStart?.(item, index);
      result = { status: "fulfilled", value: await this.work(item, index) };
    } catch (reason) {
      result = { status: "rejected", reason };
    }
    this.results.set(item, result);
    this.running--;
    try {
      this.options.onSettled?.(item, result, index);
    } catch (error) {
      this.failure ??= { error };
    }
    this.pump();
    if (this.idle && this.drained()) this.idle();
  }
}
