import type { ControlPlane, ControlPlaneKind } from "./types.js";

/**
 * What a control plane is for custom plugins (../shared/konnect-api/README.md):
 * - group: CLUSTER_TYPE_CONTROL_PLANE_GROUP, read-only; changes go through its members
 * - serverless: CLUSTER_TYPE_SERVERLESS*, no streamed custom plugins
 * - kic: CLUSTER_TYPE_K8S_INGRESS_CONTROLLER, schemas only through the API
 * - dedicated-cloud-gateway: a control plane with cloud_gateway, streamed custom plugins only
 * - hybrid: CLUSTER_TYPE_CONTROL_PLANE (and the older CLUSTER_TYPE_HYBRID name), schemas or streamed
 * - other: anything else (Kafka event proxies, types newer than kplug)
 * The type is checked before cloud_gateway, so a group or serverless plane never counts as a DCG.
 */
export function classifyControlPlane(cp: Pick<ControlPlane, "clusterType" | "cloudGateway">): ControlPlaneKind {
  const type = cp.clusterType;
  if (type === "CLUSTER_TYPE_CONTROL_PLANE_GROUP") return "group";
  if (type === "CLUSTER_TYPE_SERVERLESS" || type === "CLUSTER_TYPE_SERVERLESS_V1") return "serverless";
  if (type === "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER") return "kic";
  if (type === "CLUSTER_TYPE_CONTROL_PLANE" || type === "CLUSTER_TYPE_HYBRID") return cp.cloudGateway ? "dedicated-cloud-gateway" : "hybrid";
  return "other";
}
