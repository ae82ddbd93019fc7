import { loadConfig, type LoadedConfig } from "../config/load.js";
import type { CommandContext } from "./context.js";

const cache = new WeakMap<CommandContext, Promise<LoadedConfig | undefined>>();

/** The config file for this run (--config, else searched from cwd), loaded once per command. */
export function cliConfig(ctx: CommandContext): Promise<LoadedConfig | undefined> {
  let loaded = cache.get(ctx);
  if (!loaded) {
    const explicitPath = ctx.globals().config;
    loaded = loadConfig({ cwd: ctx.io.cwd, knownRuleIds, ...(explicitPath ? { explicitPath } : {}) });
    cache.set(ctx, loaded);
  }
  return loaded;
}

/** every rule id a config's `rules` may name; loads the rules, which a fleet command may not need otherwise */
async function knownRuleIds(): Promise<string[]> {
  const [{ allRules }, { CONFIG_RULES }] = await Promise.all([import("../rules/all-rules.js"), import("../plugin-config/config-rules.js")]);
  return [...allRules.map((r) => r.id), ...Object.keys(CONFIG_RULES)];
}
