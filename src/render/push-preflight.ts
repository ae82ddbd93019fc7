import type { ControlPlaneRef, LocalPlugin } from "../fleet/types.js";
import { plainName, type NameOf } from "./control-plane-name.js";
import type { PreflightEntry } from "../fleet/push-preflight.js";
import { sanitizeLine as clean } from "../text/sanitize.js";

function nodes(n: number): string {
  return `${n} data plane node${n === 1 ? "" : "s"}`;
}

/**
 * stderr lines before a push: a warning per control plane whose nodes are too old for a streamed
 * push, and for the schema mechanism a reminder of how many nodes need the plugin files (their
 * hostnames with --verbose).
 */
export function renderPreflight(entries: PreflightEntry[], plugins: LocalPlugin[], options: { verbose: boolean; nameOf?: NameOf }): string {
  const nameOf = options.nameOf ?? plainName;
  const names = plugins.map((p) => p.name).join(", ");
  const lines: string[] = [];
  for (const entry of entries) {
    const cp = clean(nameOf(entry.controlPlane));
    if (entry.error) {
      lines.push(`kplug: warning: ${cp}: could not read its data plane nodes (${clean(entry.error.message)}); pushing without that check`);
      continue;
    }
    if (entry.mechanism === "streamed") {
      if (entry.tooOld.length === 0) continue;
      const list = entry.tooOld.map((n) => `${clean(n.hostname)} ${clean(n.version)}`).join(", ");
      lines.push(`kplug: warning: ${cp}: ${entry.tooOld.length} of ${nodes(entry.nodes.length)} run Kong Gateway older than 3.15 (${list}): streamed plugins will not run there until they are upgraded`);
      continue;
    }
    // no node seen: nothing to remind of (a node that joins later needs the files like any other)
    if (entry.nodes.length === 0) continue;
    const hosts = options.verbose ? `: ${entry.nodes.map((n) => clean(n.hostname)).join(", ")}` : " (--verbose lists them)";
    lines.push(`kplug: note: ${cp}: the plugin files of ${clean(names)} must be installed on its ${nodes(entry.nodes.length)}${hosts}`);
  }
  return lines.map((line) => `${line}\n`).join("");
}

/** After a push: where data plane nodes already report an issue for a pushed plugin, point at `kplug status`. */
export function renderIssuesHint(found: Array<{ controlPlane: ControlPlaneRef; plugin: string; nodes: number }>, nameOf: NameOf = plainName): string {
  if (found.length === 0) return "";
  const where = found.map((f) => `${clean(nameOf(f.controlPlane))}/${clean(f.plugin)} (${nodes(f.nodes)})`).join(", ");
  return `kplug: data plane nodes report compatibility issues for ${where}; run kplug status for Konnect's description and resolution\n`;
}
