/**
 * The phase methods Kong calls on a plugin handler: the plugins iterator's phases of Kong 3.x
 * (`kong/runloop/plugins_iterator.lua`, `kong/init.lua`) and Kong Enterprise's WebSocket phases.
 */
export const KONG_PHASES: readonly string[] = [
  "init_worker", "configure", "certificate", "rewrite", "access", "response", "header_filter", "body_filter", "log", "preread",
  "ws_handshake", "ws_client_frame", "ws_upstream_frame", "ws_close",
];

/** `new` is BasePlugin's constructor, still found in older handlers. */
export function isKongPhase(name: string): boolean {
  return KONG_PHASES.includes(name) || name === "new";
}
