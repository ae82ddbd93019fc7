import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { authenticate } from "./auth.js";
import type { FaultDecision, FaultInjector } from "./faults.js";
import type { StateWriter } from "./persist.js";
import { isUuid } from "./random.js";
import { errorResponse, textResponse, type ErrorDetails, type ErrorStyle, type HttpResponse } from "./responses.js";
import { compileRoutes, matchRoute, type RouteContext } from "./router.js";
import { controlPlaneRoutes } from "./routes/control-planes.js";
import { coreEntityRoutes } from "./routes/core-entities.js";
import { nodeRoutes } from "./routes/nodes.js";
import type { EmulatorStore } from "./store.js";
import type { EmulatorExchange, RequestLogEntry, SeedTokenAccess } from "./types.js";

const routes = compileRoutes([...controlPlaneRoutes, ...coreEntityRoutes, ...nodeRoutes]);

export interface HandlerDeps {
  store: EmulatorStore;
  faults: FaultInjector;
  tokens: () => Record<string, SeedTokenAccess> | undefined;
  writer: StateWriter | undefined;
  maxBodyBytes: number;
  requestLog: RequestLogEntry[];
  requestLogLimit: number;
  log?: (entry: RequestLogEntry) => void;
  onExchange?: (exchange: EmulatorExchange) => void;
  /** aborted on stop: pending latencies and slow bodies end at once */
  stopping: AbortSignal;
}

type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? { ok: false, tooLarge: true } : { ok: true, text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
  });
}

/**
 * Pending sleeps by the signal that ends them: one abort listener per signal wakes them all. A
 * listener added and removed per request was a visible part of the emulator's time per request, which
 * a benchmark's burst of concurrent requests queues behind.
 */
const sleepers = new WeakMap<AbortSignal, Set<() => void>>();

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  let pending = sleepers.get(signal);
  if (!pending) {
    const all = new Set<() => void>();
    signal.addEventListener("abort", () => all.forEach((wake) => wake()), { once: true });
    sleepers.set(signal, (pending = all));
  }
  const wakers = pending;
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    }
    wakers.add(done);
  });
}

export function createHandler(deps: HandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  // per emulator, so trace ids repeat from run to run
  let traceCounter = 0;
  return (req, res) => {
    traceCounter += 1;
    handle(deps, req, res, traceCounter).catch(() => {
      // the socket went away mid-response, or the emulator is stopping: nothing left to answer
      if (!res.headersSent && !res.destroyed) res.destroy();
    });
  };
}

async function handle(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, traceCounter: number): Promise<void> {
  const started = performance.now();
  const receivedAt = Date.now();
  const userAgent = req.headers["user-agent"];
  const method = (req.method ?? "GET").toUpperCase();
  const rawPath = req.url ?? "/";
  const url = new URL(rawPath, "http://emulator.invalid");
  const pathname = url.pathname;
  const traceId = String(7_000_000_000_000_000_000n + BigInt(traceCounter));
  const requestId = traceCounter.toString(16).padStart(32, "0");

  const match = matchRoute(routes, method, pathname);
  const style: ErrorStyle = match === undefined ? "problem" : "route" in match ? match.route.style : match.style;
  const cpParam = match && "route" in match ? match.params.controlPlaneId : undefined;
  const controlPlaneId = cpParam && deps.store.findControlPlane(cpParam) ? cpParam : undefined;
  const fail = (status: number, message: string, details?: ErrorDetails): HttpResponse => errorResponse(style, status, message, traceId, details);

  const decision = deps.faults.decide(method, pathname, cpParam ? { id: cpParam, name: deps.store.findControlPlane(cpParam)?.name } : undefined);
  const body = await readBody(req, deps.maxBodyBytes);
  await sleep(decision.latencyMs, deps.stopping);

  const finish = (response: HttpResponse, injected: boolean): Promise<void> => {
    const entry: RequestLogEntry = { receivedAt, method, path: rawPath, status: response.status, ms: 0, ...(controlPlaneId ? { controlPlaneId } : {}) };
    if (decision.fired.length > 0) entry.fault = decision.fired.join(", ");
    if (userAgent !== undefined) entry.userAgent = userAgent;
    response.headers["x-kong-request-id"] = requestId;
    Object.assign(response.headers, decision.rateLimitHeaders ?? {});
    // recorded as the last byte is handed over, so a client that has read the response finds it logged
    return send(res, response, decision, deps.stopping, () => {
      entry.ms = Math.round((performance.now() - started) * 100) / 100;
      record(deps, entry);
      deps.onExchange?.({
        method,
        path: pathname,
        query: url.search,
        status: response.status,
        contentType: response.headers["content-type"],
        body: response.body,
        injected,
      });
    });
  };

  if (decision.reset || deps.stopping.aborted) {
    const entry: RequestLogEntry = { receivedAt, method, path: rawPath, status: 0, ms: Math.round((performance.now() - started) * 100) / 100, fault: "reset" };
    if (controlPlaneId) entry.controlPlaneId = controlPlaneId;
    if (userAgent !== undefined) entry.userAgent = userAgent;
    record(deps, entry);
    req.socket.destroy();
    return;
  }
  if (decision.status) {
    const { status, retryAfter } = decision.status;
    const headers: Record<string, string> = {};
    if (retryAfter !== undefined || status === 429) headers["retry-after"] = String(retryAfter ?? 1);
    if (status === 429 && !decision.rateLimitHeaders) {
      Object.assign(headers, { "ratelimit-limit": "100", "ratelimit-remaining": "0", "ratelimit-reset": String(retryAfter ?? 1) });
    }
    const response =
      status === 502 || status === 504
        ? textResponse(status, `${status} ${status === 502 ? "Bad Gateway" : "Gateway Timeout"}\n`, headers)
        : fail(status, status === 429 ? "API rate limit exceeded" : `injected fault: ${status}`, { headers });
    return finish(response, true);
  }

  const auth = authenticate(req.headers.authorization, deps.tokens(), deps.store);
  if (!auth.ok) return finish(fail(401, auth.message), false);
  if (match === undefined) return finish(fail(404, `no route for ${method} ${pathname}`), false);
  if (!("route" in match)) return finish(fail(405, `method ${method} is not allowed on ${pathname}`), false);
  if (!body.ok) return finish(fail(413, `request body larger than ${deps.maxBodyBytes} bytes`), false);

  let controlPlane = undefined;
  if (cpParam !== undefined) {
    if (!isUuid(cpParam)) {
      return finish(
        fail(400, `control plane id "${cpParam}" is not a UUID`, {
          invalidParameters: [{ field: "controlPlaneId", rule: "is_uuid", source: "path", reason: "must be a valid UUID" }],
        }),
        false,
      );
    }
    // a token without access learns nothing, not even whether the control plane exists
    if (!auth.canSee(cpParam)) return finish(fail(403, `You do not have permission to perform this action on control plane ${cpParam}`), false);
    controlPlane = deps.store.findControlPlane(cpParam);
    if (!controlPlane) return finish(fail(404, `control plane ${cpParam} not found`), false);
  }

  let parsedBody: unknown;
  if ((method === "POST" || method === "PUT") && body.text.trim() !== "") {
    try {
      parsedBody = JSON.parse(body.text);
    } catch {
      return finish(fail(400, "request body is not valid JSON"), false);
    }
  }

  const ctx: RouteContext = {
    method,
    params: match.params,
    query: url.searchParams,
    pathname,
    body: parsedBody,
    store: deps.store,
    controlPlane,
    canSee: auth.canSee,
    error: fail,
  };
  let response: HttpResponse;
  try {
    response = match.route.handle(ctx);
  } catch (error) {
    response = errorResponse("problem", 500, `emulator error: ${(error as Error).message}`, traceId);
  }
  if (method !== "GET" && deps.writer) {
    try {
      await deps.writer.flush();
    } catch (error) {
      response = errorResponse("problem", 500, `emulator could not save its state file: ${(error as Error).message}`, traceId);
    }
  }
  return finish(response, false);
}

function record(deps: HandlerDeps, entry: RequestLogEntry): void {
  deps.requestLog.push(entry);
  if (deps.requestLog.length > deps.requestLogLimit) deps.requestLog.splice(0, deps.requestLog.length - deps.requestLogLimit);
  deps.log?.(entry);
}

/** Writes the response; a slow-body fault trickles it in chunks. */
async function send(res: ServerResponse, response: HttpResponse, decision: FaultDecision, stopping: AbortSignal, beforeEnd: () => void): Promise<void> {
  const bytes = Buffer.from(response.body, "utf8");
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.status !== 204) res.setHeader("content-length", String(bytes.length));
  const slow = decision.slowBody;
  if (!slow || bytes.length === 0 || response.status === 204) {
    beforeEnd();
    await new Promise<void>((resolve) => res.end(response.status === 204 ? undefined : bytes, resolve));
    return;
  }
  res.flushHeaders();
  for (let offset = 0; offset < bytes.length; offset += slow.chunkBytes) {
    if (stopping.aborted || res.destroyed) return;
    const last = offset + slow.chunkBytes >= bytes.length;
    // with content-length, the client is done at the last chunk: record before sending it
    if (last) beforeEnd();
    res.write(bytes.subarray(offset, offset + slow.chunkBytes));
    if (!last) await sleep(slow.intervalMs, stopping);
  }
  await new Promise<void>((resolve) => res.end(resolve));
}
