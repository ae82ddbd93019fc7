import type { ControlPlane, ControlPlaneKind, KonnectApi } from "../konnect/types.js";
import type { FleetTarget } from "./types.js";

/** Classifies each selected control plane; groups get their members (to suggest them, never to push). */
export async function buildTargets(api: KonnectApi, controlPlanes: ControlPlane[], classify: (cp: ControlPlane) => ControlPlaneKind): Promise<FleetTarget[]> {
  return Promise.all(
    controlPlanes.map(async (controlPlane): Promise<FleetTarget> => {
      const kind = classify(controlPlane);
      if (kind !== "group") return { controlPlane, kind };
      try {
        return { controlPlane, kind, members: await api.listGroupMembers(controlPlane.id) };
      } catch {
        // the members are only a suggestion; the group is skipped either way
        return { controlPlane, kind, members: [] };
      }
    }),
  );
}
