import { loadConfig, type LoadedConfig } from "../config/load.js";
import { CONFIG_RULES } from "../plugin-config/config-rules.js";
import { allRules } from "../rules/all-rules.js";
import type { CommandContext } from "./context.js";

const cache = new WeakMap<CommandContext, Promise<LoadedConfig | undefined>>();

/** The config file for this run (--config, else searched from cwd), loaded once per command. */
export function cliConfig(ctx: CommandContext): Promise<LoadedConfig | undefined> {
  let loaded = cache.get(ctx);
  if (!loaded) {
    const explicitPath = ctx.globals().config;
    loaded = loadConfig({ cwd: ctx.io.cwd, knownRuleIds: [...allRules.map((r) => r.id), ...Object.keys(CONFIG_RULES)], ...(explicitPath ? { explicitPath } : {}) });
    cache.set(ctx, loaded);
  }
  return loaded;
}
