// Types for the undici modules kplug imports directly (see http.ts, exchange.ts): parts of what
// undici's index re-exports or uses, whose types undici ships only for the index.
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module "undici/lib/core/util.js" {
  /** raw header name/value pairs as the object `request()` gives (lower-case names, repeats as arrays) */
  export function parseHeaders(rawHeaders: Buffer[], into?: Record<string, string | string[]>): Record<string, string | string[]>;
}
