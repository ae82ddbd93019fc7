import { KplugError } from "../errors.js";
import { KonnectError } from "./errors.js";
import { closestNames } from "./suggest.js";
import { TOKEN_SHAPE } from "./token.js";
import type { ControlPlane, KonnectApi } from "./types.js";

export interface ControlPlaneSelection {
  /** names or ids (--control-plane, or konnect.controlPlanes of the config) */
  controlPlanes: string[];
  /** --label key=value: all must match */
  labels: Record<string, string>;
  /** --all: every control plane the token can see */
  all: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SELECT_MESSAGE = "select control planes with --control-plane, --label or --all (or set konnect.controlPlanes in the config)";

function usage(message: string, hint?: string): KplugError {
  return new KplugError(message, { code: "usage", ...(hint ? { hint } : {}) });
}

/** by id first (a UUID), then by exact name; an id Konnect does not know is tried as a name */
async function resolveRef(api: KonnectApi, ref: string): Promise<ControlPlane[]> {
  if (UUID.test(ref)) {
    try {
      return [await api.getControlPlane(ref)];
    } catch (error) {
      if (!(error instanceof KonnectError && error.status === 404)) throw error;
    }
  }
  return api.listControlPlanes({ name: ref });
}

function notFound(misses: string[], known: string[]): KplugError {
  const parts = misses.map((ref) => {
    const close = closestNames(ref, known);
    return close.length > 0 ? `'${ref}' not found; did you mean: ${close.join(", ")}?` : `'${ref}' not found`;
  });
  const message = misses.length === 1 ? `control plane ${parts[0]}` : `control planes: ${parts.join("; ")}`;
  return usage(message, "kplug list --all shows the control planes the token can see (in this region)");
}

/**
 * The control planes a command works on: by id, by exact name, by labels (all must match), or all,
 * in that order, without duplicates. Names that match nothing and labels that match nothing are
 * usage errors (exit 2); an empty selection asks the user to select control planes.
 */
export async function selectControlPlanes(api: KonnectApi, selection: ControlPlaneSelection): Promise<ControlPlane[]> {
  const refs = [...new Set(selection.controlPlanes.map((ref) => ref.trim()).filter((ref) => ref !== ""))];
  const labels = Object.entries(selection.labels);
  // a token pasted into --control-plane would be echoed in "not found": refuse it without quoting it
  if (refs.some((ref) => TOKEN_SHAPE.test(ref))) {
    throw usage("a --control-plane value looks like a Konnect token", "pass the token with --token-file or KONNECT_TOKEN, and name control planes by name or id");
  }
  if (!selection.all && refs.length === 0 && labels.length === 0) throw usage(SELECT_MESSAGE);

  const picked = new Map<string, ControlPlane>();
  const add = (cps: ControlPlane[]): void => {
    for (const cp of cps) if (!picked.has(cp.id)) picked.set(cp.id, cp);
  };

  if (selection.all) {
    const all = await api.listControlPlanes();
    if (all.length === 0) throw usage("the token sees no control planes", "check the region (--region, --konnect-addr): a token only sees the control planes of the region it calls");
    add(all);
    return [...picked.values()];
  }

  const resolved = await Promise.all(refs.map(async (ref) => ({ ref, found: await resolveRef(api, ref) })));
  const misses = resolved.filter(({ found }) => found.length === 0).map(({ ref }) => ref);
  if (misses.length > 0) {
    const known = (await api.listControlPlanes()).map((cp) => cp.name);
    throw notFound(misses, known);
  }
  for (const { found } of resolved) add(found);

  if (labels.length > 0) {
    const matching = await api.listControlPlanes({ labels: selection.labels });
    const shown = labels.map(([key, value]) => `${key}=${value}`).join(", ");
    if (matching.length === 0) throw usage(`no control plane has the label${labels.length > 1 ? "s" : ""} ${shown}`, "check the --label values (key=value; all must match)");
    add(matching);
  }
  return [...picked.values()];
}
