import { KonnectError } from "./errors.js";

/** no listing kplug makes needs more pages than this (100 000 control planes at 100 a page) */
export const MAX_PAGES = 1000;

/**
 * Stops a listing that makes no progress, whatever its paging style (page numbers, `page[after]`
 * cursors, Kong's `offset`): a cursor seen before, a page of items all read before, more than
 * MAX_PAGES pages (ever-new cursors), or more bytes in all than `maxBytes` (memory stays bounded).
 */
export class PageGuard {
  private pages = 0;
  private bytes = 0;
  private readonly cursors = new Set<string>();
  private readonly keys = new Set<string>();

  constructor(
    private readonly endpoint: string,
    private readonly maxBytes: number,
  ) {}

  /** after each page: its size in bytes and the keys (ids, names) of its items */
  page(bytes: number, keys: readonly string[]): void {
    this.pages++;
    this.bytes += bytes;
    if (this.pages > 1 && keys.length > 0 && keys.every((key) => this.keys.has(key))) this.fail(`page ${this.pages} repeats items already read`);
    for (const key of keys) this.keys.add(key);
    if (this.bytes > this.maxBytes) this.fail(`more than ${Math.round(this.maxBytes / 1024 / 1024)} MiB in all`);
  }

  /** before asking for the next page; `cursor` is its cursor or offset, when the style has one */
  next(cursor?: string): void {
    if (cursor !== undefined) {
      if (this.cursors.has(cursor)) this.fail("the next-page cursor repeats one already followed");
      this.cursors.add(cursor);
    }
    if (this.pages >= MAX_PAGES) this.fail(`more than ${MAX_PAGES} pages`);
  }

  private fail(what: string): never {
    throw new KonnectError(`${this.endpoint}: paging stopped: ${what}`, {
      endpoint: this.endpoint,
      failure: "shape",
      hint: "the server keeps paging without progress; check the Konnect address (a proxy may be answering), or retry later",
    });
  }
}
