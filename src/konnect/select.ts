import { KplugError } from "../errors.js";
import { KonnectError } from "./errors.js";
import { globMatcher, isGlob } from "./glob.js";
import { labelsSatisfy, showLabelSelector, type LabelSelector } from "./labels.js";
import { closestNames } from "./suggest.js";
import { TOKEN_SHAPE } from "./token.js";
import type { ControlPlane, KonnectApi, Region } from "./types.js";

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

/** A selected control plane and the region it was found in (names repeat across regions). */
export interface RegionalControlPlane extends ControlPlane {
  region?: Region;
}

/** A region's client: one per selected region, all with the same token. */
export interface RegionClient {
  region?: Region;
  api: KonnectApi;
}

export interface FleetSelection {
  controlPlanes: RegionalControlPlane[];
  /** selected, then removed by --exclude */
  excluded: RegionalControlPlane[];
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

function whereLooked(clients: RegionClient[]): string {
  const regions = clients.map((c) => c.region).filter((r): r is Region => r !== undefined);
  return regions.length > 1 ? ` in regions ${regions.join(", ")}` : "";
}

function notFound(misses: string[], known: string[], clients: RegionClient[]): KplugError {
  const where = whereLooked(clients);
  const parts = misses.map((ref) => {
    const close = isGlob(ref) ? [] : closestNames(ref, known);
    const what = isGlob(ref) ? `'${ref}' matches no control plane${where}` : `'${ref}' not found${where}`;
    return close.length > 0 ? `${what}; did you mean: ${close.join(", ")}?` : what;
  });
  const message = misses.length === 1 ? `control plane ${parts[0]}` : `control planes: ${parts.join("; ")}`;
  const scope = clients.length > 1 ? "in the selected regions" : "in this region";
  return usage(message, `kplug list --all shows the control planes the token can see (${scope})`);
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
  return selectInRegions([{ api }], selection);
}

/**
 * selectFleet over several regions with the same token: every name, glob and label applies in every
 * region, and only what matches in none of them is an error. A control plane is region + id.
 */
export async function selectInRegions(clients: RegionClient[], selection: ControlPlaneSelection, options: SelectOptions = {}): Promise<FleetSelection> {
  const refs = [...new Set(selection.controlPlanes.map((ref) => ref.trim()).filter((ref) => ref !== ""))];
  const excludes = [...new Set((selection.exclude ?? []).map((ref) => ref.trim()).filter((ref) => ref !== ""))];
  const selectors = selectorsOf(selection);
  // a token pasted into --control-plane would be echoed in "not found": refuse it without quoting it
  if ([...refs, ...excludes].some((ref) => TOKEN_SHAPE.test(ref))) {
    throw usage("a --control-plane or --exclude value looks like a Konnect token", "pass the token with --token-file or KONNECT_TOKEN, and name control planes by name or id");
  }
  if (!selection.all && refs.length === 0 && selectors.length === 0) throw usage(SELECT_MESSAGE);

  const picked = new Map<string, RegionalControlPlane>();
  const add = (client: RegionClient, cps: ControlPlane[]): void => {
    for (const cp of cps) {
      const key = regionalKey({ ...cp, region: client.region });
      if (!picked.has(key)) picked.set(key, regional(client, cp));
    }
  };
  // one listing per region serves --all, every glob and label negation (the API cannot filter those)
  const everything = new Map<RegionClient, Promise<ControlPlane[]>>();
  const listAll = (client: RegionClient): Promise<ControlPlane[]> => {
    let listed = everything.get(client);
    if (!listed) everything.set(client, (listed = client.api.listControlPlanes()));
    return listed;
  };
  const onSelected = options.onSelected;
  const allNames = async (): Promise<string[]> => [...new Set((await Promise.all(clients.map(listAll))).flat().map((cp) => cp.name))];

  if (selection.all) {
    if (onSelected) {
      // --all keeps every page's control planes but the excluded ones: known as each page arrives
      const excluded = excludeMatcher(excludes);
      for (const client of clients) {
        everything.set(client, client.api.listControlPlanes({}, (page) => onSelected(page.filter((cp) => !excluded(cp)).map((cp) => regional(client, cp)))));
      }
    }
    const all = await Promise.all(clients.map(listAll));
    if (all.every((cps) => cps.length === 0)) {
      throw usage(`the token sees no control planes${whereLooked(clients)}`, "check the region (--region, --konnect-addr): a token only sees the control planes of the region it calls");
    }
    clients.forEach((client, i) => add(client, all[i] ?? []));
  } else {
    const resolved = await Promise.all(
      refs.map(async (ref) => {
        const perRegion = await Promise.all(
          clients.map(async (client) => {
            if (!isGlob(ref)) return resolveRef(client.api, ref);
            const matches = globMatcher(ref);
            return (await listAll(client)).filter((cp) => matches(cp.name));
          }),
        );
        return { ref, perRegion };
      }),
    );
    const misses = resolved.filter(({ perRegion }) => perRegion.every((found) => found.length === 0)).map(({ ref }) => ref);
    if (misses.length > 0) throw notFound(misses, await allNames(), clients);
    for (const { perRegion } of resolved) clients.forEach((client, i) => add(client, perRegion[i] ?? []));

    if (selectors.length > 0) {
      const negated = selectors.some((s) => s.negate);
      const matching = await Promise.all(
        clients.map(async (client) => (negated ? (await listAll(client)).filter((cp) => labelsSatisfy(cp.labels, selectors)) : client.api.listControlPlanes({ labels: selection.labels }))),
      );
      const shown = selectors.map(showLabelSelector).join(", ");
      if (matching.every((cps) => cps.length === 0)) {
        throw usage(`no control plane${whereLooked(clients)} has the label${selectors.length > 1 ? "s" : ""} ${shown}`, "check the --label values (key=value or key!=value; all must match)");
      }
      clients.forEach((client, i) => add(client, matching[i] ?? []));
    }
  }
  return applyExcludes([...picked.values()], excludes);
}

export interface SelectOptions {
  /**
   * With --all: the control planes of each listing page that stay selected, as the page arrives, so
   * that work on them can start before the listing ends (the selection still returns them all).
   */
  onSelected?: (controlPlanes: RegionalControlPlane[]) => void;
}

/** a control plane's identity across regions (the same id may exist in two) */
export function regionalKey(cp: { id: string; region?: Region | undefined }): string {
  return `${cp.region ?? ""}\u0000${cp.id}`;
}

/** the selected control plane as the selection returns it: with its region when there is one */
function regional(client: RegionClient, cp: ControlPlane): RegionalControlPlane {
  return client.region ? { ...cp, region: client.region } : cp;
}

function excludeMatchers(excludes: string[]): Array<{ ref: string; matches: (name: string) => boolean }> {
  return excludes.map((ref) => ({ ref, matches: isGlob(ref) ? globMatcher(ref) : (name: string) => name === ref }));
}

/** whether --exclude removes a control plane (by id, name or name glob) */
function excludeMatcher(excludes: string[]): (cp: ControlPlane) => boolean {
  const matchers = excludeMatchers(excludes);
  return (cp) => matchers.some(({ ref, matches }) => ref === cp.id || matches(cp.name));
}

function applyExcludes(selected: RegionalControlPlane[], excludes: string[]): FleetSelection {
  const matchers = excludeMatchers(excludes);
  const used = new Set<string>();
  const controlPlanes: RegionalControlPlane[] = [];
  const excluded: RegionalControlPlane[] = [];
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
