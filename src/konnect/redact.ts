/**
 * Redaction of the Konnect token from any text kplug may show or keep. A server may echo what it was
 * sent in many forms, so besides the exact token this catches: any letter case, JSON `\uXXXX` and
 * `\xXX` escapes, URL-encoding (`%5F`), HTML character references, the token glued to other text
 * (prefixed or suffixed), and a truncated echo (any prefix of at least PARTIAL_MIN characters).
 */

export const REDACTED = "[REDACTED]";

/** a prefix this long is already more of the token than anyone should see (`kpat_` + 7) */
const PARTIAL_MIN = 12;

/** personal (`kpat_`) and system account (`spat_`) tokens, wherever they appear in a text */
const TOKEN_LIKE = /(?:kpat|spat)_[A-Za-z0-9_-]{8,}/gi;

const ESCAPE = /\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|%([0-9a-fA-F]{2})|&#(?:[xX]([0-9a-fA-F]{1,4})|(\d{1,5}));/g;

interface Decoded {
  /** the text with escapes decoded and ASCII letters lower-cased */
  text: string;
  /** per escape: [decoded index, original index, original length], in order */
  escapes: number[];
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

function decode(text: string): Decoded {
  const parts: string[] = [];
  const escapes: number[] = [];
  let last = 0;
  let length = 0;
  for (const match of text.matchAll(ESCAPE)) {
    const [whole, u, x, pct, hexRef, decRef] = match;
    const code = Number.parseInt(u ?? x ?? pct ?? hexRef ?? "", 16);
    const value = decRef === undefined ? code : Number(decRef);
    if (!(value <= 0xffff)) continue;
    const index = match.index;
    parts.push(text.slice(last, index));
    length += index - last;
    escapes.push(length, index, whole.length);
    parts.push(String.fromCharCode(value));
    length += 1;
    last = index + whole.length;
  }
  parts.push(text.slice(last));
  return { text: asciiLower(parts.join("")), escapes };
}

/** decoded [start, end) ranges, in order, mapped back to original [start, end) ranges */
function toOriginal(ranges: Array<[number, number]>, escapes: number[]): Array<[number, number]> {
  let j = 0;
  let shift = 0; // original length minus decoded length of the escapes before the current point
  const at = (decodedIndex: number): { start: number; length: number } => {
    while (j < escapes.length && (escapes[j] as number) < decodedIndex) {
      shift += (escapes[j + 2] as number) - 1;
      j += 3;
    }
    if (j < escapes.length && escapes[j] === decodedIndex) return { start: escapes[j + 1] as number, length: escapes[j + 2] as number };
    return { start: decodedIndex + shift, length: 1 };
  };
  return ranges.map(([start, end]) => {
    const first = at(start).start;
    const lastChar = at(end - 1);
    return [first, lastChar.start + lastChar.length];
  });
}

/** ESCAPE without the global flag: whether a text has any escape at all */
const ANY_ESCAPE = new RegExp(ESCAPE.source);

/**
 * Whether `text` certainly holds no echo: it has no escape (so decoding would only lower-case it) and
 * not even the probe in any letter case. Every response body passes here; most have neither. (An
 * ASCII probe found in the decoded text was ASCII in the text too, where toLowerCase lowers as
 * asciiLower does.)
 */
function certainlyClean(text: string, probe: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(probe) && !probePattern(probe).test(text) && !ANY_ESCAPE.test(text);
}

/**
 * The probe in any ASCII letter case, without lower-casing a copy of every body: a non-Unicode `i`
 * regex never matches a non-ASCII character to an ASCII one, so for an ASCII probe it finds exactly what
 * `asciiLower(text).includes(probe)` finds (toLowerCase found a few more, e.g. the Kelvin sign as k,
 * which the full check below then ruled out anyway).
 */
function probePattern(probe: string): RegExp {
  if (lastProbe?.probe !== probe) lastProbe = { probe, pattern: new RegExp(probe.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i") };
  return lastProbe.pattern;
}
let lastProbe: { probe: string; pattern: RegExp } | undefined;

/** `text` with every echo of `secret` (see above) replaced by [REDACTED] */
export function redactSecret<T extends string | undefined>(text: T, secret: string): T {
  if (text === undefined || secret === "" || text === "") return text;
  const wanted = asciiLower(secret);
  const probe = wanted.slice(0, Math.min(wanted.length, PARTIAL_MIN));
  if (certainlyClean(text, probe)) return text;
  const decoded = decode(text);
  const ranges: Array<[number, number]> = [];
  for (let from = decoded.text.indexOf(probe); from !== -1; from = decoded.text.indexOf(probe, from + 1)) {
    let end = from + probe.length;
    while (end - from < wanted.length && decoded.text[end] === wanted[end - from]) end++;
    const previous = ranges.at(-1);
    if (previous && from <= previous[1]) previous[1] = Math.max(previous[1], end);
    else ranges.push([from, end]);
  }
  if (ranges.length === 0) return text;
  let out = "";
  let last = 0;
  for (const [start, end] of toOriginal(ranges, decoded.escapes)) {
    out += text.slice(last, start) + REDACTED;
    last = end;
  }
  return (out + text.slice(last)) as T;
}

/** `text` with anything shaped like a Konnect token (kpat_…, spat_…) replaced: for flag values in errors */
export function redactTokenShapes<T extends string | undefined>(text: T): T {
  if (text === undefined) return text;
  return text.replace(TOKEN_LIKE, REDACTED) as T;
}
