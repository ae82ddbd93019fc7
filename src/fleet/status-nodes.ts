import type { DataPlaneNode, NodeCompatibilityIssue } from "../konnect/types.js";

/** Streamed custom plugins need data planes on Kong Gateway 3.15 or later. */
export const STREAMED_MIN_VERSION: readonly [number, number] = [3, 15];

/** "3.14.0.1" older than [3, 15]; an unreadable version is not called old (nothing is known). */
export function versionOlderThan(version: string, min: readonly [number, number]): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major < min[0] || (major === min[0] && minor < min[1]);
}

/** Nodes that pinged within the window; the others are records of nodes gone or unreachable. */
export function seenNodes(nodes: readonly DataPlaneNode[], nowSeconds: number, seenWithinSeconds: number): DataPlaneNode[] {
  return nodes.filter((node) => node.lastPing !== undefined && node.lastPing >= nowSeconds - seenWithinSeconds);
}

/** Warnings and notices leave the plugin running; anything else (error, critical, unknown) stops it. */
export function isBlocking(issue: NodeCompatibilityIssue): boolean {
  return !["warning", "warn", "info", "notice"].includes(issue.severity.toLowerCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether an issue is about the plugin: one of its instances (or its custom plugin id) among the
 * affected resources, or its name quoted in the description or a resource's details, the way
 * Konnect words them ("Plugin 'jq' is not available…", "For the 'acme' plugin, …").
 */
export function issueNamesPlugin(issue: NodeCompatibilityIssue, plugin: string, resourceIds: ReadonlySet<string>): boolean {
  if (issue.affectedResources.some((resource) => resourceIds.has(resource.id))) return true;
  const quoted = new RegExp(`['"\`‘“]${escapeRegExp(plugin)}['"\`’”]`);
  return quoted.test(issue.description) || issue.affectedResources.some((resource) => resource.details.some((detail) => detail === plugin || quoted.test(detail)));
}

/** Issues on these nodes that point at plugin instances without quoting any of `plugins`: their instance ids are needed. */
export function needsInstanceIds(nodes: readonly DataPlaneNode[], plugins: readonly string[]): boolean {
  return nodes.some((node) =>
    node.compatibility.issues.some(
      (issue) => issue.affectedResources.some((r) => r.type.toLowerCase() === "plugin") && !plugins.some((plugin) => issueNamesPlugin(issue, plugin, new Set())),
    ),
  );
}

/** distinct config hashes among nodes that report one */
export function configHashes(nodes: readonly DataPlaneNode[]): string[] {
  return [...new Set(nodes.map((node) => node.configHash).filter((hash): hash is string => hash !== undefined && hash !== ""))];
}
