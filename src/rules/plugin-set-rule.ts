import type { PluginUnderTest, Rule, RuleReport } from "./types.js";

/**
 * A rule over all the plugins of one run (e.g. unique names). It is a Rule so that it has an id,
 * severity overrides and a README entry like the others; its per-plugin `check` does nothing and
 * the runner calls `checkPlugins` once.
 */
export interface PluginSetRule extends Rule {
  checkPlugins(plugins: readonly PluginUnderTest[], report: (plugin: PluginUnderTest, finding: RuleReport) => void): void;
}

export function isPluginSetRule(rule: Rule): rule is PluginSetRule {
  return typeof (rule as Partial<PluginSetRule>).checkPlugins === "function";
}
