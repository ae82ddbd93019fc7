import type { FleetSelection, RegionalControlPlane } from "../konnect/select.js";

interface SelectedJson {
  id: string;
  name: string;
  region?: string;
}
import { countedNames, nameList } from "./name-list.js";
import { plainName, type NameOf } from "./control-plane-name.js";

/** "selected 100 control planes: prod-001 … prod-100 (excluded 1: prod-050)", for --dry-run. */
export function renderSelection(selection: FleetSelection, max = 8, nameOf: NameOf = plainName, regions: readonly string[] = []): string {
  const excluded = selection.excluded.length > 0 ? ` (excluded ${selection.excluded.length}: ${nameList(selection.excluded.map(nameOf), max)})` : "";
  const where = regions.length > 1 ? `; by region: ${regions.map((region) => `${region} ${selection.controlPlanes.filter((cp) => cp.region === region).length}`).join(", ")}` : "";
  return `selected ${countedNames(selection.controlPlanes.map(nameOf), max)}${excluded}${where}\n`;
}

/** The `selection` member of every fleet command's --json document. */
export function selectionJson(selection: FleetSelection): { controlPlanes: SelectedJson[]; excluded: SelectedJson[] } {
  const ref = (cp: RegionalControlPlane): SelectedJson => ({ id: cp.id, name: cp.name, ...(cp.region ? { region: cp.region } : {}) });
  return { controlPlanes: selection.controlPlanes.map(ref), excluded: selection.excluded.map(ref) };
}
