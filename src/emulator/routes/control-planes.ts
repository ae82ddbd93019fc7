import { jsonResponse, type HttpResponse, type InvalidParameter } from "../responses.js";
import type { Route, RouteContext } from "../router.js";
import type { StoredControlPlane } from "../types.js";
import { cursorPage, readPageSize } from "./paging.js";

/** The API view of a control plane (ControlPlane schema of control-planes-v2). */
export function controlPlaneView(cp: StoredControlPlane): Record<string, unknown> {
  const short = cp.id.replace(/-/g, "").slice(0, 10);
  return {
    id: cp.id,
    name: cp.name,
    description: cp.description,
    labels: cp.labels,
    config: {
      control_plane_endpoint: `https://${short}.us.cp0.konghq.com`,
      telemetry_endpoint: `https://${short}.us.tp0.konghq.com`,
      cluster_type: cp.cluster_type,
      auth_type: cp.auth_type,
      cloud_gateway: cp.cloud_gateway,
      proxy_urls: cp.cloud_gateway ? [{ host: `${short}.gateways.konghq.com`, port: 443, protocol: "https" }] : [],
    },
    created_at: cp.created_at,
    updated_at: cp.updated_at,
  };
}

const filterOperators: Record<string, string[]> = {
  id: ["eq", "oeq"],
  name: ["eq", "neq", "contains"],
  cluster_type: ["eq", "neq", "oeq"],
  cloud_gateway: ["eq"],
};

type Predicate = (cp: StoredControlPlane) => boolean;

/** `filter[field][op]=value` (deepObject; `filter[field]=value` means eq) and `labels=key:value,key2` */
function parseFilters(query: URLSearchParams): { predicates: Predicate[]; invalid: InvalidParameter[] } {
  const predicates: Predicate[] = [];
  const invalid: InvalidParameter[] = [];
  for (const [key, value] of query) {
    if (!key.startsWith("filter")) continue;
    const match = /^filter\[(\w+)\](?:\[(\w+)\])?$/.exec(key);
    const field = match?.[1];
    const op = match?.[2] ?? "eq";
    const allowed = field ? filterOperators[field] : undefined;
    if (!field || !allowed || !allowed.includes(op)) {
      invalid.push({ field: key, rule: "unknown_property", source: "query", reason: allowed ? `unsupported operator "${op}" (use ${allowed.join(", ")})` : "is not a supported filter" });
      continue;
    }
    const get = (cp: StoredControlPlane): string =>
      field === "id" ? cp.id : field === "name" ? cp.name : field === "cluster_type" ? cp.cluster_type : String(cp.cloud_gateway);
    if (field === "cloud_gateway" && value !== "true" && value !== "false") {
      invalid.push({ field: key, rule: "is_boolean", source: "query", reason: "must be true or false" });
      continue;
    }
    if (op === "eq") predicates.push((cp) => get(cp) === value);
    else if (op === "neq") predicates.push((cp) => get(cp) !== value);
    else if (op === "contains") predicates.push((cp) => get(cp).includes(value));
    else if (op === "oeq") {
      const options = value.split(",");
      predicates.push((cp) => options.includes(get(cp)));
    }
  }
  const labels = query.get("labels");
  if (labels !== null && labels !== "") {
    for (const term of labels.split(",")) {
      const colon = term.indexOf(":");
      const key = colon < 0 ? term : term.slice(0, colon);
      const expected = colon < 0 ? undefined : term.slice(colon + 1);
      if (!key) {
        invalid.push({ field: "labels", rule: "is_label", source: "query", reason: `"${term}" is not key:value or key` });
        continue;
      }
      predicates.push((cp) => (expected === undefined ? key in cp.labels : cp.labels[key] === expected));
    }
  }
  return { predicates, invalid };
}

function listControlPlanes(ctx: RouteContext): HttpResponse {
  const size = readPageSize(ctx.query, "page[size]", { defaultSize: 10, max: 100 });
  const numberRaw = ctx.query.get("page[number]");
  const invalid: InvalidParameter[] = [];
  if (!size.ok) invalid.push(size.invalid);
  let pageNumber = 1;
  if (numberRaw !== null && numberRaw !== "") {
    pageNumber = Number(numberRaw);
    if (!Number.isInteger(pageNumber)) invalid.push({ field: "page[number]", rule: "is_integer", source: "query", reason: "must be an integer" });
    else if (pageNumber < 1) invalid.push({ field: "page[number]", rule: "min", minimum: 1, source: "query", reason: "must be at least 1" });
  }
  const { predicates, invalid: filterErrors } = parseFilters(ctx.query);
  invalid.push(...filterErrors);
  const sort = ctx.query.get("sort");
  if (sort !== null && sort !== "" && !/^created_at( (asc|desc))?$/.test(sort)) {
    invalid.push({ field: "sort", rule: "invalid", source: "query", reason: "supported sort attributes: created_at" });
  }
  if (invalid.length > 0 || !size.ok) return ctx.error(400, "Invalid request parameters", { invalidParameters: invalid });

  let matching = ctx.store.listControlPlanes().filter((cp) => ctx.canSee(cp.id) && predicates.every((predicate) => predicate(cp)));
  // insertion order is creation order; sort is stable, so equal timestamps keep it. ISO 8601 times of
  // one form order as their text; localeCompare took most of a 500-control-plane listing's time.
  matching = [...matching].sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  if (sort?.endsWith("desc")) matching.reverse();
  const start = (pageNumber - 1) * size.value;
  return jsonResponse(200, {
    data: matching.slice(start, start + size.value).map(controlPlaneView),
    meta: { page: { number: pageNumber, size: size.value, total: matching.length } },
  });
}

function getControlPlane(ctx: RouteContext): HttpResponse {
  // existence and access were checked before the handler ran
  return jsonResponse(200, controlPlaneView(ctx.controlPlane as StoredControlPlane));
}

function listGroupMemberships(ctx: RouteContext): HttpResponse {
  const group = ctx.controlPlane as StoredControlPlane;
  if (group.cluster_type !== "CLUSTER_TYPE_CONTROL_PLANE_GROUP") {
    return ctx.error(400, `control plane ${group.id} is not a control plane group`, {
      invalidParameters: [{ field: "controlPlaneId", rule: "invalid", source: "path", reason: "is not a control plane group" }],
    });
  }
  const members = ctx.store.groupMembers(group.id).filter((cp) => ctx.canSee(cp.id));
  const page = cursorPage(ctx, members, (cp) => cp.id, { defaultSize: 100, max: 100 });
  if (!page.ok) return page.response;
  return jsonResponse(200, {
    data: page.items.map(controlPlaneView),
    meta: { page: { size: page.size, next: page.next, ...(page.first ? { total: members.length } : {}) } },
  });
}

export const controlPlaneRoutes: Route[] = [
  { method: "GET", template: "/control-planes", style: "problem", handle: listControlPlanes },
  { method: "GET", template: "/control-planes/{controlPlaneId}", style: "problem", handle: getControlPlane },
  { method: "GET", template: "/control-planes/{controlPlaneId}/group-memberships", style: "problem", handle: listGroupMemberships },
];
