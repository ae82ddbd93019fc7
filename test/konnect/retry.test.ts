import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/errors.js";
import { InterruptedError, KonnectError } from "../../src/konnect/errors.js";
import { backoffDelay, resolveRetry, retryAfterMs } from "../../src/konnect/retry.js";
import { schemaLua } from "../emulator/harness.js";
import { calls, cleanUpAfterEach, client, emulator, stubServer } from "./helpers.js";

cleanUpAfterEach();

const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";
const schemasPath = `/v2/control-planes/${prodUs}/core-entities/plugin-schemas`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("backoff and Retry-After", () => {
  it("draws full jitter below a doubling, capped ceiling", () => {
    const top = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 6].map((retry) => Math.round(backoffDelay(retry, top)))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const bottom = resolveRetry({ baseDelayMs: 100, random: () => 0 });
    expect(backoffDelay(3, bottom)).toBe(0);
    // a server-named wait is a floor, whatever the draw
    expect(backoffDelay(1, bottom, 1500)).toBe(1500);
  });

  it("reads Retry-After in seconds or as an HTTP date, and RateLimit-Reset only for a 429", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs({ "retry-after": "3" }, 503, now)).toBe(3000);
    expect(retryAfterMs({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, 429, now)).toBe(5000);
    expect(retryAfterMs({ "ratelimit-reset": "2" }, 429, now)).toBe(2000);
    expect(retryAfterMs({ "ratelimit-reset": "2" }, 503, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "soon" }, 429, now)).toBeUndefined();
  });
});

describe("idempotent calls", () => {
  it("retry 503s and succeed", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503, path: "/v2/control-planes", times: 2 }] } });
    const logs: string[] = [];
    const all = await client(t.emulator.url, { log: (line) => logs.push(line) }).listControlPlanes();
    expect(all.length).toBeGreaterThan(0);
    expect(t.emulator.requestLog.map((entry) => entry.status)).toEqual([503, 503, 200]);
    expect(logs.filter((line) => line.includes("retrying"))).toHaveLength(2);
    expect(logs.some((line) => line.includes("(attempt 3/4)"))).toBe(true);
  });

  it("retry connection resets, 502s and 504s, then succeed", async () => {
    const t = await emulator({
      faults: {
        rules: [
          { fault: "reset", method: "GET", times: 1 },
          { fault: "status", status: 502, method: "GET", times: 1 },
          { fault: "status", status: 504, method: "GET", times: 1 },
        ],
      },
    });
    expect(await client(t.emulator.url).getControlPlane(prodUs)).toMatchObject({ name: "prod-us" });
    expect(t.emulator.requestLog.map((entry) => entry.status)).toEqual([0, 502, 504, 200]);
  });

  it("give up after the configured attempts, saying how many and the last status", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503 }] } });
    const error = await rejection(client(t.emulator.url, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).listControlPlanes());
    expect(error).toBeInstanceOf(KonnectError);
    expect((error as KonnectError).message).toBe("GET /v2/control-planes: 503 Service Unavailable: injected fault: 503 (gave up after 3 attempts; last status 503)");
    expect((error as KonnectError).attempts).toBe(3);
    expect((error as KonnectError).exitCode).toBe(ExitCode.failure);
    expect(t.emulator.requestLog).toHaveLength(3);
  });

  it("give up on endless resets naming the last error", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "reset" }] } });
    const error = (await rejection(client(t.emulator.url, { retry: { maxAttempts: 2, baseDelayMs: 1 } }).listControlPlanes())) as KonnectError;
    expect(error.message).toMatch(/^GET \/v2\/control-planes: the connection to 127\.0\.0\.1:\d+ was closed before a response \((UND_ERR_SOCKET|ECONNRESET)\) \(gave up after 2 attempts; last error (UND_ERR_SOCKET|ECONNRESET)\)$/);
    expect(t.emulator.requestLog).toHaveLength(2);
  });

  it("do not retry other errors (400, 401, 404, 500)", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 500, method: "PUT" }] } });
    const api = client(t.emulator.url);
    // not retried; but a PUT answered 500 may have been applied, so it is read back before the report
    await expect(api.putPluginSchema(prodUs, "x", schemaLua("x"))).rejects.toMatchObject({ status: 500, message: expect.stringContaining("run `kplug diff` to check") });
    await expect(api.getControlPlane("not-a-uuid")).rejects.toMatchObject({ status: 400 });
    expect(t.emulator.requestLog.map((entry) => `${entry.method} ${entry.status}`)).toEqual(["PUT 500", "GET 404", "GET 400"]);
  });

  it("retry a PUT on 503 (it is idempotent)", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503, method: "PUT", times: 1 }] } });
    expect((await client(t.emulator.url).putPluginSchema(prodUs, "x", schemaLua("x"))).name).toBe("x");
    expect(t.emulator.requestLog.map((entry) => `${entry.method} ${entry.status}`)).toEqual(["PUT 503", "PUT 200"]);
  });

  it("wait as long as Retry-After says", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 429, retryAfter: 1, times: 1 }] } });
    await client(t.emulator.url).listControlPlanes();
    const [first, second] = t.emulator.requestLog;
    expect([first?.status, second?.status]).toEqual([429, 200]);
    // the backoff alone is a few ms; only honouring the header makes the gap a second (a lower bound: cannot flake)
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it("give up at once when Retry-After asks for more than the cap", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 429, retryAfter: 30 }] } });
    const error = (await rejection(client(t.emulator.url).listControlPlanes())) as KonnectError;
    expect(error.message).toContain("Konnect asked to wait 30 s before retrying; kplug waits at most 2 s");
    expect(error.hint).toMatch(/rate limit/);
    expect(t.emulator.requestLog).toHaveLength(1);
  });
});

describe("creates (POST)", () => {
  it("retry a 429 directly: it was certainly not processed", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 429, method: "POST", retryAfter: 0, times: 2 }] } });
    await client(t.emulator.url).createPluginSchema(prodUs, schemaLua("p429"));
    expect(calls(t).map((line) => line.replace(schemasPath, "S"))).toEqual(["POST S 429", "POST S 429", "POST S 201"]);
  });

  it("after a 503, look before posting again", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503, method: "POST", times: 1 }] } });
    const created = await client(t.emulator.url).createPluginSchema(prodUs, schemaLua("p503"));
    expect(created.name).toBe("p503");
    // the check: by the name in the schema, then the full list (the name is only a guess)
    expect(calls(t).map((line) => line.replace(schemasPath, "S"))).toEqual([
      "POST S 503",
      "GET S/p503 404",
      "GET S?page[size]=1000 200",
      "POST S 201",
    ]);
  });

  it("after a lost response, find the created schema and return it without a second POST", async () => {
    const t = await emulator();
    let dropped = false;
    // a proxy that lets the first POST through to the emulator, then drops the connection instead of answering
    const proxy = await stubServer((req, res, body) => {
      void fetch(`${t.emulator.url}${req.url}`, {
        method: req.method,
        headers: { authorization: String(req.headers.authorization), "content-type": "application/json" },
        body: body === "" ? undefined : body,
      }).then(async (upstream) => {
        const text = await upstream.text();
        if (req.method === "POST" && !dropped) {
          dropped = true;
          res.socket?.destroy();
          return;
        }
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" }).end(text);
      });
    });
    const logs: string[] = [];
    const created = await client(proxy.origin, { log: (line) => logs.push(line) }).createPluginSchema(prodUs, schemaLua("lost"));
    expect(created).toMatchObject({ name: "lost", luaSchema: schemaLua("lost") });
    expect(calls(t).map((line) => line.replace(schemasPath, "S"))).toEqual(["POST S 201", "GET S/lost 200"]);
    expect(logs.some((line) => line.includes("but the resource is there"))).toBe(true);
  });

  it("after a 500 that did not land, report it without posting again", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 500, method: "POST" }] } });
    const error = (await rejection(client(t.emulator.url).createCustomPlugin(prodUs, { name: "cp500", schema: schemaLua("cp500"), handler: "return {}" }))) as KonnectError;
    expect(error.status).toBe(500);
    expect(error.message).toContain("(checked: it was not created)");
    expect(calls(t).filter((line) => line.startsWith("POST"))).toHaveLength(1);
    expect(calls(t)).toContain(`GET /v2/control-planes/${prodUs}/core-entities/custom-plugins/cp500 404`);
  });

  it("give up after the configured attempts when every POST fails and nothing lands", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "reset", method: "POST" }] } });
    const error = (await rejection(client(t.emulator.url, { retry: { maxAttempts: 2, baseDelayMs: 1 } }).createPluginSchema(prodUs, schemaLua("never")))) as KonnectError;
    expect(error.message).toContain("gave up after 2 attempts");
    expect(calls(t).filter((line) => line.startsWith("POST"))).toHaveLength(2);
  });
});

describe("interruption", () => {
  it("an aborted signal stops the backoff wait at once", async () => {
    const t = await emulator({ faults: { rules: [{ fault: "status", status: 503 }] } });
    const controller = new AbortController();
    const api = client(t.emulator.url, {
      signal: controller.signal,
      // a wait far longer than the test timeout: only the abort can end it
      retry: { maxAttempts: 4, baseDelayMs: 600_000, maxDelayMs: 600_000, random: () => 0.9 },
      log: (line) => {
        if (line.includes("retrying")) controller.abort();
      },
    });
    const error = await rejection(api.listControlPlanes());
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(ExitCode.interrupted);
    expect(t.emulator.requestLog).toHaveLength(1);
  });
});
