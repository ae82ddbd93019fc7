import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { createKonnectClient, type KonnectClient, type KonnectClientOptions } from "../../src/konnect/client.js";
import type { EmulatorOptions } from "../../src/emulator/index.js";
import { startTestEmulator, token, type TestEmulator } from "../emulator/harness.js";

export { token };

/** fast retries and no effective rate limit, so tests spend no time waiting unless they mean to */
export const fastRetry = { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 2_000 } as const;

const emulators: TestEmulator[] = [];
const clients: KonnectClient[] = [];
const servers: Array<{ close(): Promise<void> }> = [];

/** stops every emulator, client and server a test started */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await Promise.all(emulators.splice(0).map((t) => t.emulator.stop()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
}

export async function emulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const t = await startTestEmulator(options);
  emulators.push(t);
  return t;
}

export function client(baseOrigin: string, options: Partial<KonnectClientOptions> = {}): KonnectClient {
  const created = createKonnectClient({
    baseUrl: `${baseOrigin}/v2`,
    token,
    retry: fastRetry,
    rateLimit: { perSecond: 10_000, burst: 1_000 },
    timeoutMs: 5_000,
    ...options,
  });
  clients.push(created);
  return created;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** a throwaway HTTP server on 127.0.0.1 answering with `handler`, for shapes the emulator never sends */
export async function stubServer(handler: Handler): Promise<{ origin: string; requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }> }> {
  const requests: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** the emulator's request log as `METHOD path` lines (query included) */
export function calls(t: TestEmulator): string[] {
  return t.emulator.requestLog.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}
