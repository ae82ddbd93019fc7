import { describe, expect, it } from "vitest";
import { Deadline } from "../../src/konnect/deadline.js";
import type { KonnectError } from "../../src/konnect/errors.js";
import { RateLimiter } from "../../src/konnect/limiter.js";
import { cleanUpAfterEach, client, stubServer } from "./helpers.js";

cleanUpAfterEach();

const CP = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";
const controlPlanes = { data: [{ id: CP, name: "prod", config: { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE" } }], meta: { page: { total: 1 } } };

async function rejection(promise: Promise<unknown>): Promise<KonnectError> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: KonnectError) => error,
  );
}

describe("client limits", () => {
  it("refuses a body announced larger than maxResponseBytes, and one that turns out larger", async () => {
    const big = JSON.stringify({ ...controlPlanes, padding: "x".repeat(4096) });
    const announced = await stubServer((_req, res) => res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) }).end(big));
    const error = await rejection(client(announced.origin, { maxResponseBytes: 2048 }).listControlPlanes());
    expect(error.message).toBe("GET /v2/control-planes: the response is larger than 2048 bytes (status 200); kplug stopped reading it");
    expect(error.exitCode).toBe(1);
    // not retried: the same answer would come back
    expect(announced.requests).toHaveLength(1);

    const chunked = await stubServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(big.slice(0, 2000));
      res.end(big.slice(2000));
    });
    expect((await rejection(client(chunked.origin, { maxResponseBytes: 2048 }).listControlPlanes())).message).toContain("larger than 2048 bytes");
    // within the limit it is read as usual
    expect(await client(chunked.origin, { maxResponseBytes: 8192 }).listControlPlanes()).toHaveLength(1);
  });

  it("a streamed plugin PUT whose answer is lost is read back, and found applied", async () => {
    let stored = { id: "c1", name: "demo", schema: "return {}", handler: "return {}", tags: [] as string[] };
    const server = await stubServer((req, res, body) => {
      if (req.method === "PUT") {
        stored = { ...stored, ...(JSON.parse(body) as typeof stored) };
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stored));
    });
    const put = await client(server.origin).putCustomPlugin(CP, "c1", { name: "demo", schema: "return { v = 2 }", handler: "return {}" });
    expect(put.schema).toBe("return { v = 2 }");
    expect(server.requests.at(-1)?.method).toBe("GET");
  });

  it("the deadline stops a rate-limit wait, and says it was the time limit", async () => {
    const server = await stubServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(controlPlanes)));
    const api = client(server.origin, { limiter: new RateLimiter({ perSecond: 0.01, burst: 1 }), deadline: new Deadline(300) });
    await api.listControlPlanes();
    const error = await rejection(api.getControlPlane(CP));
    expect(error.message).toBe("GET /v2/control-planes/bf28a9f1-2e56-55e7-abd3-aaa394093cd2: gave up: the command's time limit (--timeout 300ms) has passed");
    expect(server.requests).toHaveLength(1);
  });
});
