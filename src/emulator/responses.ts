import { STATUS_CODES } from "node:http";

/**
 * Response bodies in the shapes Konnect uses. Which shape an endpoint answers with comes from its
 * operation in the official spec:
 * - "problem": application/problem+json {status, title, type, instance, detail[, invalid_parameters]}
 *   (control planes API; the plugin-schemas list's 400/401/403)
 * - "legacy": "KonnectCPLegacy" {message} plus the gRPC-gateway `code` Konnect adds (plugin-schemas)
 * - "gateway": Kong-style {message, status} (custom-plugins, plugins: HTTP401Error)
 */
export type ErrorStyle = "problem" | "legacy" | "gateway";

export interface InvalidParameter {
  field: string;
  reason: string;
  rule?: string;
  source?: string;
  minimum?: number;
  maximum?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}


/** gRPC status codes, as Konnect's gRPC gateway reports them in legacy bodies */
const grpcCodes: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 409: 6, 413: 3, 429: 8, 500: 13, 502: 14, 503: 14, 504: 4 };

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(value) };
}

export function noContent(): HttpResponse {
  return { status: 204, headers: {}, body: "" };
}

export interface ErrorDetails {
  /** for 400 problem bodies (the spec requires invalid_parameters) */
  invalidParameters?: InvalidParameter[];
  /** overrides the gRPC code in legacy bodies (e.g. 9 for "failed precondition") */
  grpcCode?: number;
  headers?: Record<string, string>;
}

export function errorResponse(style: ErrorStyle, status: number, message: string, traceId: string, details: ErrorDetails = {}): HttpResponse {
  const headers = details.headers ?? {};
  if (style === "problem") {
    const body: Record<string, unknown> = {
      status,
      title: statusTitle(status),
      type: `https://httpstatuses.com/${status}`,
      instance: `kong:trace:${traceId}`,
      detail: message,
    };
    if (status === 400) body.invalid_parameters = details.invalidParameters ?? [{ field: "request", reason: message }];
    return { status, headers: { "content-type": "application/problem+json", ...headers }, body: JSON.stringify(body) };
  }
  if (style === "legacy") {
    return jsonResponse(status, { code: details.grpcCode ?? grpcCodes[status] ?? 2, message, details: [] }, headers);
  }
  return jsonResponse(status, { message, status }, headers);
}

/** a plain-text body, as a load balancer in front of Konnect sends for 502 */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: text };
}
