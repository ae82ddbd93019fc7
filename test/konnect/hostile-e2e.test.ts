import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_PAGES } from "../../src/konnect/paging.js";
import { controlPlane, endlessBody, hostileServer, json, lostAnswer, slowHeaders, wellBehaved, type HostileServer, type Route } from "../helpers/hostile-server.js";
import { repoRoot, runKplug, type RunResult } from "../helpers/run.js";

/**
 * Every case ends by itself with one `kplug:` line and a documented exit code, however the server
 * misbehaves. Bounds are asserted on what was read or sent, never on time.
 */

const TOKEN = "kpat_H0stileT3stTokenValue0123456789abcdef";
const SECRET_PART = /h0stilet3st/i;
const MiB = 1024 * 1024;

let server: HostileServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** a working directory with the fleet fixture plugin and an optional kplug config */
async function workdir(config: Record<string, unknown> = {}): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "kplug-hostile-"));
  await cp(join(repoRoot, "fixtures/fleet"), dir, { recursive: true });
  await writeFile(join(dir, ".kplugrc.json"), JSON.stringify({ konnect: { rateLimit: 10_000, ...config } }));
  return dir;
}

async function kplug(args: string[], options: { config?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<RunResult> {
  const cwd = await workdir(options.config);
  return runKplug(args, { cwd, env: { KONNECT_ADDR: server!.origin, KONNECT_TOKEN: TOKEN, ...options.env } });
}

function kplugLines(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("kplug:"));
}

/** no raw escape, bell, NUL or C1 control reached the output */
function expectNoControls(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

describe("kplug against a hostile server", () => {
  it("an endless 200 body: stops reading at konnect.maxResponseBytes, exit 1", async () => {
    server = await hostileServer({ listControlPlanes: endlessBody });
    const result = await kplug(["list", "--control-plane", "prod", "--timeout", "2m"], { config: { maxResponseBytes: MiB } });
    expect(result.exitCode).toBe(1);
    expect(kplugLines(result.stderr)).toEqual(["kplug: GET /v2/control-planes: the response is larger than 1 MiB (status 200); kplug stopped reading it (a proxy or a wrong address may be answering; if Konnect really sends this much, raise konnect.maxResponseBytes in the config)"]);
    // read up to the limit, then hung up: what the server got out is the limit plus socket buffers
    expect(server.calls).toHaveLength(1);
    expect(server.bytesSent).toBeLessThan(MiB + 16 * MiB);
  });

  it("a Content-Length over the cap: refused before reading, exit 1, no crash", async () => {
    server = await hostileServer({
      listControlPlanes: (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * MiB) });
        res.write("[");
      },
    });
    const result = await kplug(["list", "--control-plane", "prod"], { config: { maxResponseBytes: MiB } });
    expect(result.exitCode).toBe(1);
    expect(kplugLines(result.stderr)).toEqual([expect.stringMatching(/^kplug: GET \/v2\/control-planes: the response is larger than 1 MiB \(status 200\)/)]);
  });

  it("slowloris headers: the command's --timeout ends it, exit 1", async () => {
    server = await hostileServer({ listControlPlanes: slowHeaders });
    const result = await kplug(["list", "--control-plane", "prod", "--timeout", "2s"]);
    expect(result.exitCode).toBe(1);
    expect(kplugLines(result.stderr)).toEqual([
      "kplug: GET /v2/control-planes: gave up: the command's time limit (--timeout 2s) has passed (Konnect or the network is slow, or the server never finishes; retry, or raise --timeout)",
    ]);
  });

  it("slow headers are also bounded per request (konnect.timeoutMs), retried, then reported", async () => {
    server = await hostileServer({ listControlPlanes: slowHeaders });
    const result = await kplug(["list", "--control-plane", "prod"], { config: { timeoutMs: 300, retries: 1 } });
    expect(result.exitCode).toBe(1);
    expect(server.calls).toHaveLength(2);
    const lines = kplugLines(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kplug: GET \/v2\/control-planes: timed out waiting for a response from 127\.0\.0\.1:\d+ after 300 ms \(gave up after 2 attempts; last error/);
  });

  it("Retry-After: 60 is not waited for: one request, exit 1, says why", async () => {
    server = await hostileServer({ listControlPlanes: (_req, res) => json(res, 429, { message: "slow down" }, { "retry-after": "60" }) });
    const result = await kplug(["list", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(1);
    expect(server.calls).toHaveLength(1);
    expect(kplugLines(result.stderr)).toEqual([
      "kplug: GET /v2/control-planes: 429 Too Many Requests: slow down (Konnect asked to wait 60 s before retrying; kplug waits at most 30 s) (Konnect's rate limit was hit: lower --concurrency, or retry later)",
    ]);
  });

  it("a Retry-After within the cap but past the --timeout is not waited for either", async () => {
    server = await hostileServer({ listControlPlanes: (_req, res) => json(res, 503, { message: "busy" }, { "retry-after": "20" }) });
    const result = await kplug(["list", "--control-plane", "prod", "--timeout", "5s"]);
    expect(result.exitCode).toBe(1);
    expect(server.calls).toHaveLength(1);
    expect(kplugLines(result.stderr)[0]).toContain("503 Service Unavailable: busy (not retried: the command's time limit (--timeout) would pass first)");
  });

  it("page-number paging that repeats the same full page stops on page 2", async () => {
    const page = Array.from({ length: 100 }, (_, i) => controlPlane(`cp-${i}`, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    server = await hostileServer({ listControlPlanes: (_req, res) => json(res, 200, { data: page, meta: { page: { size: 100 } } }) });
    const result = await kplug(["list", "--all"]);
    expect(result.exitCode).toBe(1);
    // two listing pages; list may have started reading the first page's control planes meanwhile (reads only)
    expect(server.calls.filter((call) => call.url.startsWith("/v2/control-planes?"))).toHaveLength(2);
    expect(server.calls.filter((call) => call.method !== "GET")).toEqual([]);
    expect(kplugLines(result.stderr)[0]).toMatch(/^kplug: GET \/v2\/control-planes: paging stopped: page 2 repeats items already read/);
  });

  it("a repeating page[after] cursor stops at the repeat", async () => {
    let n = 0;
    const listSchemas: Route = (_req, res) => json(res, 200, { items: [{ name: `p${n++}`, lua_schema: "return {}" }], page: { next: "/v2/x?page[after]=same" } });
    server = await hostileServer({ listSchemas });
    const result = await kplug(["list", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(1);
    expect(server.calls.filter((c) => c.url.includes("plugin-schemas"))).toHaveLength(2);
    expect(kplugLines(result.stderr)).toEqual([expect.stringMatching(/^kplug: prod: GET \/v2\/control-planes\/[^/]+\/core-entities\/plugin-schemas: paging stopped: the next-page cursor repeats one already followed$/)]);
  });

  it("ever-new cursors over the same items stop on page 2", async () => {
    let n = 0;
    const listCustom: Route = (_req, res) => json(res, 200, { data: [{ id: "same", name: "x", schema: "return {}", handler: "return {}" }], offset: `o${n++}` });
    server = await hostileServer({ listCustom });
    const result = await kplug(["list", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(1);
    expect(server.calls.filter((c) => c.url.includes("custom-plugins"))).toHaveLength(2);
    expect(kplugLines(result.stderr)[0]).toMatch(/custom-plugins: paging stopped: page 2 repeats items already read$/);
  });

  it(`ever-new cursors with ever-new items stop at the page cap (${MAX_PAGES} pages)`, async () => {
    let n = 0;
    const listSchemas: Route = (_req, res) => {
      n++;
      json(res, 200, { items: [{ name: `p${n}`, lua_schema: "return {}" }], page: { next: `/v2/x?page[after]=c${n}` } });
    };
    server = await hostileServer({ listSchemas });
    const result = await kplug(["list", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(1);
    expect(n).toBe(MAX_PAGES);
    expect(kplugLines(result.stderr)[0]).toMatch(new RegExp(`plugin-schemas: paging stopped: more than ${MAX_PAGES} pages$`));
  }, 120_000);

  it("escape sequences and NUL in an error body and in names are shown escaped", async () => {
    const evil = "pro\u001b]0;owned\u0007d\u0000\u009b2J";
    server = await hostileServer({
      listControlPlanes: (req, res) => {
        const name = new URL(req.url ?? "/", "http://x").searchParams.get("filter[name][eq]");
        json(res, 200, { data: name === null ? [controlPlane(evil)] : [], meta: { page: { total: name === null ? 1 : 0 } } });
      },
    });
    const notFound = await kplug(["list", "--control-plane", "prod"]);
    expect(notFound.exitCode).toBe(2);
    expect(kplugLines(notFound.stderr)[0]).toContain("did you mean: pro\\x1b]0;owned\\x07d\\x00\\x9b2J?");
    expectNoControls(notFound.stderr);

    await server.close();
    server = await hostileServer({ listSchemas: (_req, res) => json(res, 400, { message: "bad \u001b[2J\u0000 thing\u001b]2;title\u0007" }) });
    const badBody = await kplug(["list", "--control-plane", "prod"]);
    expect(badBody.exitCode).toBe(1);
    expect(kplugLines(badBody.stderr)[0]).toContain("400 Bad Request: bad \\x1b[2J\\x00 thing\\x1b]2;title\\x07");
    expectNoControls(badBody.stderr);
  });

  it("plugin and control plane names with escapes are escaped in the list table", async () => {
    server = await hostileServer({
      listControlPlanes: (_req, res) => json(res, 200, { data: [controlPlane("prod")], meta: { page: { total: 1 } } }),
      listSchemas: (_req, res) => json(res, 200, { items: [{ name: "x\u001b[31mred\u0000", lua_schema: "return {}" }], page: { total_count: 1 } }),
    });
    const result = await kplug(["list", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("x\\x1b[31mred\\x00");
    expectNoControls(result.stdout);
  });

  const echoes: Array<[string, string]> = [
    ["exact", TOKEN],
    ["\\u005f-escaped", TOKEN.replace("_", "\\u005f")],
    ["URL-encoded", encodeURIComponent(TOKEN).replace("_", "%5F")],
    ["prefixed and suffixed", `Bearer${TOKEN}xyz`],
    ["lower-cased", TOKEN.toLowerCase()],
    ["upper-cased", TOKEN.toUpperCase()],
    ["a long prefix", `${TOKEN.slice(0, 18)}...`],
  ];
  for (const [form, echo] of echoes) {
    it(`a token echo in an error body (${form}) is redacted`, async () => {
      // raw JSON text, so the escape reaches kplug as the server wrote it
      const body = `{"message": "invalid token ${echo} for this account"}`;
      server = await hostileServer({
        listControlPlanes: (_req, res) => {
          res.writeHead(401, { "content-type": "application/json" });
          res.end(body);
        },
      });
      const result = await kplug(["list", "--control-plane", "prod", "--json"]);
      expect(result.exitCode).toBe(1);
      expect(kplugLines(result.stderr)[0]).toMatch(/^kplug: GET \/v2\/control-planes: 401 Unauthorized: invalid token \S*\[REDACTED\]\S* for this account/);
      expect(result.stderr + result.stdout).not.toMatch(SECRET_PART);
    });
  }

  it("a token pasted into --token-file, --region or --konnect-addr is never echoed", async () => {
    server = await hostileServer();
    for (const flags of [["--token-file", TOKEN], ["--region", TOKEN], ["--konnect-addr", TOKEN], ["--token-file", `./${TOKEN}`]]) {
      const result = await kplug(["list", "--control-plane", "prod", ...flags]);
      expect(result.exitCode).toBe(2);
      expect(kplugLines(result.stderr)).toHaveLength(1);
      expect(result.stderr + result.stdout).not.toMatch(SECRET_PART);
      await rm(dir!, { recursive: true, force: true });
    }
    expect(server.calls).toHaveLength(0);
  });

  it("a redirect to another origin is not followed", async () => {
    const other = await hostileServer();
    try {
      server = await hostileServer({ listControlPlanes: (_req, res) => res.writeHead(302, { location: `${other.origin}/v2/control-planes` }).end() });
      const result = await kplug(["list", "--control-plane", "prod"]);
      expect(result.exitCode).toBe(1);
      expect(kplugLines(result.stderr)[0]).toMatch(/^kplug: GET \/v2\/control-planes: 302 Found/);
      expect(other.calls).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe("writes against a hostile server", () => {
  const LOCAL = async (): Promise<string> => readFile(join(repoRoot, "fixtures/fleet/kong/plugins/header-stamp/schema.lua"), "utf8");

  it("a PUT applied but its answer lost: re-read, found applied, reported as updated (exit 0)", async () => {
    const local = await LOCAL();
    server = await hostileServer({ putSchema: lostAnswer(wellBehaved.putSchema) }, { "header-stamp": `${local}\n-- an older copy\n` });
    const result = await kplug(["push", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(0);
    expect(server.schemas.get("header-stamp")).toBe(local);
    expect(server.calls.filter((c) => c.method === "PUT").length).toBeGreaterThanOrEqual(1);
    // the answer was lost, so a GET after the PUT found out
    expect(server.calls.at(-1)?.method).toBe("GET");
    expect(result.stdout).toMatch(/header-stamp\s+schema\s+update\s+1\s+prod\s+ok/);
  });

  it("a PUT whose answer was lost and cannot be re-read: 'may have been applied; run kplug diff', exit 1", async () => {
    const local = await LOCAL();
    let putSeen = false;
    server = await hostileServer(
      {
        putSchema: lostAnswer((req, res, call, s) => {
          putSeen = true;
          wellBehaved.putSchema(req, res, call, s);
        }),
        getSchema: (req, res, call, s) => (putSeen ? json(res, 500, { message: "internal" }) : wellBehaved.getSchema(req, res, call, s)),
      },
      { "header-stamp": `${local}\n-- an older copy\n` },
    );
    const result = await kplug(["push", "--control-plane", "prod"]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout + result.stderr).toContain("may have been applied; run `kplug diff` to check");
    expect(kplugLines(result.stderr)).toHaveLength(1);
  });

  it("pull: a renamed remote (asked other, answered other-name) writes nothing, exit 1", async () => {
    server = await hostileServer({ getSchema: (_req, res) => json(res, 200, { item: { name: "other-name", lua_schema: "return {}" } }) });
    const result = await kplug(["pull", "other", "--control-plane", "prod", "--out", "out"]);
    expect(result.exitCode).toBe(1);
    expect(kplugLines(result.stderr)[0]).toMatch(/^kplug: asked prod for plugin other, it answered with a plugin named other-name; nothing written/);
    expect(existsSync(join(dir!, "out"))).toBe(false);
  });

  it("pull: a symbolic link inside the output folder is never written through, exit 2", async () => {
    server = await hostileServer({}, { demo: "return { name = \"demo\" }" });
    const cwd = await workdir();
    const outside = join(cwd, "outside");
    await mkdir(join(cwd, "out"), { recursive: true });
    await mkdir(outside);
    await symlink(outside, join(cwd, "out", "kong"));
    const env = { KONNECT_ADDR: server.origin, KONNECT_TOKEN: TOKEN };
    const linkedDir = await runKplug(["pull", "demo", "--control-plane", "prod", "--out", "out"], { cwd, env });
    expect(linkedDir.exitCode).toBe(2);
    expect(kplugLines(linkedDir.stderr)[0]).toMatch(/^kplug: refusing to write .*out\/kong: it is a symbolic link \(to .*outside\) inside the output folder/);
    expect(existsSync(join(outside, "plugins"))).toBe(false);

    // a link as the file itself, pointing outside
    await rm(join(cwd, "out", "kong"));
    await mkdir(join(cwd, "out", "kong", "plugins", "demo"), { recursive: true });
    await writeFile(join(outside, "target.lua"), "mine\n");
    await symlink(join(outside, "target.lua"), join(cwd, "out", "kong", "plugins", "demo", "schema.lua"));
    const linkedFile = await runKplug(["pull", "demo", "--control-plane", "prod", "--out", "out", "--force"], { cwd, env });
    expect(linkedFile.exitCode).toBe(2);
    expect(kplugLines(linkedFile.stderr)[0]).toMatch(/schema\.lua: it is a symbolic link inside the output folder/);
    expect(await readFile(join(outside, "target.lua"), "utf8")).toBe("mine\n");

    // the output folder itself may be a link: that is where the user asked to write
    await rm(join(cwd, "out"), { recursive: true });
    await symlink(outside, join(cwd, "out"));
    const linkedRoot = await runKplug(["pull", "demo", "--control-plane", "prod", "--out", "out"], { cwd, env });
    expect(linkedRoot.exitCode).toBe(0);
    expect(await readFile(join(outside, "kong/plugins/demo/schema.lua"), "utf8")).toBe('return { name = "demo" }\n');
  });
});
