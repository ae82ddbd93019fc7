import { describe, expect, it } from "vitest";
import { nodeHealth } from "../../src/fleet/node-health.js";
import { assessRow } from "../../src/fleet/status.js";
import { issueNamesPlugin, needsInstanceIds, versionOlderThan } from "../../src/fleet/status-nodes.js";
import type { FleetTarget } from "../../src/fleet/types.js";
import type { DataPlaneNode, NodeCompatibilityIssue } from "../../src/konnect/types.js";
import { hybrid } from "./helpers/memory-api.js";

const now = 1_800_000_000;
const target: FleetTarget = { controlPlane: hybrid("cp"), kind: "hybrid" };
const schema = "return { name = 'p', fields = {} }";

function node(hostname: string, fields: Partial<DataPlaneNode> = {}): DataPlaneNode {
  return { id: `id-${hostname}`, hostname, version: "3.15.0.0", lastPing: now, configHash: "h1", compatibility: { issues: [] }, ...fields };
}

function issue(fields: Partial<NodeCompatibilityIssue>): NodeCompatibilityIssue {
  return { code: "X1", severity: "error", description: "", resolution: "", affectedResources: [], ...fields };
}

const options = { nowSeconds: now, seenWithinSeconds: 300 };

describe("status verdicts", () => {
  it("a warning is listed but leaves the node able to run the plugin", () => {
    const nodes = [node("a", { compatibility: { issues: [issue({ severity: "warning", description: "For the 'p' plugin, one field is ignored." })] } }), node("b")];
    const row = assessRow(target, "p", { remote: [{ name: "p", mechanism: "schema", schema }], nodes, instances: [] }, undefined, options);
    expect(row.verdict).toBe("ready");
    expect(row.issues).toEqual([expect.objectContaining({ blocking: false, severity: "warning" })]);
    expect(row.nodes.canRun).toBe(2);
  });

  it("an issue naming only an instance id counts for the plugin that instance belongs to, not for another", () => {
    const nodes = [node("a", { compatibility: { issues: [issue({ description: "configuration rejected", affectedResources: [{ id: "inst-1", type: "plugin", details: [] }] })] } })];
    const reading = { remote: [{ name: "p", mechanism: "schema" as const, schema }, { name: "q", mechanism: "schema" as const, schema }], nodes, instances: [{ id: "inst-1", name: "p", enabled: true, controlPlaneId: "cp" }] };
    expect(needsInstanceIds(nodes, ["p", "q"])).toBe(true);
    expect(assessRow(target, "p", reading, undefined, options)).toMatchObject({ verdict: "not running", nodes: { canRun: 0 } });
    expect(assessRow(target, "q", reading, undefined, options)).toMatchObject({ verdict: "ready", issues: [] });
  });

  it("names match quoted, not as a substring of another plugin's name", () => {
    const named = issue({ description: "Plugin 'header-stamp-v2' is not available in Kong gateway versions < 3.0." });
    expect(issueNamesPlugin(named, "header-stamp", new Set())).toBe(false);
    expect(issueNamesPlugin(named, "header-stamp-v2", new Set())).toBe(true);
    expect(issueNamesPlugin(issue({ affectedResources: [{ id: "x", type: "plugin", details: ["header-stamp"] }] }), "header-stamp", new Set())).toBe(true);
    expect(needsInstanceIds([node("a", { compatibility: { issues: [{ ...named, affectedResources: [{ id: "x", type: "plugin", details: [] }] }] } })], ["header-stamp-v2"])).toBe(false);
  });

  it("a local copy that differs is shown as not current; the verdict is about the data planes", () => {
    const row = assessRow(target, "p", { remote: [{ name: "p", mechanism: "schema", schema }], nodes: [node("a")], instances: [] }, { name: "p", dir: "p", schema: `${schema}\n-- edited`, handler: undefined }, options);
    expect(row).toMatchObject({ verdict: "ready", current: false });
  });

  it("versions: 3.15 and later run streamed plugins; unreadable versions are not called old", () => {
    expect(versionOlderThan("3.14.9.9", [3, 15])).toBe(true);
    expect(versionOlderThan("2.8.4.0", [3, 15])).toBe(true);
    expect(versionOlderThan("3.15.0.0", [3, 15])).toBe(false);
    expect(versionOlderThan("4.0.0", [3, 15])).toBe(false);
    expect(versionOlderThan("", [3, 15])).toBe(false);
  });
});

describe("node health for list --nodes", () => {
  const remote = [{ name: "p", mechanism: "schema" as const, schema }, { name: "s", mechanism: "streamed" as const, schema, handler: "return {}" }];

  it("a node counts once however many plugins it cannot run; warnings and plugins not on the control plane do not count", () => {
    const nodes = [
      node("both", { version: "3.14.0.0", compatibility: { issues: [issue({ description: "Plugin 'p' is configured but not installed" })] } }),
      node("warned", { compatibility: { issues: [issue({ severity: "warning", description: "For the 'p' plugin, one field is ignored." })] } }),
      node("elsewhere", { compatibility: { issues: [issue({ description: "Plugin 'absent' is configured but not installed" })] } }),
      node("gone", { lastPing: now - 3600 }),
    ];
    const health = nodeHealth(target, { remote, nodes, instances: [] }, ["p", "s", "absent"], options);
    expect(health).toEqual({ total: 4, seen: 3, ready: 2, degraded: 1, converged: true, configHashes: 1 });
  });

  it("a group's nodes are judged against every listed plugin (they live on its members); hashes that differ are unconverged", () => {
    const group: FleetTarget = { controlPlane: hybrid("grp"), kind: "group" };
    const nodes = [node("a", { compatibility: { issues: [issue({ description: "Plugin 'p' is configured but not installed" })] } }), node("b", { configHash: "h2" })];
    expect(nodeHealth(group, { remote: [], nodes, instances: [] }, ["p"], options)).toEqual({ total: 2, seen: 2, ready: 1, degraded: 1, converged: false, configHashes: 2 });
  });
});
