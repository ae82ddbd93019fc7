import type { RegionalControlPlane } from "../konnect/select.js";
import type { ControlPlane, ControlPlaneKind } from "../konnect/types.js";
import { apiFor, type FleetApi, type FleetTarget } from "./types.js";

/** Classifies each selected control plane; groups get their members (to suggest them, never to push). */
export async function buildTargets(api: FleetApi, controlPlanes: RegionalControlPlane[], classify: (cp: ControlPlane) => ControlPlaneKind): Promise<FleetTarget[]> {
  return Promise.all(
    controlPlanes.map(async ({ region, ...controlPlane }): Promise<FleetTarget> => {
      const kind = classify(controlPlane);
      const where = region ? { region } : {};
      if (kind !== "group") return { controlPlane, kind, ...where };
      try {
        return { controlPlane, kind, ...where, members: await apiFor(api, where).listGroupMembers(controlPlane.id) };
      } catch {
        // the members are only a suggestion; the group is skipped either way
        return { controlPlane, kind, ...where, members: [] };
      }
    }),
  );
}
