/** `--label key=value` (must carry it) or `--label key!=value` (must not: a missing key matches too). */
export interface LabelSelector {
  key: string;
  value: string;
  negate: boolean;
}

/** `env=prod` / `env!=prod`; undefined when the text is neither. */
export function parseLabelSelector(text: string): LabelSelector | undefined {
  const match = /^([^=!]+)(!?=)(.+)$/.exec(text.trim());
  if (!match) return undefined;
  return { key: (match[1] as string).trim(), value: (match[3] as string).trim(), negate: match[2] === "!=" };
}

export function showLabelSelector(selector: LabelSelector): string {
  return `${selector.key}${selector.negate ? "!=" : "="}${selector.value}`;
}

export function labelsSatisfy(labels: Record<string, string>, selectors: readonly LabelSelector[]): boolean {
  return selectors.every((s) => (labels[s.key] === s.value) !== s.negate);
}
