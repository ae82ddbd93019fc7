import type { ControlPlaneRef, LocalPlugin } from "../fleet/types.js";
import { plainName, type NameOf } from "./control-plane-name.js";
import type { PreflightEntry } from "../fleet/push-preflight.js";
import { sanitizeLine as clean } from "../text/sanitize.js";
import { groupBy, withoutControlPlane } from "./fleet-groups.js";
import { countedNames } from "./name-list.js";

function nodes(n: number): string {
  return `${n} data plane node${n === 1 ? "" : "s"}`;
}

/**
 * stderr lines before a push: a warning where a control plane's nodes are too old for a streamed
 * push or could not be read, and for the schema mechanism a reminder of how many nodes need the
 * plugin files (their hostnames with --verbose). Control planes with the same line share it, named
 * as a folded list, so a fleet of 100 prints a few lines, not 100.
 */
export function renderPreflight(entries: PreflightEntry[], plugins: LocalPlugin[], options: { verbose: boolean; nameOf?: NameOf }): string {
  const nameOf = options.nameOf ?? plainName;
  const names = plugins.map((p) => p.name).join(", ");
  const lines: Array<{ controlPlane: string; level: "warning" | "note"; text: string }> = [];
  for (const entry of entries) {
    const controlPlane = clean(nameOf(entry.controlPlane));
    const add = (level: "warning" | "note", text: string): void => {
      lines.push({ controlPlane, level, text: withoutControlPlane(text, { id: entry.controlPlane.id, name: entry.controlPlane.name }) });
    };
    if (entry.error) {
      add("warning", `could not read the data plane nodes (${clean(entry.error.message)}); pushing without that check`);
      continue;
    }
    if (entry.mechanism === "streamed") {
      if (entry.tooOld.length === 0) continue;
      const list = entry.tooOld.map((n) => `${clean(n.hostname)} ${clean(n.version)}`).join(", ");
      add("warning", `${entry.tooOld.length} of ${nodes(entry.nodes.length)} run Kong Gateway older than 3.15 (${list}): streamed plugins will not run there until they are upgraded`);
      continue;
    }
    // no node seen: nothing to remind of (a node that joins later needs the files like any other)
    if (entry.nodes.length === 0) continue;
    const hosts = options.verbose ? `: ${entry.nodes.map((n) => clean(n.hostname)).join(", ")}` : " (--verbose lists them)";
    add("note", `the plugin files of ${clean(names)} must be installed on its ${nodes(entry.nodes.length)}${hosts}`);
  }
  return groupBy(lines, (line) => `${line.level}\u0000${line.text}`)
    .map(({ items }) => {
      const [first] = items as [(typeof items)[number]];
      // one control plane keeps the plain form; --verbose names every one of a group
      const who = items.length === 1 ? first.controlPlane : options.verbose ? `${items.length} control planes (${items.map((i) => i.controlPlane).join(", ")})` : countedNames(items.map((i) => i.controlPlane));
      return `kplug: ${first.level}: ${who}: ${first.text}\n`;
    })
    .join("");
}

/** After a push: where data plane nodes already report an issue for a pushed plugin, point at `kplug status`. */
export function renderIssuesHint(found: Array<{ controlPlane: ControlPlaneRef; plugin: string; nodes: number }>, nameOf: NameOf = plainName): string {
  if (found.length === 0) return "";
  const where = found.map((f) => `${clean(nameOf(f.controlPlane))}/${clean(f.plugin)} (${nodes(f.nodes)})`).join(", ");
  return `kplug: data plane nodes report compatibility issues for ${where}; run kplug status for Konnect's description and resolution\n`;
}
