import { KONG_FUNCTION_SPEC, typedefSpec, type Spec, type SpecTable } from "./typedefs.js";

/**
 * kong/llm/schemas/init.lua (also `require("kong.llm").config_schema`): the `llm` record the AI
 * plugins' configs are built from (ai-proxy copies it, the AI transformers nest it). Described by
 * value, attribute for attribute, descriptions left out (they change no verdict); functions of
 * Kong's (the custom entity check) are Kong-side functions.
 */

const optional = (type: string, extra: SpecTable = {}): SpecTable => ({ type, required: false, ...extra });
const secret = (extra: SpecTable = {}): SpecTable => optional("string", { referenceable: true, ...extra });
const record = (fields: Spec[], extra: SpecTable = {}): SpecTable => ({ type: "record", required: false, fields, ...extra });

const auth = record([
  { header_name: secret() },
  { header_value: secret({ encrypted: true }) },
  { param_name: secret() },
  { param_value: secret({ encrypted: true }) },
  { param_location: optional("string", { one_of: ["query", "body"] }) },
  { gcp_use_service_account: optional("boolean", { default: false }) },
  { gcp_service_account_json: secret() },
  { aws_access_key_id: secret({ encrypted: true }) },
  { aws_secret_access_key: secret({ encrypted: true }) },
  { allow_override: optional("boolean", { default: false }) },
]);

const modelOptions = record([
  { max_tokens: optional("integer") },
  { input_cost: optional("number", { gt: 0 }) },
  { output_cost: optional("number", { gt: 0 }) },
  { temperature: optional("number", { between: [0, 5] }) },
  { top_p: optional("number", { between: [0, 1] }) },
  { top_k: optional("integer", { between: [0, 500] }) },
  { anthropic_version: optional("string") },
  { azure_instance: optional("string") },
  { azure_api_version: optional("string", { default: "2023-05-15" }) },
  { azure_deployment_id: optional("string") },
  { llama2_format: optional("string", { one_of: ["raw", "openai", "ollama"] }) },
  { mistral_format: optional("string", { one_of: ["openai", "ollama"] }) },
  { upstream_url: { ...(typedefSpec("url") as SpecTable), required: false } },
  { upstream_path: optional("string", { deprecation: { message: "llm: config.model.options.upstream_path is deprecated, use upstream_url", removal_in_version: "4.0" } }) },
  {
    gemini: record([{ api_endpoint: optional("string") }, { project_id: optional("string") }, { location_id: optional("string") }], {
      entity_checks: [{ mutually_required: ["api_endpoint", "project_id", "location_id"] }],
    }),
  },
  { bedrock: record([{ aws_region: optional("string") }]) },
  { huggingface: record([{ use_cache: optional("boolean") }, { wait_for_model: optional("boolean") }]) },
]);

const PROVIDERS = ["openai", "azure", "anthropic", "cohere", "mistral", "llama2", "gemini", "bedrock", "huggingface"];

/** `conditional_at_least_one_of`: when model.provider is `provider`, `option` must be set. */
const providerNeeds = (provider: string, option: string, what: string): SpecTable => ({
  conditional_at_least_one_of: { if_field: "model.provider", if_match: { one_of: [provider] }, then_at_least_one_of: [`model.options.${option}`], then_err: `must set %s for ${what}` },
});

export const llmConfigSchema: SpecTable = {
  type: "record",
  fields: [
    { route_type: { type: "string", required: true, one_of: ["llm/v1/chat", "llm/v1/completions", "preserve"] } },
    { auth },
    { model: { type: "record", required: true, fields: [{ provider: { type: "string", required: true, one_of: PROVIDERS } }, { name: optional("string") }, { options: modelOptions }] } },
    { logging: { type: "record", required: true, fields: [{ log_statistics: { type: "boolean", required: true, default: false } }, { log_payloads: { type: "boolean", required: true, default: false } }] } },
  ],
  entity_checks: [
    {
      conditional: {
        if_field: "model.provider",
        if_match: { one_of: ["bedrock", "gemini"] },
        then_field: "auth.allow_override",
        then_match: { eq: false },
        then_err: "bedrock and gemini only support auth.allow_override = false",
      },
    },
    { mutually_required: ["auth.header_name", "auth.header_value"] },
    { mutually_required: ["auth.param_name", "auth.param_value", "auth.param_location"] },
    providerNeeds("llama2", "llama2_format", "llama2 provider"),
    providerNeeds("mistral", "mistral_format", "mistral provider"),
    providerNeeds("anthropic", "anthropic_version", "anthropic provider"),
    providerNeeds("azure", "azure_instance", "azure provider"),
    providerNeeds("azure", "azure_api_version", "azure provider"),
    providerNeeds("azure", "azure_deployment_id", "azure provider"),
    providerNeeds("llama2", "upstream_url", "self-hosted providers/models"),
    { custom_entity_check: { field_sources: ["route_type", "model", "logging"], fn: KONG_FUNCTION_SPEC } },
  ],
};
