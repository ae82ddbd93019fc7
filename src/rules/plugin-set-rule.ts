import type { PluginUnderTest, Rule, RuleReport } from "./types.js";

/**
 * A rule over all the plugins of one run (e.g. unique names). It is a Rule so that it has an id,
 * severity overrides and a README entry like the others; its per-plugin `check` does nothing.
 * Plugins are checked in batches and dropped after (their parse trees are large), so the runner
 * asks for each plugin's `summary` while it is loaded, then calls `checkPlugins` once with them all.
 */
export interface PluginSetRule<Summary = unknown> extends Rule {
  /** what checkPlugins needs of one plugin; keep it small (it is held for the whole run) */
  summarize(plugin: PluginUnderTest): Summary;
  /** `index`: the plugin's place in `plugins` */
  checkPlugins(plugins: readonly Summary[], report: (index: number, finding: RuleReport) => void): void;
}

export function isPluginSetRule(rule: Rule): rule is PluginSetRule {
  return typeof (rule as Partial<PluginSetRule>).checkPlugins === "function";
}
