import type { ErrorDetails, ErrorStyle, HttpResponse } from "./responses.js";
import type { EmulatorStore } from "./store.js";
import type { StoredControlPlane } from "./types.js";

/** What a route handler gets: the parsed request, the store, and error helpers in its style. */
export interface RouteContext {
  method: string;
  /** path parameters, URL-decoded */
  params: Record<string, string>;
  query: URLSearchParams;
  /** the request path without query, e.g. /v2/control-planes/… (for `next` links) */
  pathname: string;
  /** parsed JSON body (undefined when the request had none) */
  body: unknown;
  store: EmulatorStore;
  /** the control plane named by {controlPlaneId}, already checked for access and existence */
  controlPlane: StoredControlPlane | undefined;
  /** whether the caller's token may see this control plane */
  canSee(cpId: string): boolean;
  error(status: number, message: string, details?: ErrorDetails): HttpResponse;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** spec path template under /v2, e.g. /control-planes/{controlPlaneId} */
  template: string;
  style: ErrorStyle;
  handle(ctx: RouteContext): HttpResponse;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const keys: string[] = [];
    // templates hold only letters, dashes and {params}; each param matches one path segment
    const source = route.template.replace(/\{(\w+)\}/g, (_match, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    return { ...route, keys, pattern: new RegExp(`^/v2${source}/?$`) };
  });
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

/** `undefined` when no template matches; `methodNotAllowed` when the path exists with other methods */
export function matchRoute(routes: CompiledRoute[], method: string, pathname: string): RouteMatch | { methodNotAllowed: true; style: ErrorStyle } | undefined {
  let pathMatched: CompiledRoute | undefined;
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    pathMatched ??= route;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, index) => {
      const raw = match[index + 1] ?? "";
      try {
        params[key] = decodeURIComponent(raw);
      } catch {
        params[key] = raw;
      }
    });
    return { route, params };
  }
  return pathMatched ? { methodNotAllowed: true, style: pathMatched.style } : undefined;
}
