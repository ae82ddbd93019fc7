import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { KonnectError } from "./errors.js";

/** the longest server-provided detail kept in a message (a Lua error can quote a whole line) */
const MAX_DETAIL = 300;

/**
 * Every error body Konnect is known to send, read leniently: problem+json (`title`, `detail`,
 * `invalid_parameters`, `instance`), the control-plane-config "legacy" `{message}` with or without the
 * gRPC `code`, Kong's `{message, status}`, and a few generic `error` shapes.
 */
function buildErrorBody() {
  const invalidParameter = z.looseObject({ field: z.string().optional(), reason: z.string().optional() });
  return z.looseObject({
    title: z.string().optional().catch(undefined),
    detail: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    error: z.union([z.string(), z.looseObject({ message: z.string().optional() })]).optional().catch(undefined),
    instance: z.string().optional().catch(undefined),
    invalid_parameters: z.array(invalidParameter).optional().catch(undefined),
    request_id: z.string().optional().catch(undefined),
    requestId: z.string().optional().catch(undefined),
  });
}
// built on first use: most runs never read an error body, and building it cost every fleet command ~5 ms of start-up
let errorBody: ReturnType<typeof buildErrorBody> | undefined;

export interface ParsedErrorBody {
  /** what the server said, one line (undefined when it said nothing useful) */
  detail?: string;
  /** a request/trace id found in the body */
  requestId?: string;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

/** Reads an error response body of any known shape; plain text and empty bodies are fine. */
export function parseErrorBody(text: string, contentType: string | undefined): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === "") return {};
  let json: unknown;
  if (trimmed.startsWith("{") || /json/i.test(contentType ?? "")) {
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = undefined;
    }
  }
  if (json === undefined) {
    // an HTML page from a proxy says nothing a terminal line can use
    if (/^<(!doctype|html)/i.test(trimmed) || /html/i.test(contentType ?? "")) return { detail: "(HTML error page)" };
    return { detail: oneLine(trimmed) };
  }
  const parsed = (errorBody ??= buildErrorBody()).safeParse(json);
  if (!parsed.success) return { detail: oneLine(trimmed) };
  const body = parsed.data;
  const nestedError = typeof body.error === "string" ? body.error : body.error?.message;
  let detail = body.detail ?? body.message ?? nestedError ?? body.title;
  const params = (body.invalid_parameters ?? [])
    .filter((p) => p.field !== undefined || p.reason !== undefined)
    .map((p) => [p.field, p.reason].filter(Boolean).join(" "))
    .slice(0, 5);
  if (params.length > 0) detail = `${detail ?? "invalid parameters"} (${params.join("; ")})`;
  const trace = body.instance?.startsWith("kong:trace:") ? body.instance.slice("kong:trace:".length) : undefined;
  return {
    ...(detail ? { detail: oneLine(detail) } : {}),
    ...((body.request_id ?? body.requestId ?? trace) ? { requestId: body.request_id ?? body.requestId ?? trace } : {}),
  };
}


/** What to do about a status; `controlPlane` is the id in the path, when the call has one. */
export function hintFor(status: number, controlPlane: string | undefined): string | undefined {
  if (status === 401) return "the token is invalid or expired: create a new one in Konnect > Personal access tokens (or use a system account token)";
  if (status === 403) {
    return controlPlane
      ? `the token lacks access to control plane ${controlPlane}: use a token whose role covers it`
      : "the token lacks the permission for this call: use a token with a role that grants it";
  }
  if (status === 404) return "check the control plane and the region (a token only sees the control planes of the region it calls)";
  if (status === 409) return "it already exists on the control plane; kplug push updates it, kplug diff shows how it differs";
  if (status === 413) return "the schema is too large for Konnect: shrink it";
  if (status === 429) return "Konnect's rate limit was hit: lower --concurrency, or retry later";
  if (status >= 500) return "Konnect is unavailable: retry later";
  return undefined;
}

/** the control plane id of a /v2/control-planes/{id}/… path */
export function controlPlaneOf(path: string): string | undefined {
  return /\/control-planes\/([^/?]+)/.exec(path)?.[1];
}

export interface HttpErrorInput {
  endpoint: string;
  status: number;
  body: string;
  contentType: string | undefined;
  /** from response headers (x-kong-request-id, x-request-id, …) */
  headerRequestId: string | undefined;
  retryAfterMs: number | undefined;
  ambiguous: boolean;
  /** how to name the path's control plane in a hint (its name when known, else the id) */
  controlPlaneLabel?: string;
}

/** A KonnectError for an HTTP error status, with the server's words, the request id and a hint. */
export function httpError(input: HttpErrorInput): KonnectError {
  const parsed = parseErrorBody(input.body, input.contentType);
  const statusText = STATUS_CODES[input.status] ?? "Error";
  // "Bad Gateway" or "502 Bad Gateway" as the whole body says nothing the status line does not
  const redundant = [statusText, `${input.status} ${statusText}`, String(input.status)].map((text) => text.toLowerCase());
  const detail = parsed.detail && !redundant.includes(parsed.detail.toLowerCase()) ? `: ${parsed.detail}` : "";
  return new KonnectError(`${input.endpoint}: ${input.status} ${statusText}${detail}`, {
    endpoint: input.endpoint,
    failure: "http",
    status: input.status,
    requestId: input.headerRequestId ?? parsed.requestId,
    hint: hintFor(input.status, input.controlPlaneLabel ?? controlPlaneOf(input.endpoint)),
    ambiguous: input.ambiguous,
    retryAfterMs: input.retryAfterMs,
  });
}
