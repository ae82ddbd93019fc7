import { KonnectError } from "./errors.js";

/** the error code of a Node/undici network failure, looking through `cause` and AggregateError */
export function networkCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const inner = (current as { errors?: unknown[] }).errors?.[0];
    current = inner ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** resets: the request may have been sent (so a write is ambiguous), and another try may work */
const resetCodes = new Set(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_CLOSED"]);
const timeoutCodes = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

export function isResetCode(code: string | undefined): boolean {
  return code !== undefined && resetCodes.has(code);
}

/**
 * A KonnectError naming the host, for a request that got no HTTP response. `timedOutAfterMs` is set
 * when kplug's own total timeout fired. No stack, no token: only the host and the code.
 */
export function networkError(endpoint: string, host: string, error: unknown, timedOutAfterMs?: number): KonnectError {
  const code = networkCodeOf(error);
  // refused, DNS and connect timeouts happen before anything is sent; the rest may follow a sent request
  const ambiguous = timedOutAfterMs !== undefined || isResetCode(code) || (code !== undefined && timeoutCodes.has(code) && code !== "UND_ERR_CONNECT_TIMEOUT");
  const base = { endpoint, networkCode: code, ambiguous };
  if (timedOutAfterMs !== undefined || (code !== undefined && timeoutCodes.has(code))) {
    const what = code === "UND_ERR_CONNECT_TIMEOUT" ? "connecting to" : "waiting for a response from";
    const after = timedOutAfterMs !== undefined ? ` after ${timedOutAfterMs} ms` : "";
    return new KonnectError(`${endpoint}: timed out ${what} ${host}${after}`, {
      ...base,
      networkCode: code ?? "timeout",
      failure: "timeout",
      hint: "check your network or proxy; Konnect may be slow right now, retry later",
    });
  }
  if (code === "ECONNREFUSED") {
    return new KonnectError(`${endpoint}: cannot connect to ${host}: connection refused`, {
      ...base,
      failure: "network",
      hint: "check the Konnect address (--region, --konnect-addr, KONNECT_ADDR)",
    });
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new KonnectError(`${endpoint}: cannot resolve host ${host} (${code})`, {
      ...base,
      failure: "network",
      hint: "check the Konnect address and your DNS or proxy settings",
    });
  }
  if (isResetCode(code)) {
    return new KonnectError(`${endpoint}: the connection to ${host} was closed before a response (${code})`, {
      ...base,
      failure: "network",
      hint: "a network hiccup or a proxy closed the connection; retry",
    });
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return new KonnectError(`${endpoint}: the TLS certificate of ${host} is not trusted (${code})`, {
      ...base,
      failure: "network",
      hint: "behind a TLS-inspecting proxy? point NODE_EXTRA_CA_CERTS at its CA certificate",
    });
  }
  return new KonnectError(`${endpoint}: request to ${host} failed (${code ?? "network error"})`, {
    ...base,
    failure: "network",
    hint: "check your network connection and the Konnect address",
  });
}
