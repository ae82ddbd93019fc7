/** `*` (any run of characters) and `?` (one character): the only wildcards control plane names get. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A whole-name, case-sensitive matcher for a glob (names are case-sensitive in Konnect). */
export function globMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  const regex = new RegExp(`^${source}$`, "s");
  return (name) => regex.test(name);
}
