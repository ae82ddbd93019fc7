import { buildTargets } from "../fleet/targets.js";
import type { FleetApi, FleetTarget, PushMode } from "../fleet/types.js";
import { classifyControlPlane } from "../konnect/classify.js";
import { createKonnectClient, type KonnectClient } from "../konnect/client.js";
import { resolveConnection } from "../konnect/connection.js";
import { Deadline, DEFAULT_COMMAND_TIMEOUT_MS } from "../konnect/deadline.js";
import { DEFAULT_RATE_LIMIT } from "../konnect/http.js";
import { burstFor } from "../konnect/limiter.js";
import { regionalKey, selectInRegions, type FleetSelection, type RegionalControlPlane, type RegionClient } from "../konnect/select.js";
import type { Region } from "../konnect/types.js";
import { cliConfig } from "./config.js";
import { readControlPlanesFile } from "./control-planes-file.js";
import type { CommandContext } from "./context.js";
import { sanitizeLine } from "../text/sanitize.js";
import { DEFAULT_CONCURRENCY, labelMaps, type KonnectFlags } from "./konnect-options.js";

/** the most requests one control plane's work has in flight at once (readInventory's two reads) */
const REQUESTS_PER_CONTROL_PLANE = 2;

export interface FleetSession {
  /** the client of each target's region (one per selected region, the same token) */
  api: FleetApi;
  /** the selected regions, in the order given; output names the region when there are several */
  regions: Region[];
  /** the command's time limit (--timeout); a prompt runs with it paused */
  deadline: Deadline;
  targets: FleetTarget[];
  /** what the selection flags picked and excluded, for --dry-run and --json */
  selection: FleetSelection;
  concurrency: number;
}

/**
 * Connects (flags, then environment, then config), selects and classifies the control planes.
 * Selection flags replace the config's default set as a whole, so `--control-plane x` never
 * silently adds the config's labels to it.
 */
export async function openFleetSession(ctx: CommandContext, flags: KonnectFlags): Promise<FleetSession> {
  return (await connectFleet(ctx, flags)).select();
}

/** A fleet connected (config, token, a client per region) whose control planes are not selected yet. */
export interface ConnectedFleet {
  api: FleetApi;
  regions: Region[];
  concurrency: number;
  /**
   * Selects and classifies the control planes. `onTargets` gets the targets of each listing page as
   * it arrives (--all only), so their reads can start while the listing goes on; the session's
   * targets are those same objects, in selection order, plus any not handed over early.
   */
  select(options?: { onTargets?: (targets: FleetTarget[]) => void; warn?: (line: string) => void }): Promise<FleetSession>;
}

/** Where connectFleet's output goes (default: stderr as it comes). */
export interface FleetOutput {
  /** a warning line (with its kplug: prefix and newline) */
  warn?: (line: string) => void;
  /** each region's client, as it is made */
  onClient?: (client: KonnectClient) => void;
  /** called as each request goes out */
  onSending?: () => void;
}

/** openFleetSession in two steps: connect, then select (see ConnectedFleet.select). */
export async function connectFleet(ctx: CommandContext, flags: KonnectFlags, options: FleetOutput = {}): Promise<ConnectedFleet> {
  const { io } = ctx;
  const warn = options.warn ?? ((line: string) => io.stderr(line));
  const loaded = await cliConfig(ctx);
  const konnect = loaded?.config.konnect ?? {};
  const connection = resolveConnection({
    env: io.env,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.konnectAddr ? { konnectAddr: flags.konnectAddr } : {}),
    ...(flags.tokenFile ? { tokenFile: flags.tokenFile, ...(flags.tokenFileFlag ? { tokenFileFlag: flags.tokenFileFlag } : {}) } : {}),
    ...(flags.token ? { token: flags.token } : {}),
    ...(konnect.region ? { configRegion: konnect.region } : {}),
    ...(konnect.regions ? { configRegions: konnect.regions } : {}),
    ...(konnect.addresses ? { configAddresses: konnect.addresses } : {}),
    ...(konnect.addr ? { configKonnectAddr: konnect.addr } : {}),
    ...(konnect.tokenFile ? { configTokenFile: konnect.tokenFile } : {}),
    ...(loaded ? { configDir: loaded.dir } : {}),
    ...(konnect.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  });
  for (const warning of connection.warnings) warn(`kplug: warning: ${warning}\n`);

  const debug = ctx.globals().debug;
  const deadline = new Deadline(flags.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
  const concurrency = flags.concurrency ?? konnect.concurrency ?? DEFAULT_CONCURRENCY;
  const rateLimit = konnect.rateLimit ?? DEFAULT_RATE_LIMIT.perSecond;
  // one client per region: each region is its own host with its own rate limit
  const clients: RegionClient[] = connection.regions.map(({ region, baseUrl }) => {
    const client = createKonnectClient({
      deadline,
      ...(konnect.maxResponseBytes ? { maxResponseBytes: konnect.maxResponseBytes } : {}),
      baseUrl,
      token: connection.token,
      signal: io.signal,
      ...(debug ? { log: (line: string) => io.stderr(`kplug: debug: ${line}\n`) } : {}),
      ...(konnect.timeoutMs ? { timeoutMs: konnect.timeoutMs } : {}),
      ...(konnect.retries === undefined ? {} : { retry: { maxAttempts: konnect.retries + 1 } }),
      // as many sockets as requests in flight (each control plane worked on may have two: list reads
      // both plugin endpoints at once), and a burst that lets them all start at once
      maxConnections: concurrency * REQUESTS_PER_CONTROL_PLANE,
      ...(options.onSending ? { onSending: options.onSending } : {}),
      rateLimit: { perSecond: rateLimit, burst: burstFor(concurrency * REQUESTS_PER_CONTROL_PLANE, rateLimit) },
    });
    ctx.cleanups.push(() => client.close());
    options.onClient?.(client);
    return { region, api: client };
  });
  const byRegion = new Map(clients.map((c) => [c.region, c.api]));
  const first = (clients[0] as RegionClient).api;
  const api: FleetApi =
    clients.length === 1
      ? first
      : (region) => {
          const client = region && byRegion.get(region);
          if (!client) throw new Error(`no client for region ${String(region)}`);
          return client;
        };

  const fromFile = flags.controlPlanesFrom ? readControlPlanesFile(io.cwd, flags.controlPlanesFrom) : [];
  const fromFlags = flags.all || flags.controlPlane.length > 0 || flags.label.length > 0 || fromFile.length > 0;
  // decK's variable comes after the flags and before the config, like KONNECT_ADDR / KONNECT_TOKEN
  const deckControlPlane = io.env.DECK_KONNECT_CONTROL_PLANE_NAME?.trim();
  const selection = fromFlags
    ? { controlPlanes: [...flags.controlPlane, ...fromFile], ...labelMaps(flags.label), all: flags.all }
    : deckControlPlane
      ? { controlPlanes: [deckControlPlane], labels: {}, all: false }
      : { controlPlanes: konnect.controlPlanes ?? [], labels: konnect.labels ?? {}, all: konnect.all === true };
  const select: ConnectedFleet["select"] = async ({ onTargets, warn: warnSelecting = warn } = {}) => {
    // targets built early, by control plane: the session reuses them (a group's members are read once)
    const early = new Map<string, Promise<FleetTarget[]>>();
    const onSelected = onTargets
      ? (page: RegionalControlPlane[]): void => {
          const built = buildTargets(api, page, classifyControlPlane);
          for (const cp of page) early.set(regionalKey(cp), built);
          void built.then(onTargets).catch(() => undefined);
        }
      : undefined;
    // --exclude adds to the config's exclusions: leaving out more is never a surprise
    const selected = await selectInRegions(clients, { ...selection, exclude: [...(konnect.exclude ?? []), ...flags.exclude] }, onSelected ? { onSelected } : {});
    for (const ref of selected.unusedExcludes) warnSelecting(`kplug: warning: --exclude ${sanitizeLine(ref)} matches no selected control plane\n`);
    const rest = await buildTargets(
      api,
      selected.controlPlanes.filter((cp) => !early.has(regionalKey(cp))),
      classifyControlPlane,
    );
    if (onTargets) onTargets(rest);
    const byKey = new Map<string, FleetTarget>();
    for (const target of [...(await Promise.all(new Set(early.values()))).flat(), ...rest]) byKey.set(regionalKey({ ...target.controlPlane, region: target.region }), target);
    const targets = selected.controlPlanes.map((cp) => byKey.get(regionalKey(cp)) as FleetTarget);
    return { api, regions: connection.regions.map((r) => r.region), deadline, targets, selection: selected, concurrency };
  };
  return { api, regions: connection.regions.map((r) => r.region), concurrency, select };
}

/** --mode, else the config's konnect.mode, else auto. */
export async function pushMode(ctx: CommandContext, flag: PushMode | undefined): Promise<PushMode> {
  return flag ?? (await cliConfig(ctx))?.config.konnect?.mode ?? "auto";
}

/**
 * A fleet session started before the command's local work (reading and validating plugins), so that
 * listing the control planes, a network round trip or more, overlaps it. What connecting and selecting
 * print is held, and what they throw is kept, until the command asks: output and the order of errors
 * stay those of a session opened after the local work (a plugin error still comes before a token error).
 */
export interface EarlyFleetSession {
  /**
   * settles once the first request is on the wire (or the session ended without one): work started
   * after it, such as loading the validator, then overlaps the round trip instead of delaying the request
   */
  sent: Promise<void>;
  /** the connected fleet, or connecting's error; connecting's warnings are printed first */
  connected(): Promise<ConnectedFleet>;
  /** the selected session, or the error; every warning held so far is printed first */
  open(): Promise<FleetSession>;
  /** the command stops without the session: requests in flight are cut off, warnings dropped */
  abandon(): void;
}

export function startFleetSession(ctx: CommandContext, flags: KonnectFlags, options: { onTargets?: (targets: FleetTarget[]) => void } = {}): EarlyFleetSession {
  // connecting's warnings, then selecting's (which come once the listing is done)
  const held = { connecting: [] as string[], selecting: [] as string[] };
  const flush = (lists: string[][]): void => {
    for (const list of lists) for (const line of list.splice(0)) ctx.io.stderr(line);
  };
  const clients: KonnectClient[] = [];
  let markSent: () => void = noop;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const connecting = connectFleet(ctx, flags, { warn: (line) => held.connecting.push(line), onClient: (client) => clients.push(client), onSending: () => markSent() });
  const selecting = connecting.then((fleet) => fleet.select({ ...options, warn: (line) => held.selecting.push(line) }));
  // whoever asks sees the error; a command that stops first never asks
  selecting.catch(() => undefined);
  return {
    sent: Promise.race([sent, selecting.then(noop, noop)]),
    async connected() {
      try {
        return await connecting;
      } finally {
        flush([held.connecting]);
      }
    },
    async open() {
      try {
        return await selecting;
      } finally {
        flush([held.connecting, held.selecting]);
      }
    },
    abandon() {
      held.connecting.length = 0;
      held.selecting.length = 0;
      for (const client of clients) void client.destroy().catch(() => undefined);
    },
  };
}

function noop(): void {}
