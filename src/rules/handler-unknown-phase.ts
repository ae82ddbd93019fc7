import { editDistance } from "../text/edit-distance.js";
import { handlerMethods } from "./handler-support/handler-conf.js";
import { isKongPhase, KONG_PHASES } from "./handler-support/phases.js";
import type { Rule } from "./types.js";

export const handlerUnknownPhaseRule: Rule = {
  id: "handler/unknown-phase",
  defaultSeverity: "error",
  title: "a handler method named like a phase must be a phase Kong knows (acess → access)",
  why:
    "Kong calls a handler's methods by phase name (access, header_filter, log, …): a misspelled phase is never called, so the plugin silently does nothing there. Other helper methods are fine; only names one or two letters away from a phase are reported.",
  source: "kong/runloop/plugins_iterator.lua",
  check(plugin, report) {
    const handler = plugin.handler;
    const chunk = handler?.source.chunk;
    if (!handler || !chunk) return;
    for (const method of handlerMethods(chunk)) {
      if (isKongPhase(method.name)) continue;
      const phase = misspelledPhase(method.name);
      if (!phase) continue;
      report({
        message: `${method.name} is not a phase Kong knows: Kong never calls it`,
        hint: `did you mean ${phase}? (phases: ${KONG_PHASES.join(", ")})`,
        file: handler.file,
        location: handler.source.locate(method.key),
      });
    }
  },
};

/** The phase `name` is a typo of: at most 1 edit away (2 for names of 7+ letters), case-insensitive. */
function misspelledPhase(name: string): string | undefined {
  const lower = name.toLowerCase();
  const limit = lower.length >= 7 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const phase of KONG_PHASES) {
    const distance = editDistance(lower, phase);
    if (distance < bestDistance) [best, bestDistance] = [phase, distance];
  }
  return bestDistance <= limit ? best : undefined;
}
