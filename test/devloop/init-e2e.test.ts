import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runKplug } from "../helpers/run.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "kplug-init-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Report {
  plugins: { name: string; target: string; findings: unknown[] }[];
}

const FILES = ["kong/plugins/acme-stamp/schema.lua", "kong/plugins/acme-stamp/handler.lua", "kplug.config.yaml", "kong.yaml", ".github/workflows/kong-plugin.yml"];

describe("kplug init", () => {
  it("creates a plugin project that validates with no finding, --strict, for both targets", async () => {
    const init = await runKplug(["init", "acme-stamp", "project", "-o", "json"], { cwd: dir });
    expect(init.exitCode).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({ plugin: "acme-stamp", target: "schema", dir: "project", files: FILES });
    const project = join(dir, "project");
    for (const target of ["schema", "streamed"]) {
      // no path: the generated config names the plugin
      const result = await runKplug(["validate", "--strict", "--target", target, "--json"], { cwd: project });
      expect(result.exitCode).toBe(0);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.plugins).toEqual([{ name: "acme-stamp", dir: "kong/plugins/acme-stamp", target, errors: 0, warnings: 0, findings: [], internalErrors: [] }]);
    }
    const schema = await readFile(join(project, FILES[0] ?? ""), "utf8");
    expect(schema).not.toMatch(/require\s*[("']/);
    expect(schema).toContain('name = "acme-stamp"');
    const handler = await readFile(join(project, FILES[1] ?? ""), "utf8");
    expect(handler).toMatch(/PRIORITY = \d+/);
    expect(handler).toMatch(/VERSION = "\d+\.\d+\.\d+"/);
    expect(handler).toContain("function AcmeStampHandler:header_filter(conf)");

    const deck = parse(await readFile(join(project, "kong.yaml"), "utf8")) as { _format_version: string; plugins: { name: string; config: Record<string, unknown> }[] };
    expect(deck._format_version).toBe("3.0");
    expect(deck.plugins).toEqual([{ name: "acme-stamp", config: { header_name: "X-acme-stamp" } }]);
    const workflow = parse(await readFile(join(project, FILES[4] ?? ""), "utf8")) as { jobs: { validate: { steps: { run?: string }[] } } };
    expect(workflow.jobs.validate.steps.map((s) => s.run).filter(Boolean)).toEqual(["npx --yes kplug validate --format github"]);
    const config = parse(await readFile(join(project, "kplug.config.yaml"), "utf8")) as Record<string, unknown>;
    expect(config).toMatchObject({ plugins: [{ path: "kong/plugins/acme-stamp", name: "acme-stamp" }], target: "schema", strict: true });
  });

  it("--target streamed shapes the project for Dedicated Cloud Gateways", async () => {
    const init = await runKplug(["init", "edge-stamp", "--target", "streamed"], { cwd: dir });
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain("created kong/plugins/edge-stamp/handler.lua");
    expect(init.stderr).toContain("new streamed plugin edge-stamp");
    const config = parse(await readFile(join(dir, "kplug.config.yaml"), "utf8")) as { target: string; konnect: { mode: string } };
    expect(config.target).toBe("streamed");
    expect(config.konnect.mode).toBe("streamed");
    const result = await runKplug(["validate", "--json"], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as Report).plugins).toMatchObject([{ name: "edge-stamp", target: "streamed", findings: [] }]);
  });

  it("never overwrites without --force, and writes nothing when one file exists", async () => {
    await writeFile(join(dir, "kong.yaml"), "mine\n");
    const refused = await runKplug(["init", "acme-stamp"], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toBe("kplug: kong.yaml already exists; nothing was written (pass --force to overwrite, or init into another directory)\n");
    await expect(readFile(join(dir, "kplug.config.yaml"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dir, "kong.yaml"), "utf8")).toBe("mine\n");

    const forced = await runKplug(["init", "acme-stamp", "--force"], { cwd: dir });
    expect(forced.exitCode).toBe(0);
    expect(await readFile(join(dir, "kong.yaml"), "utf8")).toContain("name: acme-stamp");
  });

  it.each([
    ["My_Plugin", 'plugin name "My_Plugin" must be at least 2 characters: lowercase letters, digits and "-", starting with a letter'],
    ["stamp-", "not ending with"],
    ["cors", 'plugin name "cors" is the name of a plugin bundled with Kong; Konnect requires'],
    ["openid-connect", "bundled with Kong Enterprise"],
    ["a".repeat(129), "is 129 characters long; Konnect allows at most 128"],
  ])("refuses the name %s with the reason", async (name, reason) => {
    const result = await runKplug(["init", name], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`kplug: `);
    expect(result.stderr).toContain(reason);
    await expect(readFile(join(dir, "kplug.config.yaml"))).rejects.toThrow(/ENOENT/);
  });
});
