import { setMaxListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { InputError, KplugError } from "../errors.js";
import { loadFaults, loadSeed } from "./config.js";
import { defaultSeed } from "./default-seed.js";
import { FaultInjector } from "./faults.js";
import { loadStateFile, StateWriter } from "./persist.js";
import { NodeInputError } from "./node-store.js";
import { createHandler } from "./server.js";
import { EmulatorStore, StoreError } from "./store.js";
import type {
  EmulatorOptions,
  EmulatorStateSnapshot,
  FaultConfig,
  RequestLogEntry,
  SeedControlPlane,
  SeedCustomPlugin,
  SeedNode,
  SeedPlugin,
  SeedTokenAccess,
  StoredControlPlane,
  StoredCustomPlugin,
  StoredNode,
  StoredPlugin,
  StoredPluginSchema,
} from "./types.js";

export type * from "./types.js";
export { defaultSeed } from "./default-seed.js";
export { loadFaults, loadSeed } from "./config.js";
export { EmulatorStore, StoreError } from "./store.js";

export interface RunningEmulator {
  /** origin, e.g. http://127.0.0.1:43123 (clients append /v2/...) */
  url: string;
  port: number;
  /** every request served, in order of completion */
  requestLog: RequestLogEntry[];
  /** direct access to the state (synchronous; changes are persisted on the next request or flush()) */
  store: EmulatorStore;
  snapshot(): EmulatorStateSnapshot;
  /** control plane by id or name, or undefined */
  controlPlane(idOrName: string): StoredControlPlane | undefined;
  addControlPlane(input: SeedControlPlane): Promise<StoredControlPlane>;
  /** control plane by id or name; the schema's name is derived from the Lua as POST does */
  addPluginSchema(controlPlane: string, luaSchema: string): Promise<StoredPluginSchema>;
  addCustomPlugin(controlPlane: string, plugin: SeedCustomPlugin): Promise<StoredCustomPlugin>;
  addPluginInstance(controlPlane: string, plugin: SeedPlugin): Promise<StoredPlugin>;
  /** a data plane node connects to a control plane (by id or name) */
  addNode(controlPlane: string, node: SeedNode): Promise<StoredNode>;
  /** a node changes: upgraded, plugin files installed, config caught up (node by id or hostname) */
  updateNode(controlPlane: string, node: string, patch: Partial<Omit<SeedNode, "id">>): Promise<StoredNode>;
  /** the node record is deleted (true when there was one) */
  removeNode(controlPlane: string, node: string): Promise<boolean>;
  /** replaces the fault configuration (and restarts its PRNG) */
  setFaults(faults: FaultConfig): void;
  /** replaces the token table (undefined: any kpat_/spat_ token sees everything) */
  setTokens(tokens: Record<string, SeedTokenAccess> | undefined): void;
  /** resolves when all changes so far are in the --state file (no-op without one) */
  flush(): Promise<void>;
  /** closes the server and every connection, including keep-alive ones */
  stop(): Promise<void>;
}

/** Starts a Konnect emulator on 127.0.0.1. Throws KplugError for bad seed/faults/state files or a busy port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const randomSeed = options.randomSeed ?? 1;
  const store = new EmulatorStore(options.now ?? Date.now, randomSeed);
  const seed = await loadSeed(options.seed ?? defaultSeed);
  let tokens = seed.tokens;
  const faults = new FaultInjector(options.faults === undefined ? undefined : await loadFaults(options.faults), randomSeed);

  const saved = options.statePath ? await loadStateFile(options.statePath) : undefined;
  if (saved) store.restore(saved);
  else {
    try {
      store.applySeed(seed);
    } catch (error) {
      if (error instanceof StoreError) {
        throw new KplugError(`emulator seed: ${error.message}`, { code: "input", hint: "fix the seed file" });
      }
      throw error;
    }
  }

  const writer = options.statePath ? new StateWriter(options.statePath, () => store.snapshot()) : undefined;
  store.onChange = () => writer?.markDirty();
  // a fresh state file starts as the seed, so a restart without changes still finds it
  if (writer && options.statePath && !saved) {
    writer.markDirty();
    try {
      await writer.flush();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new InputError(options.statePath, `cannot write the state file (${code})`, "check that its directory exists and is writable");
    }
  }

  const requestLog: RequestLogEntry[] = [];
  const stopping = new AbortController();
  // every pending latency or slow-body wait listens on it: many concurrent requests are expected
  setMaxListeners(0, stopping.signal);
  const server: Server = createServer(
    { keepAlive: true },
    createHandler({
      store,
      faults,
      tokens: () => tokens,
      writer,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      requestLog,
      requestLogLimit: options.requestLogLimit ?? Number.POSITIVE_INFINITY,
      log: options.log,
      onExchange: options.onExchange,
      stopping: stopping.signal,
    }),
  );
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new KplugError(error.code === "EADDRINUSE" ? `port ${options.port} is already in use` : `cannot listen on 127.0.0.1: ${error.message}`, {
          code: "usage",
          hint: "pick another --port, or 0 for any free port",
        }),
      );
    };
    server.once("error", onError);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const resolveCp = (ref: string): StoredControlPlane => {
    const cp = store.findControlPlane(ref, true);
    if (!cp) throw new StoreError("not-found", `no control plane "${ref}"`);
    return cp;
  };
  const persisted = async <T>(value: T): Promise<T> => {
    await writer?.flush();
    return value;
  };
  const nodeCall = <T>(call: () => T): T => {
    try {
      return call();
    } catch (error) {
      if (error instanceof NodeInputError) throw new StoreError("invalid", error.message);
      throw error;
    }
  };
  let stopped: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requestLog,
    store,
    snapshot: () => store.snapshot(),
    controlPlane: (idOrName) => store.findControlPlane(idOrName, true),
    addControlPlane: (input) => persisted(store.addControlPlane(input)),
    addPluginSchema: (cp, lua) => persisted(store.createPluginSchema(resolveCp(cp).id, lua)),
    addCustomPlugin: (cp, plugin) => persisted(store.createCustomPlugin(resolveCp(cp).id, plugin)),
    addPluginInstance: (cp, plugin) => persisted(store.addPlugin(resolveCp(cp).id, plugin)),
    addNode: (cp, node) => persisted(nodeCall(() => store.nodes.add(resolveCp(cp).id, node))),
    updateNode: (cp, node, patch) => persisted(nodeCall(() => store.nodes.update(resolveCp(cp).id, node, patch))),
    removeNode: (cp, node) => persisted(store.nodes.remove(resolveCp(cp).id, node)),
    setFaults: (config) => faults.configure(config),
    setTokens: (table) => {
      tokens = table;
    },
    flush: async () => {
      await writer?.flush();
    },
    stop: () => {
      stopped ??= (async () => {
        stopping.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await writer?.flush();
      })();
      return stopped;
    },
  };
}
