import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/**
 * Validates HTTP exchanges against the official Konnect OpenAPI specs (copied unchanged into
 * test/contract/spec/). The operation, the response for the status, the media type and the body
 * schema all come from the spec: each spec document is registered with ajv under an $id and
 * response schemas are compiled by JSON pointer into it, so every $ref resolves as the spec wrote it.
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface Exchange {
  method: string;
  /** request path including the /v2 prefix, without query */
  path: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

interface SpecDocument {
  id: string;
  doc: { paths: Record<string, Record<string, unknown>>; components?: { responses?: Record<string, unknown> } };
  templates: Array<{ template: string; pattern: RegExp; literalSegments: number }>;
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

const specFiles = {
  "control-planes": "spec/control-planes-v2.openapi.yaml",
  "control-planes-config": "spec/control-planes-config-v2.openapi.yaml",
} as const;
export type SpecName = keyof typeof specFiles;

/** one JSON-pointer segment as it goes into a URI fragment */
function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, "~0").replace(/\//g, "~1"));
}

export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly specs: SpecDocument[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    // strict off: OpenAPI schemas carry keywords JSON Schema does not know (example, x-*, discriminator);
    // non-unicode regexps: the specs escape characters (\\_) that the u flag rejects
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
    addFormats(this.ajv);
    // formats the specs use that ajv-formats lacks; they describe, they do not constrain
    for (const format of ["url", "path", "set", "int32", "int64"]) this.ajv.addFormat(format, true);
    for (const [name, file] of Object.entries(specFiles)) {
      const doc = parse(readFileSync(fileURLToPath(new URL(file, import.meta.url)), "utf8")) as SpecDocument["doc"];
      const id = `https://kplug.test/spec/${name}.json`;
      this.ajv.addSchema({ ...doc, $id: id });
      const templates = Object.keys(doc.paths).map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
        literalSegments: template.split("/").filter((segment) => segment && !segment.startsWith("{")).length,
      }));
      this.specs.push({ id, doc, templates });
    }
  }

  /** The spec operation for a request, or undefined when no spec documents it. */
  findOperation(method: string, path: string): { spec: SpecDocument; template: string; operation: { responses?: Record<string, ResponseObject> } } | undefined {
    const apiPath = path.replace(/^\/v2(?=\/)/, "");
    const candidates = this.specs.flatMap((spec) =>
      spec.templates.filter((t) => t.pattern.test(apiPath)).map((t) => ({ spec, template: t.template, literalSegments: t.literalSegments })),
    );
    // most specific template first (literal segments beat parameters)
    candidates.sort((a, b) => b.literalSegments - a.literalSegments);
    for (const candidate of candidates) {
      const operation = candidate.spec.doc.paths[candidate.template]?.[method.toLowerCase()] as { responses?: Record<string, ResponseObject> } | undefined;
      if (operation) return { spec: candidate.spec, template: candidate.template, operation };
    }
    return undefined;
  }

  /** Problems with the exchange (empty when it conforms). */
  validate(exchange: Exchange): string[] {
    const label = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const found = this.findOperation(exchange.method, exchange.path);
    if (!found) return [`${label}: no operation in the specs`];
    const responses = found.operation.responses ?? {};
    const statusKey = String(exchange.status);
    const key = statusKey in responses ? statusKey : "default" in responses ? "default" : undefined;
    if (!key) return [`${label}: status ${exchange.status} is not documented for ${exchange.method} ${found.template} (documented: ${Object.keys(responses).join(", ")})`];
    const pointer = `#/paths/${escapePointer(found.template)}/${exchange.method.toLowerCase()}/responses/${key}`;
    return this.validateAt(found.spec, pointer, responses[key] as ResponseObject, exchange, label);
  }

  /**
   * Like `validate`, but a status the operation does not document (or an unknown path/method) is held to the spec's own error
   * component for that status in the shape the endpoint family uses (problem+json components of the
   * control planes API, KonnectCPLegacy* for plugin schemas, GatewayUnauthorizedError's {message,status}
   * for core entities). Plain-text bodies (injected 502/504) have no schema and are skipped.
   */
  validateAnyStatus(exchange: Exchange): string[] {
    const documented = this.validate(exchange);
    const undocumented = documented.some((problem) => problem.includes("is not documented") || problem.endsWith("no operation in the specs"));
    if (!undocumented) return documented;
    const mediaType = (exchange.contentType ?? "").split(";")[0]?.trim();
    if (mediaType === "text/plain") return [];
    const status = exchange.status;
    if (mediaType === "application/problem+json") {
      const byStatus: Record<number, string> = { 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "ControlPlaneConflict", 503: "ServiceUnavailable" };
      return this.validateAgainstComponent("control-planes", byStatus[status] ?? "Internal", exchange);
    }
    if (exchange.path.includes("/plugin-schemas")) {
      const byStatus: Record<number, string> = { 401: "KonnectCPLegacyUnauthorized", 403: "KonnectCPLegacyForbidden", 404: "KonnectCPLegacyNotFound", 409: "KonnectCPLegacyConflict" };
      return this.validateAgainstComponent("control-planes-config", byStatus[status] ?? "KonnectCPLegacyBadRequest", exchange);
    }
    return this.validateAgainstComponent("control-planes-config", "HTTP401Error", exchange);
  }

  /** Validates against a named response of components/responses (for statuses the spec leaves out). */
  validateAgainstComponent(specName: SpecName, responseName: string, exchange: Exchange): string[] {
    const spec = this.specs.find((s) => s.id.endsWith(`/${specName}.json`));
    const response = spec?.doc.components?.responses?.[responseName] as ResponseObject | undefined;
    if (!spec || !response) return [`no response component ${responseName} in ${specName}`];
    return this.validateAt(spec, `#/components/responses/${escapePointer(responseName)}`, response, exchange, `${exchange.method} ${exchange.path} → ${exchange.status}`);
  }

  private validateAt(spec: SpecDocument, pointer: string, response: ResponseObject, exchange: Exchange, label: string): string[] {
    let resolvedPointer = pointer;
    let resolved = response;
    for (let depth = 0; resolved.$ref && depth < 5; depth++) {
      resolvedPointer = resolved.$ref;
      resolved = resolvePointer(spec.doc, resolved.$ref) as ResponseObject;
    }
    const content = resolved.content;
    if (!content) {
      // the spec documents the status without a body ("204 No Content", "Resource does not exist")
      return exchange.status === 204 && exchange.body !== "" ? [`${label}: 204 with a body`] : [];
    }
    const mediaType = (exchange.contentType ?? "").split(";")[0]?.trim() ?? "";
    const media = content[mediaType];
    if (!media) return [`${label}: content type "${mediaType}" not documented (spec: ${Object.keys(content).join(", ")})`];
    if (media.schema === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(exchange.body);
    } catch {
      return [`${label}: body is not JSON`];
    }
    const schemaRef = `${spec.id}${resolvedPointer}/content/${escapePointer(mediaType)}/schema`;
    let validate = this.compiled.get(schemaRef);
    if (!validate) {
      validate = this.ajv.compile({ $ref: schemaRef });
      this.compiled.set(schemaRef, validate);
    }
    if (validate(body)) return [];
    return [`${label}: ${this.ajv.errorsText(validate.errors, { separator: "; ", dataVar: "body" })}`];
  }
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

let shared: SpecValidator | undefined;

/** one validator per test file: parsing and compiling the specs takes a moment */
export function specValidator(): SpecValidator {
  shared ??= new SpecValidator();
  return shared;
}
