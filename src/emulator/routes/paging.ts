import type { HttpResponse, InvalidParameter } from "../responses.js";
import type { RouteContext } from "../router.js";

export type PageSizeResult = { ok: true; value: number } | { ok: false; invalid: InvalidParameter };

/** reads an integer page size; empty or absent means the default */
export function readPageSize(query: URLSearchParams, param: string, limits: { defaultSize: number; max: number }): PageSizeResult {
  const raw = query.get(param);
  if (raw === null || raw === "") return { ok: true, value: limits.defaultSize };
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    return { ok: false, invalid: { field: param, rule: "is_integer", source: "query", reason: "must be an integer" } };
  }
  if (value < 1) return { ok: false, invalid: { field: param, rule: "min", minimum: 1, source: "query", reason: "must be at least 1" } };
  if (value > limits.max) return { ok: false, invalid: { field: param, rule: "max", maximum: limits.max, source: "query", reason: `must be at most ${limits.max}` } };
  return { ok: true, value };
}

/** `page[after]` cursors are base64url JSON `{"id": key}` like Konnect's; a bare key is accepted too */
export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ id: key }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (decoded && typeof decoded === "object" && typeof (decoded as { id?: unknown }).id === "string") return (decoded as { id: string }).id;
  } catch {
    // not one of ours: a bare key
  }
  return cursor;
}

export type CursorPage<T> =
  | { ok: true; items: T[]; size: number; next: string | null; first: boolean }
  | { ok: false; response: HttpResponse };

/**
 * page[size] / page[after] over `items` in their listed order. `next` is the path of the next page
 * relative to the API base (…/v2), as in the spec's examples, or null on the last page. When the
 * cursor's item is gone, a list sorted by key resumes after the cursor's position.
 */
export function cursorPage<T>(
  ctx: RouteContext,
  items: readonly T[],
  keyOf: (item: T) => string,
  limits: { defaultSize: number; max: number; sortedByKey?: boolean },
): CursorPage<T> {
  const size = readPageSize(ctx.query, "page[size]", limits);
  if (!size.ok) return { ok: false, response: ctx.error(400, "Invalid page size", { invalidParameters: [size.invalid] }) };
  const after = ctx.query.get("page[after]");
  let start = 0;
  if (after !== null && after !== "") {
    const key = decodeCursor(after);
    const index = items.findIndex((item) => keyOf(item) === key);
    if (index >= 0) start = index + 1;
    else if (limits.sortedByKey) {
      start = items.findIndex((item) => keyOf(item) > key);
      if (start < 0) start = items.length;
    } else {
      return {
        ok: false,
        response: ctx.error(400, "Invalid page cursor", { invalidParameters: [{ field: "page[after]", rule: "invalid", source: "query", reason: "is not a valid cursor" }] }),
      };
    }
  }
  const pageItems = items.slice(start, start + size.value);
  const last = pageItems.at(-1);
  const hasMore = start + size.value < items.length;
  let next: string | null = null;
  if (hasMore && last !== undefined) {
    const params = new URLSearchParams(ctx.query);
    params.set("page[size]", String(size.value));
    params.set("page[after]", encodeCursor(keyOf(last)));
    next = `${ctx.pathname.replace(/^\/v2/, "")}?${params.toString()}`;
  }
  return { ok: true, items: pageItems, size: size.value, next, first: start === 0 };
}

export type OffsetPage<T> = { ok: true; items: T[]; next?: string; offset?: string } | { ok: false; response: HttpResponse };

/**
 * Kong-style `size` / `offset` paging: `offset` is opaque; `next` (the full path of the next page)
 * and `offset` are present only when more items follow.
 */
export function offsetPage<T>(ctx: RouteContext, items: readonly T[]): OffsetPage<T> {
  const size = readPageSize(ctx.query, "size", { defaultSize: 100, max: 1000 });
  if (!size.ok) return { ok: false, response: ctx.error(400, `size: ${size.invalid.reason}`) };
  const offsetRaw = ctx.query.get("offset");
  let start = 0;
  if (offsetRaw !== null && offsetRaw !== "") {
    const decoded = Buffer.from(offsetRaw, "base64url").toString("utf8");
    const match = /^o:(\d+)$/.exec(decoded);
    if (!match) return { ok: false, response: ctx.error(400, "invalid offset") };
    start = Number(match[1]);
  }
  const pageItems = items.slice(start, start + size.value);
  if (start + size.value >= items.length) return { ok: true, items: pageItems };
  const offset = Buffer.from(`o:${start + size.value}`, "utf8").toString("base64url");
  const params = new URLSearchParams(ctx.query);
  params.set("size", String(size.value));
  params.set("offset", offset);
  return { ok: true, items: pageItems, offset, next: `${ctx.pathname}?${params.toString()}` };
}
