import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createKonnectClient, type KonnectClient } from "../../src/konnect/client.js";
import { resolveConnection } from "../../src/konnect/connection.js";
import type { KplugError } from "../../src/errors.js";
import { selectControlPlanes } from "../../src/konnect/select.js";
import { schemaLua } from "../emulator/harness.js";
import { cleanUpAfterEach, emulator, stubServer } from "./helpers.js";

cleanUpAfterEach();

const SECRET = "kpat_S3cr3tTokenValue0123456789abcdefXYZ";

/** everything a user or a CI log could ever see of an error */
function visible(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as KplugError;
  return [e.message, e.hint ?? "", String(e), e.stack ?? "", JSON.stringify(e.toJSON?.() ?? {}), JSON.stringify(e)].join("\n");
}

async function failureText(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => visible(error),
  );
}

describe("the token never shows", () => {
  it("in any error or debug line across many failure paths", async () => {
    const logs: string[] = [];
    const seen: string[] = [];
    const make = (origin: string, extra: Partial<Parameters<typeof createKonnectClient>[0]> = {}): KonnectClient =>
      createKonnectClient({
        baseUrl: `${origin}/v2`,
        token: SECRET,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1000 },
        rateLimit: { perSecond: 10_000, burst: 100 },
        timeoutMs: 200,
        log: (line) => logs.push(line),
        ...extra,
      });

    // the emulator's own errors: 400, 403, 404, 409, 401, injected 5xx/429/resets, and create checks
    const t = await emulator({
      seed: { controlPlanes: [{ name: "mine" }, { name: "theirs" }], tokens: { [SECRET]: { controlPlanes: ["mine"] } } },
      faults: {
        rules: [
          { fault: "status", status: 503, path: "/v2/control-planes/*/core-entities/custom-plugins" },
          { fault: "reset", method: "DELETE" },
          { fault: "status", status: 429, retryAfter: 60, method: "PUT" },
          { fault: "status", status: 502, method: "POST", path: "/v2/control-planes/*/core-entities/custom-plugins" },
        ],
      },
    });
    const mine = t.emulator.controlPlane("mine")!.id;
    const theirs = t.emulator.controlPlane("theirs")!.id;
    const api = make(t.emulator.url);
    await api.createPluginSchema(mine, schemaLua("dup"));
    seen.push(await failureText(api.createPluginSchema(mine, schemaLua("dup"))));
    seen.push(await failureText(api.createPluginSchema(mine, "return {")));
    seen.push(await failureText(api.listPluginSchemas(theirs)));
    seen.push(await failureText(api.getControlPlane("00000000-0000-4000-8000-000000000000")));
    seen.push(await failureText(api.getControlPlane("not-a-uuid")));
    seen.push(await failureText(api.listCustomPlugins(mine)));
    seen.push(await failureText(api.deletePluginSchema(mine, "dup")));
    seen.push(await failureText(api.putPluginSchema(mine, "dup", schemaLua("dup"))));
    seen.push(await failureText(api.createCustomPlugin(mine, { name: "c", schema: schemaLua("c"), handler: "return {}" })));
    // a token pasted where a control plane name goes ends up in a URL: still never shown
    seen.push(await failureText(selectControlPlanes(api, { controlPlanes: [SECRET], labels: {}, all: false })));
    seen.push(await failureText(api.getPluginSchema(SECRET, SECRET)));
    t.emulator.setTokens({ kpat_someoneelse: { controlPlanes: "*" } });
    seen.push(await failureText(api.listControlPlanes()));
    await api.close();

    // a server that echoes the Authorization header everywhere it can
    const echo = await stubServer((req, res) => {
      const auth = String(req.headers.authorization);
      if (req.url?.includes("text")) res.writeHead(400, { "content-type": "text/plain", "x-request-id": auth }).end(`bad header ${auth}`);
      else if (req.url?.includes("problem")) {
        res.writeHead(400, { "content-type": "application/problem+json" }).end(JSON.stringify({ title: auth, detail: auth, instance: `kong:trace:${auth}`, invalid_parameters: [{ field: auth, reason: auth }] }));
      } else if (req.url?.includes("hang")) {
        // no answer: a timeout
      } else if (req.url?.includes("html")) res.writeHead(200, { "content-type": "text/html", "x-request-id": auth }).end(`<html>${auth}</html>`);
      else if (req.url?.includes("shape")) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: auth }], meta: {} }));
      else res.writeHead(401, { "content-type": "application/json", "x-kong-request-id": auth }).end(JSON.stringify({ message: `invalid ${auth}`, request_id: auth }));
    });
    const leaky = make(echo.origin);
    seen.push(await failureText(leaky.getControlPlane("text")));
    seen.push(await failureText(leaky.getControlPlane("problem")));
    seen.push(await failureText(leaky.getControlPlane("json")));
    seen.push(await failureText(leaky.getControlPlane("hang")));
    seen.push(await failureText(leaky.listControlPlanes({ name: "shape" })));
    seen.push(await failureText(leaky.getControlPlane("html")));
    seen.push(await failureText(leaky.createPluginSchema("hang", schemaLua("x"))));
    await leaky.close();

    // nobody listening
    const refused = make("http://127.0.0.1:1");
    seen.push(await failureText(refused.listControlPlanes()));
    await refused.close();

    expect(seen).toHaveLength(20);
    expect(logs.length).toBeGreaterThan(30);
    for (const text of [...seen, ...logs]) expect(text).not.toContain(SECRET);
    // the Authorization header is logged, as [REDACTED]
    expect(logs.some((line) => line.includes("authorization: Bearer [REDACTED]"))).toBe(true);
    // the echoed secret is replaced, not silently dropped
    expect(seen.some((text) => text.includes("bad header Bearer [REDACTED]"))).toBe(true);
  });

  it("in connection errors and warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "kplug-token-"));
    const odd = "not-a-konnect-token-but-secret-0123";
    writeFileSync(join(dir, "odd"), `${odd}\n`);
    writeFileSync(join(dir, "broken"), `${SECRET} extra words\n`);
    const warned = resolveConnection({ tokenFile: join(dir, "odd"), env: {} });
    expect(warned.token).toBe(odd);
    expect(warned.warnings.join("\n")).not.toContain(odd);
    expect(warned.warnings).toHaveLength(1);
    const broken = (() => {
      try {
        resolveConnection({ tokenFile: join(dir, "broken"), env: {} });
        return "";
      } catch (error) {
        return visible(error);
      }
    })();
    expect(broken).toContain("spaces, line breaks or non-ASCII");
    expect(broken).not.toContain(SECRET);
    const viaEnv = (() => {
      try {
        resolveConnection({ env: { KONNECT_TOKEN: SECRET, KONNECT_ADDR: "http://konnect.example.com" } });
        return "";
      } catch (error) {
        return visible(error);
      }
    })();
    expect(viaEnv).toContain("refusing to send the Konnect token over plain http");
    expect(viaEnv).not.toContain(SECRET);
  });
});
