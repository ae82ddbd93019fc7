import { createHash } from "node:crypto";
import { jsonResponse, type HttpResponse } from "../responses.js";
import type { Route, RouteContext } from "../router.js";
import type { EmulatorStore } from "../store.js";
import type { NodeIssue, StoredControlPlane, StoredNode } from "../types.js";
import { cursorPage } from "./paging.js";

/**
 * GET /control-planes/{id}/nodes (list-dataplane-nodes): data plane node records with page[size] /
 * page[after] paging and `{items, page: {total_count, next}}`, `next` only while more follow.
 * Compatibility issues are derived from the control plane's configuration as it is now, the way
 * Konnect computes them when it sends configuration: a node lacking a configured plugin's files,
 * or a streamed plugin configured for a node older than 3.15. The codes are the emulator's own
 * (Konnect's list of codes does not cover custom plugins); descriptions name the plugin in quotes
 * and `affected_resources` name its instances, as Konnect's do.
 */

export const STREAMING_MIN_VERSION = [3, 15] as const;

function olderThan(version: string, min: readonly [number, number]): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major < min[0] || (major === min[0] && minor < min[1]);
}

/** md5 of the control plane's configuration: changes whenever a plugin or schema does. */
export function configHash(store: EmulatorStore, cpId: string): string {
  const config = {
    schemas: store.listPluginSchemas(cpId).map((s) => [s.name, s.lua_schema]),
    custom: store.listCustomPlugins(cpId).map((c) => [c.name, c.schema, c.handler]),
    plugins: store.listPlugins(cpId).map((p) => [p.id, p.name, p.enabled, p.config]),
  };
  return createHash("md5").update(JSON.stringify(config)).digest("hex");
}

function derivedIssues(store: EmulatorStore, cpId: string, node: StoredNode): NodeIssue[] {
  const instances = store.listPlugins(cpId);
  const streamed = new Set(store.listCustomPlugins(cpId).map((c) => c.name));
  const affected = (name: string) => instances.filter((p) => p.name === name).map((p) => ({ id: p.id, type: "plugin" }));
  const issues: NodeIssue[] = [];
  for (const name of node.missing_plugins) {
    // streamed plugins reach the node from the control plane: no files to install
    if (streamed.has(name)) continue;
    const resources = affected(name);
    if (resources.length === 0) continue;
    issues.push({
      code: "EMU-PLUGIN-NOT-INSTALLED",
      severity: "error",
      description: `Plugin '${name}' is configured but not installed on this data plane node; the plugin cannot run on this node.`,
      resolution: `Install the plugin's files on the data plane node, add '${name}' to the plugins it loads (KONG_PLUGINS), and restart it.`,
      affected_resources: resources,
    });
  }
  if (olderThan(node.version, STREAMING_MIN_VERSION)) {
    for (const name of streamed) {
      const resources = affected(name);
      if (resources.length === 0) continue;
      issues.push({
        code: "EMU-STREAMED-PLUGIN-VERSION",
        severity: "error",
        description: `Plugin '${name}' is a streamed custom plugin, which is not available in Kong Gateway versions < ${STREAMING_MIN_VERSION.join(".")}.`,
        resolution: `Please upgrade Kong Gateway to version '${STREAMING_MIN_VERSION.join(".")}' or above.`,
        affected_resources: resources,
      });
    }
  }
  return issues;
}

export function nodeView(store: EmulatorStore, cpId: string, node: StoredNode, nowSeconds: number): Record<string, unknown> {
  const issues = [...structuredClone(node.issues), ...derivedIssues(store, cpId, node)];
  return {
    id: node.id,
    version: node.version,
    hostname: node.hostname,
    last_ping: node.last_ping ?? nowSeconds,
    type: node.type,
    created_at: node.created_at,
    updated_at: node.updated_at,
    config_hash: node.config_hash ?? configHash(store, cpId),
    compatibility_status: { state: issues.length > 0 ? "COMPATIBILITY_STATE_INCOMPATIBLE" : "COMPATIBILITY_STATE_FULLY_COMPATIBLE", issues },
  };
}

function listNodes(ctx: RouteContext): HttpResponse {
  const cpId = (ctx.controlPlane as StoredControlPlane).id;
  const all = ctx.store.nodes.list(cpId);
  const page = cursorPage(ctx, all, (node) => node.id, { defaultSize: 100, max: 1000 });
  if (!page.ok) return page.response;
  const now = ctx.store.seconds();
  return jsonResponse(200, {
    items: page.items.map((node) => nodeView(ctx.store, cpId, node, now)),
    // the spec types next as a string: absent, not null, on the last page
    page: { total_count: all.length, ...(page.next ? { next: page.next } : {}) },
  });
}

export const nodeRoutes: Route[] = [{ method: "GET", template: "/control-planes/{controlPlaneId}/nodes", style: "problem", handle: listNodes }];
