import { afterAll, expect } from "vitest";
import { startEmulator, type EmulatorExchange, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/index.js";
import { specValidator } from "../contract/spec-validator.js";

export const token = "kpat_testtoken0000000000000000000000000000000000000";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** parsed body (undefined when empty or not JSON) */
  json: unknown;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  /** every response the emulator sent, in order */
  exchanges: EmulatorExchange[];
  call(method: string, path: string, options?: { body?: unknown; token?: string | null; rawBody?: string }): Promise<ApiResponse>;
}

/** every exchange of every emulator this test file started */
const allExchanges: EmulatorExchange[] = [];

/**
 * Call once at the top of a test file: after its tests, every response its emulators sent is checked
 * against the official OpenAPI specs (undocumented statuses against the spec's error component).
 */
export function checkExchangesAgainstSpecAfterAll(): void {
  afterAll(() => {
    const validator = specValidator();
    const problems = allExchanges.flatMap((exchange) => validator.validateAnyStatus(exchange));
    expect(problems).toEqual([]);
  });
}

/** Starts an emulator on an ephemeral port, recording every exchange for the contract check. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const exchanges: EmulatorExchange[] = [];
  const emulator = await startEmulator({
    port: 0,
    ...options,
    onExchange: (exchange) => {
      exchanges.push(exchange);
      allExchanges.push(exchange);
    },
  });
  const call: TestEmulator["call"] = async (method, path, callOptions = {}) => {
    const headers: Record<string, string> = {};
    const bearer = callOptions.token === undefined ? token : callOptions.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) body = JSON.stringify(callOptions.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return { emulator, exchanges, call };
}

/** `/v2/control-planes/{id}/core-entities/{entity}` */
export function entityPath(cpId: string, entity: string, rest = ""): string {
  return `/v2/control-planes/${cpId}/core-entities/${entity}${rest}`;
}

export function schemaLua(name: string, extra = ""): string {
  return `return {\n  name = "${name}",\n  fields = {\n    { config = { type = "record", fields = { ${extra} } } },\n  },\n}\n`;
}
