import type { Dispatcher } from "undici";
import { parseHeaders } from "undici/lib/core/util.js";

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface Exchanged {
  statusCode: number;
  headers: ResponseHeaders;
  /** the body's bytes, all of them (never more than `maxBytes`) */
  body: Buffer;
}

export interface ExchangeOptions {
  origin: string;
  /** path and query, as sent */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** the whole exchange's time limit: past it the request is aborted with a TimeoutError */
  timeoutMs: number;
  /**
   * the largest body read: a body announced or found larger is aborted, and `tooLarge(status)`'s
   * error is thrown instead
   */
  maxBytes: number;
  tooLarge: (statusCode: number) => Error;
  /** called as the request goes out on a connection (connected, TLS done), once per exchange */
  onSending?: () => void;
}

/** an exchange that got no complete response: the error, and whether the time limit had fired */
export interface ExchangeFailure {
  error: unknown;
  /** the whole-exchange time limit fired (as `AbortSignal.timeout(ms).aborted` told before) */
  timedOut: boolean;
}

/**
 * One request through an undici dispatcher, its body collected whole. This is what undici's
 * `request()` plus reading its body stream did, through undici's handler interface directly: no
 * Readable stream, async iterator, AsyncResource or AbortSignal per request, which were most of a
 * request's CPU in kplug's fan-out (list makes ~1,000 of them). The same errors reach the caller:
 * undici's own (connect, socket, headers and body timeouts), the time limit's TimeoutError (as
 * `AbortSignal.timeout` gave), or `tooLarge`'s.
 */
export function exchange(dispatcher: Dispatcher, options: ExchangeOptions): Promise<{ ok: true; response: Exchanged } | ({ ok: false } & ExchangeFailure)> {
  return new Promise((resolve) => {
    let abort: ((reason: Error) => void) | undefined;
    /** set once the exchange is over or being aborted: nothing more is done with it */
    let reason: Error | undefined;
    let timedOut = false;
    let statusCode = 0;
    let headers: ResponseHeaders = {};
    const chunks: Buffer[] = [];
    let bytes = 0;
    const stop = (error: Error): void => {
      if (reason) return;
      reason = error;
      if (abort) abort(error);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, options.timeoutMs);
    timer.unref();
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      resolve({ ok: false, error, timedOut });
    };
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abort = abortRequest;
        if (reason) abortRequest(reason);
        else options.onSending?.();
      },
      onHeaders(status, rawHeaders) {
        // 1xx: informational, the real answer follows
        if (status < 200) return true;
        statusCode = status;
        headers = parseHeaders(rawHeaders as Buffer[]);
        const declared = Number(headerValue(headers, "content-length"));
        if (Number.isFinite(declared) && declared > options.maxBytes) stop(options.tooLarge(status));
        return true;
      },
      onData(chunk) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) stop(options.tooLarge(statusCode));
        else chunks.push(chunk);
        return true;
      },
      onComplete() {
        clearTimeout(timer);
        resolve({ ok: true, response: { statusCode, headers, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) } });
      },
      onError(error) {
        // an abort of ours comes back here with its reason
        fail(error);
      },
    };
    dispatcher.dispatch({ origin: options.origin, path: options.path, method: options.method as Dispatcher.HttpMethod, headers: options.headers, body: options.body }, handler);
  });
}

export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
