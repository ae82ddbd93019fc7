import type { FleetTarget, Mechanism, PushMode } from "./types.js";

export type MechanismDecision = { mechanism: Mechanism } | { action: "skipped" | "refused"; reason: string };

/**
 * Which endpoint a control plane takes a custom plugin on (shared/konnect-api/README.md):
 * Dedicated Cloud Gateways only stream (`/custom-plugins`), serverless gateways cannot stream,
 * groups are read-only (changes go through members), KIC takes schemas through the API.
 */
export function decideMechanism(target: FleetTarget, mode: PushMode): MechanismDecision {
  switch (target.kind) {
    case "group": {
      const members = (target.members ?? []).map((m) => m.name);
      const list = members.length > 0 ? `: ${members.join(", ")}` : " (it has none)";
      return {
        action: "skipped",
        reason: `control plane group: Konnect changes configuration only through its members${list}; select them with --control-plane`,
      };
    }
    case "dedicated-cloud-gateway":
      if (mode === "schema") return { action: "refused", reason: "Dedicated Cloud Gateways do not support /plugin-schemas plugins; use --mode auto or streamed" };
      return { mechanism: "streamed" };
    case "serverless":
      if (mode === "streamed") return { action: "refused", reason: "serverless gateways do not support streamed custom plugins; use --mode auto or schema" };
      return { mechanism: "schema" };
    case "hybrid":
    case "kic":
      return { mechanism: mode === "streamed" ? "streamed" : "schema" };
    default:
      return { action: "skipped", reason: `not a Kong Gateway control plane (${target.controlPlane.clusterType})` };
  }
}
