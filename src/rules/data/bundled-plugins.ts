/**
 * Plugin names Kong ships. Konnect rejects a custom plugin that reuses one (Kong EE `custom_plugins`
 * entity: `not_one_of = BUNDLED_PLUGINS_NAMES`); Kong itself would load the bundled plugin instead.
 */

/** Kong Gateway OSS 3.10 (`kong/plugins/*` of Kong/kong at 22246ef28c, the 45 bundled plugins). */
export const KONG_OSS_PLUGINS: readonly string[] = [
  "acl", "acme", "ai-prompt-decorator", "ai-prompt-guard", "ai-prompt-template", "ai-proxy",
  "ai-request-transformer", "ai-response-transformer", "aws-lambda", "azure-functions", "basic-auth",
  "bot-detection", "correlation-id", "cors", "datadog", "file-log", "grpc-gateway", "grpc-web", "hmac-auth",
  "http-log", "ip-restriction", "jwt", "key-auth", "ldap-auth", "loggly", "oauth2", "opentelemetry",
  "post-function", "pre-function", "prometheus", "proxy-cache", "rate-limiting", "redirect",
  "request-size-limiting", "request-termination", "request-transformer", "response-ratelimiting",
  "response-transformer", "session", "standard-webhooks", "statsd", "syslog", "tcp-log", "udp-log", "zipkin",
];

/**
 * Kong Gateway Enterprise plugins (EE `distributions_constants.lua` plugin list, plus the AI, event
 * gateway and security plugins of later 3.x releases listed on the Kong Plugin Hub).
 */
export const KONG_ENTERPRISE_PLUGINS: readonly string[] = [
  "ace", "ai-aws-guardrails", "ai-azure-content-safety", "ai-gcp-model-armor", "ai-llm-as-judge",
  "ai-mcp-oauth2", "ai-mcp-proxy", "ai-noma-guardrail", "ai-prompt-compressor", "ai-proxy-advanced",
  "ai-rag-injector", "ai-rate-limiting-advanced", "ai-sanitizer", "ai-semantic-cache",
  "ai-semantic-prompt-guard", "ai-semantic-response-guard", "app-dynamics", "application-registration",
  "canary", "confluent", "confluent-consume", "datakit", "degraphql", "exit-transformer", "forward-proxy",
  "graphql-proxy-cache-advanced", "graphql-rate-limiting-advanced", "header-cert-auth", "injection-protection",
  "jq", "json-threat-protection", "jwe-decrypt", "jwt-signer", "kafka-consume", "kafka-log", "kafka-upstream",
  "key-auth-enc", "konnect-application-auth", "ldap-auth-advanced", "mocking", "mtls-auth", "oas-validation",
  "oauth2-introspection", "opa", "openid-connect", "proxy-cache-advanced", "rate-limiting-advanced",
  "request-callout", "request-transformer-advanced", "request-validator", "response-transformer-advanced",
  "route-by-header", "route-transformer-advanced", "saml", "service-protection", "solace-consume",
  "solace-log", "solace-upstream", "statsd-advanced", "tls-handshake-modifier", "tls-metadata-headers",
  "upstream-oauth", "upstream-timeout", "vault-auth", "websocket-size-limit", "websocket-validator",
  "xml-threat-protection",
];

const BUNDLED = new Set([...KONG_OSS_PLUGINS, ...KONG_ENTERPRISE_PLUGINS]);

/** "oss", "enterprise" or undefined when the name is free. */
export function bundledEdition(name: string): "oss" | "enterprise" | undefined {
  if (!BUNDLED.has(name)) return undefined;
  return KONG_OSS_PLUGINS.includes(name) ? "oss" : "enterprise";
}
