/**
 * The one sanitizer for text kplug did not write itself (server messages, control plane and plugin
 * names, file names) before it reaches a terminal. Control characters are shown escaped (`\x1b`,
 * `\x00`, `\u009b`), not dropped, so a hostile name can neither move the cursor, retitle the window
 * nor clear the screen, and the user still sees that something odd was there. Bidi controls are
 * escaped too: they would reorder what the line shows (Trojan source).
 */

// C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate/mark characters
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with control characters escaped; tabs and newlines are kept (multi-line output) */
export function sanitizeForDisplay(text: string): string {
  // a CRLF line ending is a line ending, not an attack
  return text.replace(/\r\n/g, "\n").replace(UNSAFE, escape);
}

/** `text` for a one-line message: newlines and tabs are escaped too */
export function sanitizeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escape);
}

/** whether one character would be escaped by sanitizeForDisplay */
export function isControlChar(ch: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(ch);
  UNSAFE.lastIndex = 0;
  return found;
}
