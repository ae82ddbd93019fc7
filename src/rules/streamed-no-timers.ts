import type { Node } from "luaparse";
import { callArguments, isCall, walkLua } from "../lua/walk.js";
import { decodeLuaString } from "../lua/parse.js";
import { memberPaths } from "./lua-member-paths.js";
import type { Rule } from "./types.js";

/** The calls that create timers: OpenResty's and Kong's timer-ng (`kong.timer:named_at(…)`). */
const TIMER_APIS = new Set([
  "ngx.timer.at",
  "ngx.timer.every",
  "kong.timer.at",
  "kong.timer.every",
  "kong.timer.named_at",
  "kong.timer.named_every",
]);
/** Libraries whose whole purpose is running timers. */
const TIMER_MODULES = /^resty\.timer(ng|-ng)?$/;

export const STREAMED_SOURCE = "https://developer.konghq.com/custom-plugins/streaming-plugins/";

export const streamedNoTimersRule: Rule = {
  id: "streamed/no-timers",
  defaultSeverity: "error",
  title: "a streamed plugin's handler must not create timers (ngx.timer.at/every, kong.timer, resty.timer)",
  why: "Dedicated Cloud Gateways run streamed custom plugins without timers: Konnect's requirements say the plugin can't set any timers.",
  source: STREAMED_SOURCE,
  targets: ["streamed"],
  check(plugin, report) {
    const handler = plugin.handler;
    const chunk = handler?.source.chunk;
    if (!handler || !chunk) return;
    const paths = memberPaths(chunk);
    walkLua(chunk, (node, ancestors) => {
      if (isCall(node)) {
        const callee = paths.pathOf(node.base);
        const module = callArguments(node)[0];
        if (callee === "require" && module?.type === "StringLiteral" && TIMER_MODULES.test(decodeLuaString(module.value ?? ""))) {
          report({
            message: `require("${decodeLuaString(module.value ?? "")}") loads a timer library: streamed custom plugins can't set timers`,
            hint: "do the work in a request phase (access, log…), or run this plugin on self-managed data planes",
            file: handler.file,
            location: handler.source.locate(node),
          });
        }
        return;
      }
      if (node.type !== "MemberExpression" && node.type !== "IndexExpression" && node.type !== "Identifier") return;
      if (node.type === "Identifier" && isNameNotReference(node, ancestors[ancestors.length - 1])) return;
      const path = paths.pathOf(node);
      if (path === undefined || !TIMER_APIS.has(path) || paths.isAliasInitializer(node)) return;
      report({
        message: `\`${path}\` creates a timer: streamed custom plugins can't set timers`,
        hint: "do the work in a request phase (access, log…), or run this plugin on self-managed data planes",
        file: handler.file,
        location: handler.source.locate(node),
      });
    });
  },
};

/** `at` in `t.at` or `{ at = … }` names a key, and `local t = …` declares t: neither reads a variable. */
function isNameNotReference(identifier: Node, parent: Node | undefined): boolean {
  if (parent?.type === "MemberExpression") return parent.identifier === identifier;
  if (parent?.type === "TableKeyString") return parent.key === identifier;
  if (parent?.type === "LocalStatement") return parent.variables.some((variable) => variable === identifier);
  return false;
}
