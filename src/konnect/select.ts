import { KplugError } from "../errors.js";
import { KonnectError } from "./errors.js";
import { globMatcher, isGlob } from "./glob.js";
import { labelsSatisfy, showLabelSelector, type LabelSelector } from "./labels.js";
import { closestNames } from "./suggest.js";
import { TOKEN_SHAPE } from "./token.js";
import type { ControlPlane, KonnectApi } from "./types.js";

export interface ControlPlaneSelection {
  /** names, ids or name globs (`prod-*`): --control-plane, --control-planes-from, konnect.controlPlanes */
  controlPlanes: string[];
  /** --label key=value: all must match */
  labels: Record<string, string>;
  /** --label key!=value: none may match (a control plane without the key passes) */
  notLabels?: Record<string, string>;
  /** --all: every control plane the token can see */
  all: boolean;
  /** --exclude: names, ids or name globs removed from whatever the rest selected */
  exclude?: string[];
}

export interface FleetSelection {
  controlPlanes: ControlPlane[];
  /** selected, then removed by --exclude */
  excluded: ControlPlane[];
  /** --exclude values that removed nothing (probably a typo) */
  unusedExcludes: string[];
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
    const close = isGlob(ref) ? [] : closestNames(ref, known);
    const what = isGlob(ref) ? `'${ref}' matches no control plane` : `'${ref}' not found`;
    return close.length > 0 ? `${what}; did you mean: ${close.join(", ")}?` : what;
  });
  const message = misses.length === 1 ? `control plane ${parts[0]}` : `control planes: ${parts.join("; ")}`;
  return usage(message, "kplug list --all shows the control planes the token can see (in this region)");
}

function selectorsOf(selection: ControlPlaneSelection): LabelSelector[] {
  return [
    ...Object.entries(selection.labels).map(([key, value]) => ({ key, value, negate: false })),
    ...Object.entries(selection.notLabels ?? {}).map(([key, value]) => ({ key, value, negate: true })),
  ];
}

/**
 * The control planes a command works on: by id, by exact name, by name glob, by labels (all must
 * match; `!=` negates), or all, in that order, without duplicates; then minus --exclude. Names and
 * globs that match nothing and labels that match nothing are usage errors (exit 2); an empty
 * selection asks the user to select control planes.
 */
export async function selectFleet(api: KonnectApi, selection: ControlPlaneSelection): Promise<FleetSelection> {
  const refs = [...new Set(selection.controlPlanes.map((ref) => ref.trim()).filter((ref) => ref !== ""))];
  const excludes = [...new Set((selection.exclude ?? []).map((ref) => ref.trim()).filter((ref) => ref !== ""))];
  const selectors = selectorsOf(selection);
  // a token pasted into --control-plane would be echoed in "not found": refuse it without quoting it
  if ([...refs, ...excludes].some((ref) => TOKEN_SHAPE.test(ref))) {
    throw usage("a --control-plane or --exclude value looks like a Konnect token", "pass the token with --token-file or KONNECT_TOKEN, and name control planes by name or id");
  }
  if (!selection.all && refs.length === 0 && selectors.length === 0) throw usage(SELECT_MESSAGE);

  const picked = new Map<string, ControlPlane>();
  const add = (cps: ControlPlane[]): void => {
    for (const cp of cps) if (!picked.has(cp.id)) picked.set(cp.id, cp);
  };
  // one listing serves --all, every glob and label negation (the API cannot filter those)
  let everything: Promise<ControlPlane[]> | undefined;
  const listAll = (): Promise<ControlPlane[]> => (everything ??= api.listControlPlanes());

  if (selection.all) {
    const all = await listAll();
    if (all.length === 0) throw usage("the token sees no control planes", "check the region (--region, --konnect-addr): a token only sees the control planes of the region it calls");
    add(all);
  } else {
    const resolved = await Promise.all(
      refs.map(async (ref) => {
        if (!isGlob(ref)) return { ref, found: await resolveRef(api, ref) };
        const matches = globMatcher(ref);
        return { ref, found: (await listAll()).filter((cp) => matches(cp.name)) };
      }),
    );
    const misses = resolved.filter(({ found }) => found.length === 0).map(({ ref }) => ref);
    if (misses.length > 0) throw notFound(misses, (await listAll()).map((cp) => cp.name));
    for (const { found } of resolved) add(found);

    if (selectors.length > 0) {
      const negated = selectors.some((s) => s.negate);
      const matching = negated ? (await listAll()).filter((cp) => labelsSatisfy(cp.labels, selectors)) : await api.listControlPlanes({ labels: selection.labels });
      const shown = selectors.map(showLabelSelector).join(", ");
      if (matching.length === 0) throw usage(`no control plane has the label${selectors.length > 1 ? "s" : ""} ${shown}`, "check the --label values (key=value or key!=value; all must match)");
      add(matching);
    }
  }
  return applyExcludes([...picked.values()], excludes);
}

function applyExcludes(selected: ControlPlane[], excludes: string[]): FleetSelection {
  const matchers = excludes.map((ref) => ({ ref, matches: isGlob(ref) ? globMatcher(ref) : (name: string) => name === ref }));
  const used = new Set<string>();
  const controlPlanes: ControlPlane[] = [];
  const excluded: ControlPlane[] = [];
  for (const cp of selected) {
    const hits = matchers.filter(({ ref, matches }) => ref === cp.id || matches(cp.name));
    for (const hit of hits) used.add(hit.ref);
    (hits.length > 0 ? excluded : controlPlanes).push(cp);
  }
  if (selected.length > 0 && controlPlanes.length === 0) {
    throw usage(`--exclude removes every selected control plane (${selected.length})`, "check the --exclude values, or widen the selection");
  }
  return { controlPlanes, excluded, unusedExcludes: excludes.filter((ref) => !used.has(ref)) };
}

/** The selected control planes only (see selectFleet for what was excluded). */
export async function selectControlPlanes(api: KonnectApi, selection: ControlPlaneSelection): Promise<ControlPlane[]> {
  return (await selectFleet(api, selection)).controlPlanes;
}
