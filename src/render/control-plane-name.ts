/** How output names a control plane. */
export type NameOf = (controlPlane: { name: string; region?: string | undefined }) => string;

export const plainName: NameOf = (controlPlane) => controlPlane.name;

/**
 * With several regions selected, names repeat across them (prod-001 in us and in eu), so output
 * names the region first: "eu/prod-001" (runs still fold: "eu/prod-001 … eu/prod-050"). With one
 * region, the name alone, as before.
 */
export function regionalNames(regions: readonly string[]): NameOf {
  if (regions.length <= 1) return plainName;
  return (controlPlane) => (controlPlane.region ? `${controlPlane.region}/${controlPlane.name}` : controlPlane.name);
}
