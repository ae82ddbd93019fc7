/** Where each rule is explained: its entry in the README's rule table. */
export const RULES_DOCS_BASE = "https://github.com/kplug/kplug#";

/** `konnect/forbidden-files` → `rule-konnect-forbidden-files` (the README entry's explicit anchor). */
export function ruleAnchor(ruleId: string): string {
  return `rule-${ruleId.replace(/\//g, "-")}`;
}

export function ruleDocsUrl(ruleId: string): string {
  return RULES_DOCS_BASE + ruleAnchor(ruleId);
}
