import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/errors.js";
import { KonnectError } from "../../src/konnect/errors.js";
import { parseErrorBody } from "../../src/konnect/http-error.js";
import { networkError } from "../../src/konnect/network-error.js";
import { schemaLua } from "../emulator/harness.js";
import { cleanUpAfterEach, client, emulator, stubServer } from "./helpers.js";

cleanUpAfterEach();

const prodUs = "bf28a9f1-2e56-55e7-abd3-aaa394093cd2";

async function failure(promise: Promise<unknown>): Promise<KonnectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KonnectError);
  return error as KonnectError;
}

describe("error bodies", () => {
  it("reads problem+json: detail, invalid_parameters and the trace id", () => {
    const body = JSON.stringify({
      status: 400,
      title: "Bad Request",
      instance: "kong:trace:123",
      detail: "Invalid request parameters",
      invalid_parameters: [{ field: "page[size]", rule: "max", reason: "must be at most 100" }],
    });
    expect(parseErrorBody(body, "application/problem+json")).toEqual({
      detail: "Invalid request parameters (page[size] must be at most 100)",
      requestId: "123",
    });
  });

  it("reads {message}, {code, message}, the legacy shape with details, {error} and plain text", () => {
    expect(parseErrorBody('{"message":"Unauthorized"}', "application/json").detail).toBe("Unauthorized");
    expect(parseErrorBody('{"code":5,"message":"not found"}', "application/json").detail).toBe("not found");
    expect(parseErrorBody('{"code":9,"message":"schema in use","details":[]}', "application/json").detail).toBe("schema in use");
    expect(parseErrorBody('{"message":"No API key found in request","status":401}', "application/json").detail).toBe("No API key found in request");
    expect(parseErrorBody('{"error":{"message":"nope"}}', "application/json").detail).toBe("nope");
    expect(parseErrorBody("upstream connect error\nor disconnect", "text/plain").detail).toBe("upstream connect error or disconnect");
    expect(parseErrorBody("<html><body>502</body></html>", "text/html").detail).toBe("(HTML error page)");
    expect(parseErrorBody("", undefined)).toEqual({});
    // a JSON body of an unknown shape is still shown, not dropped
    expect(parseErrorBody("[1,2]", "application/json").detail).toBe("[1,2]");
  });

  it("turns the emulator's problem, legacy and gateway errors into KonnectErrors with status, request id and hint", async () => {
    const t = await emulator();
    const api = client(t.emulator.url);
    await api.createPluginSchema(prodUs, schemaLua("dup"));

    const conflict = await failure(api.createPluginSchema(prodUs, schemaLua("dup")));
    expect(conflict.status).toBe(409);
    expect(conflict.message).toMatch(/^POST \/v2\/control-planes\/[0-9a-f-]+\/core-entities\/plugin-schemas: 409 Conflict: /);
    expect(conflict.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(conflict.hint).toMatch(/already exists/);
    expect(conflict.exitCode).toBe(ExitCode.failure);

    const lua = await failure(api.createPluginSchema(prodUs, "return { name = "));
    expect(lua.status).toBe(400);
    expect(lua.message).toContain('failed loading schema: [string "schema.lua"]:1:');

    const missingCp = await failure(api.getControlPlane("00000000-0000-4000-8000-000000000000"));
    expect(missingCp.status).toBe(404);
    expect(missingCp.message).toContain("404 Not Found: control plane 00000000-0000-4000-8000-000000000000 not found");

    t.emulator.setTokens({ kpat_other: { controlPlanes: "*" } });
    const unauthorized = await failure(api.listCustomPlugins(prodUs));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.message).toContain("401 Unauthorized: Invalid credentials");
    expect(unauthorized.hint).toMatch(/invalid or expired.*Personal access tokens/);
  });

  it("names the control plane a 403 is about", async () => {
    const t = await emulator({ seed: { controlPlanes: [{ name: "secret-cp" }, { name: "open-cp" }], tokens: { kpat_testtoken0000000000000000000000000000000000000: { controlPlanes: ["open-cp"] } } } });
    const id = t.emulator.controlPlane("secret-cp")!.id;
    const forbidden = await failure(client(t.emulator.url).listPluginSchemas(id));
    expect(forbidden.status).toBe(403);
    expect(forbidden.hint).toBe(`the token lacks access to control plane ${id}: use a token whose role covers it`);
  });

  it("reads plain-text 502s, empty bodies, request ids from headers, and says 413 means too large", async () => {
    const stub = await stubServer((req, res) => {
      if (req.url?.includes("text")) {
        res.writeHead(502, { "content-type": "text/plain", "x-request-id": "req-502" }).end("502 Bad Gateway\n");
      } else if (req.url?.includes("big")) {
        res.writeHead(413).end();
      } else {
        res.writeHead(500, { "x-kong-request-id": "kong-req-1" }).end();
      }
    });
    const api = client(stub.origin, { retry: { maxAttempts: 1 } });
    const text = await failure(api.getControlPlane("text"));
    expect(text.message).toBe("GET /v2/control-planes/text: 502 Bad Gateway");
    expect(text.requestId).toBe("req-502");
    expect(text.hint).toBe("Konnect is unavailable: retry later");
    const big = await failure(api.putPluginSchema("big", "x", "x"));
    expect(big.message).toBe("PUT /v2/control-planes/big/core-entities/plugin-schemas/x: 413 Payload Too Large");
    expect(big.hint).toMatch(/too large/);
    const empty = await failure(api.getControlPlane("empty"));
    expect(empty.message).toBe("GET /v2/control-planes/empty: 500 Internal Server Error");
    expect(empty.requestId).toBe("kong-req-1");
  });
});

describe("unexpected shapes", () => {
  it("names the endpoint and the first wrong field instead of crashing later", async () => {
    const stub = await stubServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/v2/control-planes?")) res.end(JSON.stringify({ data: [{ id: 7, name: "x", config: { cluster_type: "CLUSTER_TYPE_CONTROL_PLANE" } }], meta: { page: { total: 1 } } }));
      else if (req.url?.includes("plugin-schemas")) res.end(JSON.stringify({ schemas: [] }));
      else res.end("<html>login</html>");
    });
    const api = client(stub.origin);
    expect((await failure(api.listControlPlanes())).message).toBe("GET /v2/control-planes: unexpected response shape: data[0].id: expected string");
    expect((await failure(api.listPluginSchemas("cp"))).message).toBe("GET /v2/control-planes/cp/core-entities/plugin-schemas: unexpected response shape: items: expected array");
    const notJson = await failure(api.getControlPlane("cp"));
    expect(notJson.message).toBe("GET /v2/control-planes/cp: unexpected response shape: the body is not JSON");
    expect(notJson.failure).toBe("shape");
  });

  it("accepts extra fields and nulls where the spec allows them", async () => {
    const stub = await stubServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          data: [{ id: "a", name: "a", schema: "s", handler: "h", tags: null, created_at: null, brand_new_field: { x: 1 } }],
          next: null,
          offset: null,
        }),
      );
    });
    expect(await client(stub.origin).listCustomPlugins("cp")).toEqual([{ id: "a", name: "a", schema: "s", handler: "h", tags: [] }]);
  });
});

describe("network errors", () => {
  it("connection refused names the host, has no stack in the message, and is not retried", async () => {
    const logs: string[] = [];
    // port 1 on loopback: nothing listens there, and nothing can be routed elsewhere
    const api = client("http://127.0.0.1:1", { log: (line) => logs.push(line) });
    const refused = await failure(api.listControlPlanes());
    expect(refused.message).toBe("GET /v2/control-planes: cannot connect to 127.0.0.1:1: connection refused");
    expect(refused.failure).toBe("network");
    expect(refused.status).toBeUndefined();
    expect(refused.message).not.toMatch(/\n|at /);
    expect(logs.filter((line) => line.startsWith("→"))).toHaveLength(1);
  });

  it("times out a request that hangs, naming the host and the time", async () => {
    const stub = await stubServer(() => {
      // never answers
    });
    const api = client(stub.origin, { timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const timeout = await failure(api.listControlPlanes());
    expect(timeout.failure).toBe("timeout");
    expect(timeout.message).toBe(`GET /v2/control-planes: timed out waiting for a response from ${new URL(stub.origin).host} after 150 ms (gave up after 2 attempts; last error timeout)`);
    expect(stub.requests).toHaveLength(2);
  });

  it("explains DNS and TLS failures", () => {
    const dns = networkError("GET /v2/control-planes", "eu.api.konghq.example", Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    expect(dns.message).toBe("GET /v2/control-planes: cannot resolve host eu.api.konghq.example (ENOTFOUND)");
    expect(dns.ambiguous).toBe(false);
    const tls = networkError("GET /v2/x", "h", { cause: { code: "SELF_SIGNED_CERT_IN_CHAIN" } });
    expect(tls.message).toContain("TLS certificate of h is not trusted");
    expect(tls.hint).toContain("NODE_EXTRA_CA_CERTS");
    const reset = networkError("POST /v2/x", "h", { code: "UND_ERR_SOCKET" });
    expect(reset.ambiguous).toBe(true);
  });
});
