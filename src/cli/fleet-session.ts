import { Chalk } from "chalk";
import { buildTargets } from "../fleet/targets.js";
import type { FleetTarget, LocalPlugin, PushMode } from "../fleet/types.js";
import { classifyControlPlane } from "../konnect/classify.js";
import { createKonnectClient } from "../konnect/client.js";
import { resolveConnection } from "../konnect/connection.js";
import { selectControlPlanes } from "../konnect/select.js";
import type { KonnectApi } from "../konnect/types.js";
import { renderPretty } from "../render/validate-pretty.js";
import type { PluginUnderTest, Target } from "../rules/types.js";
import { validatePlugins } from "../validate/run.js";
import { cliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { DEFAULT_CONCURRENCY, labelMap, type KonnectFlags } from "./konnect-options.js";
import { findPlugins, loadPlugins, sourcesOf } from "./local-plugins.js";

export interface FleetSession {
  api: KonnectApi;
  targets: FleetTarget[];
  concurrency: number;
}

export interface LocalPlugins {
  plugins: LocalPlugin[];
  /** the parsed plugins, for validation before a push */
  parsed: PluginUnderTest[];
}

/**
 * Connects (flags, then environment, then config), selects and classifies the control planes.
 * Selection flags replace the config's default set as a whole, so `--control-plane x` never
 * silently adds the config's labels to it.
 */
export async function openFleetSession(ctx: CommandContext, flags: KonnectFlags): Promise<FleetSession> {
  const { io } = ctx;
  const loaded = await cliConfig(ctx);
  const konnect = loaded?.config.konnect ?? {};
  const connection = resolveConnection({
    env: io.env,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.konnectAddr ? { konnectAddr: flags.konnectAddr } : {}),
    ...(flags.tokenFile ? { tokenFile: flags.tokenFile, ...(flags.tokenFileFlag ? { tokenFileFlag: flags.tokenFileFlag } : {}) } : {}),
    ...(flags.token ? { token: flags.token } : {}),
    ...(konnect.region ? { configRegion: konnect.region } : {}),
    ...(konnect.addr ? { configKonnectAddr: konnect.addr } : {}),
    ...(konnect.tokenFile ? { configTokenFile: konnect.tokenFile } : {}),
    ...(loaded ? { configDir: loaded.dir } : {}),
    ...(konnect.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
  for (const warning of connection.warnings) io.stderr(`kplug: warning: ${warning}\n`);

  const debug = ctx.globals().debug;
  const api = createKonnectClient({
    baseUrl: connection.baseUrl,
    token: connection.token,
    signal: io.signal,
    ...(debug ? { log: (line: string) => io.stderr(`kplug: debug: ${line}\n`) } : {}),
    ...(konnect.timeoutMs ? { timeoutMs: konnect.timeoutMs } : {}),
    ...(konnect.retries === undefined ? {} : { retry: { maxAttempts: konnect.retries + 1 } }),
    ...(konnect.rateLimit ? { rateLimit: { perSecond: konnect.rateLimit } } : {}),
  });
  ctx.cleanups.push(() => api.close());

  const fromFlags = flags.all || flags.controlPlane.length > 0 || flags.label.length > 0;
  // decK's variable comes after the flags and before the config, like KONNECT_ADDR / KONNECT_TOKEN
  const deckControlPlane = io.env.DECK_KONNECT_CONTROL_PLANE_NAME?.trim();
  const selection = fromFlags
    ? { controlPlanes: flags.controlPlane, labels: labelMap(flags.label), all: flags.all }
    : deckControlPlane
      ? { controlPlanes: [deckControlPlane], labels: {}, all: false }
      : { controlPlanes: konnect.controlPlanes ?? [], labels: konnect.labels ?? {}, all: konnect.all === true };
  const controlPlanes = await selectControlPlanes(api, selection);
  const targets = await buildTargets(api, controlPlanes, classifyControlPlane);
  return { api, targets, concurrency: flags.concurrency ?? konnect.concurrency ?? DEFAULT_CONCURRENCY };
}

/** --mode, else the config's konnect.mode, else auto. */
export async function pushMode(ctx: CommandContext, flag: PushMode | undefined): Promise<PushMode> {
  return flag ?? (await cliConfig(ctx))?.config.konnect?.mode ?? "auto";
}

/** The plugins given (or the config's), read and parsed once for both pushing and validating. */
export async function loadLocalPlugins(ctx: CommandContext, paths: string[], options: { optional?: boolean } = {}): Promise<LocalPlugins> {
  const loaded = await cliConfig(ctx);
  if (options.optional && paths.length === 0 && (loaded?.config.plugins ?? []).length === 0) return { plugins: [], parsed: [] };
  const strict = loaded?.config.strict === true;
  const locations = await findPlugins(ctx.io.cwd, paths, { strict }, loaded);
  const parsed = await loadPlugins(ctx.io.cwd, locations, strict);
  const plugins = parsed.map((p): LocalPlugin => ({ name: p.name, dir: p.dir, schema: p.schema?.file.text ?? "", handler: p.handler?.file.text }));
  return { plugins, parsed };
}

/** Validates for a target; prints the findings on stderr when there are errors. True when pushable. */
export async function validateBeforePush(ctx: CommandContext, local: LocalPlugins, target: Target): Promise<boolean> {
  const loaded = await cliConfig(ctx);
  const parsed = local.parsed.map((p) => ({ ...p, target }));
  const report = validatePlugins(parsed, loaded?.config.rules ? { overrides: loaded.config.rules } : {});
  if (report.errorCount === 0) return true;
  ctx.io.stderr(renderPretty(report, { color: ctx.color("stderr"), sources: sourcesOf(parsed), quiet: true, cwd: ctx.io.cwd }));
  const chalk = new Chalk({ level: ctx.color("stderr") ? 1 : 0 });
  ctx.io.stderr(`${chalk.red("kplug:")} refusing to push: ${report.errorCount} validation error(s) for target ${target}; fix them, or pass --no-validate to push anyway\n`);
  return false;
}
