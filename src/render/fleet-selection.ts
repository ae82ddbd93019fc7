import type { FleetSelection } from "../konnect/select.js";
import { countedNames, nameList } from "./name-list.js";

/** "selected 100 control planes: prod-001 … prod-100 (excluded 1: prod-050)", for --dry-run. */
export function renderSelection(selection: FleetSelection, max = 8): string {
  const excluded = selection.excluded.length > 0 ? ` (excluded ${selection.excluded.length}: ${nameList(selection.excluded.map((cp) => cp.name), max)})` : "";
  return `selected ${countedNames(selection.controlPlanes.map((cp) => cp.name), max)}${excluded}\n`;
}

/** The `selection` member of every fleet command's --json document. */
export function selectionJson(selection: FleetSelection): { controlPlanes: { id: string; name: string }[]; excluded: { id: string; name: string }[] } {
  const ref = (cp: { id: string; name: string }): { id: string; name: string } => ({ id: cp.id, name: cp.name });
  return { controlPlanes: selection.controlPlanes.map(ref), excluded: selection.excluded.map(ref) };
}
