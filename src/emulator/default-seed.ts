import type { EmulatorSeed } from "./types.js";

/**
 * The organization `kplug emulator` starts with when no seed or state is given: one of each kind of
 * control plane kplug treats differently, with labels to select by. Ids are fixed so docs and
 * scripts can name them. fixtures/emulator/default-seed.json is this object written out (a test
 * keeps them equal).
 */
export const defaultSeed: EmulatorSeed = {
  controlPlanes: [
    {
      id: "bf28a9f1-2e56-55e7-abd3-aaa394093cd2",
      name: "prod-us",
      description: "Production, US data planes",
      labels: { env: "prod", team: "payments", region: "us" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE",
    },
    {
      id: "0e74efb0-5128-5d85-b505-f3a0d7864305",
      name: "prod-eu",
      description: "Production, EU data planes",
      labels: { env: "prod", team: "payments", region: "eu" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE",
    },
    {
      id: "ac5e693c-78de-5b53-b830-1f8530f6214c",
      name: "staging",
      description: "Staging",
      labels: { env: "staging", team: "payments" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE",
    },
    {
      id: "29c44610-9120-5a49-94fc-be07b5eb2887",
      name: "dev-sandbox",
      description: "Developer sandbox",
      labels: { env: "dev", team: "platform" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE",
    },
    {
      id: "1da63f07-66fb-5aea-b894-bdfc43036df5",
      name: "edge-dcg",
      description: "Dedicated Cloud Gateway",
      labels: { env: "prod", team: "edge" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE",
      cloud_gateway: true,
    },
    {
      id: "5bf7a383-e8cd-579a-819c-33c0a3ee407f",
      name: "prod-group",
      description: "Production control plane group",
      labels: { env: "prod", team: "payments" },
      cluster_type: "CLUSTER_TYPE_CONTROL_PLANE_GROUP",
      members: ["prod-us", "prod-eu"],
    },
    {
      id: "c2be5547-1653-513e-9466-e63264be6364",
      name: "kic-cluster",
      description: "Kong Ingress Controller",
      labels: { env: "staging", team: "platform" },
      cluster_type: "CLUSTER_TYPE_K8S_INGRESS_CONTROLLER",
    },
    {
      id: "1b69a660-0321-5661-b580-93d83cc850ca",
      name: "serverless-dev",
      description: "Serverless gateway",
      labels: { env: "dev", team: "edge" },
      cluster_type: "CLUSTER_TYPE_SERVERLESS_V1",
    },
  ],
  pluginSchemas: {
    staging: [
      [
        "local typedefs = require \"kong.db.schema.typedefs\"",
        "",
        "return {",
        "  name = \"legacy-auth\",",
        "  fields = {",
        "    { consumer = typedefs.no_consumer },",
        "    { protocols = typedefs.protocols_http },",
        "    { config = {",
        "        type = \"record\",",
        "        fields = {",
        "          { header_name = { type = \"string\", required = true, default = \"x-legacy-auth\" } },",
        "        },",
        "    } },",
        "  },",
        "}",
        "",
      ].join("\n"),
    ],
  },
  plugins: {
    staging: [{ id: "e13ed533-7728-5d48-b349-05a9ce419c44", name: "legacy-auth", config: { header_name: "x-legacy-auth" } }],
  },
  // connected and in sync unless said otherwise; staging-dp-2 lacks legacy-auth's files
  nodes: {
    "prod-us": [
      { hostname: "dp-us-1.payments.internal", version: "3.15.0.0" },
      { hostname: "dp-us-2.payments.internal", version: "3.15.0.0" },
      { hostname: "dp-us-3.payments.internal", version: "3.15.0.0" },
    ],
    "prod-eu": [
      { hostname: "dp-eu-1.payments.internal", version: "3.15.0.0" },
      { hostname: "dp-eu-2.payments.internal", version: "3.14.0.1" },
    ],
    staging: [
      { hostname: "staging-dp-1.internal", version: "3.15.0.0" },
      { hostname: "staging-dp-2.internal", version: "3.15.0.0", missing_plugins: ["legacy-auth"] },
    ],
    "edge-dcg": [
      { hostname: "edge-dcg-a1.gateways.konghq.com", version: "3.15.0.0" },
      { hostname: "edge-dcg-a2.gateways.konghq.com", version: "3.15.0.0" },
    ],
    "kic-cluster": [{ hostname: "kong-gateway-7d9f8-x2k4q", version: "3.13.0.0" }],
  },
};
