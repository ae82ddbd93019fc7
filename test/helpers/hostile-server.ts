import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A fake Konnect that misbehaves on purpose, for the hardening tests: endless bodies, slow headers,
 * long Retry-After, paging that never ends, escape sequences, token echoes, lost answers. By default
 * it is a tiny well-behaved Konnect with one hybrid control plane `prod` and no plugins; each test
 * replaces the routes it attacks.
 */

export const CP_ID = "0b8e1c1e-7a35-4f8e-9a57-5b6a0c6e0001";

export type RouteName = "listControlPlanes" | "getControlPlane" | "listSchemas" | "getSchema" | "putSchema" | "listCustom" | "getCustom" | "listNodes";

export interface Call {
  method: string;
  url: string;
  body: string;
}

/** a route's behaviour; it owns the response (or the raw socket) */
export type Route = (req: IncomingMessage, res: ServerResponse, call: Call, server: HostileServer) => void;

export interface HostileServer {
  origin: string;
  calls: Call[];
  /** body bytes the routes wrote (what the client may have had to read) */
  bytesSent: number;
  /** plugin schemas by name, as PUT left them */
  schemas: Map<string, string>;
  close(): Promise<void>;
}

export function controlPlane(name: string, id = CP_ID): Record<string, unknown> {
  return { id, name, labels: {}, config: { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE", cloud_gateway: false } };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

export const wellBehaved: Record<RouteName, Route> = {
  listControlPlanes: (req, res) => {
    const name = new URL(req.url ?? "/", "http://x").searchParams.get("filter[name][eq]");
    const data = name === null || name === "prod" ? [controlPlane("prod")] : [];
    json(res, 200, { data, meta: { page: { number: 1, size: 100, total: data.length } } });
  },
  getControlPlane: (_req, res) => json(res, 200, controlPlane("prod")),
  listSchemas: (_req, res, _call, server) => {
    const items = [...server.schemas].map(([name, lua]) => ({ name, lua_schema: lua }));
    json(res, 200, { items, page: { total_count: items.length } });
  },
  getSchema: (req, res, _call, server) => {
    const name = decodeURIComponent((req.url ?? "").split("?")[0]?.split("/").pop() ?? "");
    const lua = server.schemas.get(name);
    if (lua === undefined) json(res, 404, { status: 404, title: "Not Found", detail: "Not found" });
    else json(res, 200, { item: { name, lua_schema: lua } });
  },
  putSchema: (req, res, call, server) => {
    const name = decodeURIComponent((req.url ?? "").split("?")[0]?.split("/").pop() ?? "");
    const lua = (JSON.parse(call.body) as { lua_schema: string }).lua_schema;
    server.schemas.set(name, lua);
    json(res, 200, { item: { name, lua_schema: lua } });
  },
  listCustom: (_req, res) => json(res, 200, { data: [], next: null, offset: null }),
  getCustom: (_req, res) => json(res, 404, { message: "Not found" }),
  listNodes: (_req, res) => json(res, 200, { items: [], page: { total_count: 0 } }),
};

function routeOf(method: string, path: string): RouteName | undefined {
  if (method === "GET" && path === "/v2/control-planes") return "listControlPlanes";
  if (method === "GET" && /^\/v2\/control-planes\/[^/]+$/.test(path)) return "getControlPlane";
  if (method === "GET" && /\/core-entities\/plugin-schemas$/.test(path)) return "listSchemas";
  if (method === "GET" && /\/core-entities\/plugin-schemas\/[^/]+$/.test(path)) return "getSchema";
  if (method === "PUT" && /\/core-entities\/plugin-schemas\/[^/]+$/.test(path)) return "putSchema";
  if (method === "GET" && /\/core-entities\/custom-plugins$/.test(path)) return "listCustom";
  if (method === "GET" && /\/core-entities\/custom-plugins\/[^/]+$/.test(path)) return "getCustom";
  if (method === "GET" && /^\/v2\/control-planes\/[^/]+\/nodes$/.test(path)) return "listNodes";
  return undefined;
}

export async function hostileServer(routes: Partial<Record<RouteName, Route>> = {}, schemas: Record<string, string> = {}): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: HostileServer = { origin: "", calls: [], bytesSent: 0, schemas: new Map(Object.entries(schemas)), close: async () => {} };
  const http = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const call = { method: req.method ?? "", url: req.url ?? "", body };
      server.calls.push(call);
      const write = res.write.bind(res);
      res.write = ((chunk: string | Buffer, ...rest: never[]) => {
        server.bytesSent += Buffer.byteLength(chunk);
        return write(chunk, ...rest);
      }) as typeof res.write;
      const name = routeOf(call.method, call.url.split("?")[0] ?? "");
      if (!name) return json(res, 404, { message: `no route ${call.method} ${call.url}` });
      (routes[name] ?? wellBehaved[name])(req, res, call, server);
    });
  });
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  server.origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server.close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      http.close(() => resolve());
    });
  hostileTimers.set(server, timers);
  return server;
}

const hostileTimers = new WeakMap<HostileServer, Set<NodeJS.Timeout>>();

/** an interval that the server's close() stops (for dripping bytes) */
export function every(server: HostileServer, ms: number, tick: () => void): void {
  const timer = setInterval(tick, ms);
  hostileTimers.get(server)?.add(timer);
}

/** an endless 200 body: chunks as fast as the client reads them, until it hangs up */
export const endlessBody: Route = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = `[${"0,".repeat(32 * 1024)}`;
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.on("close", () => res.removeAllListeners("drain"));
  pump();
};

/** slowloris: a status line, then one header byte every 100 ms, never finishing the headers */
export const slowHeaders: Route = (req, _res, _call, server) => {
  const socket = req.socket;
  socket.write("HTTP/1.1 200 OK\r\nX-Slow: ");
  every(server, 100, () => {
    if (!socket.destroyed) socket.write("a");
  });
};

/** the request is applied (by `then`), then the connection drops before any answer */
export function lostAnswer(then: Route): Route {
  return (req, res, call, server) => {
    const discard = Object.assign(Object.create(res) as ServerResponse, { writeHead: () => discard, end: () => discard, write: () => true });
    then(req, discard, call, server);
    req.socket.destroy();
  };
}
