import { createHash } from "node:crypto";

/**
 * Konnect may hand back a schema with other line endings or trailing blanks than the file on disk;
 * those differences must not turn an unchanged plugin into an update, so comparisons use this form.
 */
export function normalizeContent(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((line) => line.replace(/[ \t]+$/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

export function sameContent(a: string, b: string): boolean {
  return normalizeContent(a) === normalizeContent(b);
}

/** sha256 of the normalized content, first 8 hex digits: short enough for a matrix cell. */
export function shortHash(text: string): string {
  return createHash("sha256").update(normalizeContent(text), "utf8").digest("hex").slice(0, 8);
}

/** The hash of a plugin as a control plane holds it: schema, plus the handler for streamed plugins. */
export function pluginHash(schema: string, handler: string | undefined): string {
  return handler === undefined ? shortHash(schema) : shortHash(`${normalizeContent(schema)}\u0000${normalizeContent(handler)}`);
}
