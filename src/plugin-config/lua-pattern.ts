/*
 * Lua 5.1 patterns, as LuaJIT's `string.find`/`string.match` run them: over bytes, C-locale
 * character classes, `%b`, `%f`, captures and back-references. Kong's `match`, `not_match`,
 * `match_all`, `match_none` and `match_any` validators call `value:match(pattern)`; a regular
 * expression would give other answers (`%`, `-`, `.` and classes differ).
 */

/** Thrown for what LuaJIT raises on: a malformed pattern (Kong then fails with a Lua error). */
export class LuaPatternError extends Error {}

const L_ESC = 37; // %
const MAX_CAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;
/** LuaJIT stops deep recursion with "pattern too complex"; bound ours the same way */
const MAX_DEPTH = 200;

interface State {
  src: Uint8Array;
  pat: Uint8Array;
  level: number;
  capture: { start: number; len: number }[];
  depth: number;
}

function classMatches(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 0x20) {
    case 97: res = isAlpha(c); break; // a
    case 99: res = c < 32 || c === 127; break; // c
    case 100: res = c >= 48 && c <= 57; break; // d
    case 108: res = c >= 97 && c <= 122; break; // l
    case 112: res = isPunct(c); break; // p
    case 115: res = c === 32 || (c >= 9 && c <= 13); break; // s
    case 117: res = c >= 65 && c <= 90; break; // u
    case 119: res = isAlpha(c) || (c >= 48 && c <= 57); break; // w
    case 120: res = (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102); break; // x
    case 122: res = c === 0; break; // z (Lua 5.1)
    default: return cl === c;
  }
  // an upper-case class letter is the complement
  return cl >= 65 && cl <= 90 ? !res : res;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isPunct(c: number): boolean {
  return c > 32 && c < 127 && !isAlpha(c) && !(c >= 48 && c <= 57);
}

function classEnd(ms: State, p: number): number {
  const pat = ms.pat;
  const c = pat[p++];
  if (c === L_ESC) {
    if (p >= pat.length) throw new LuaPatternError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === 91) { // [
    if (pat[p] === 94) p++; // ^
    do {
      if (p >= pat.length) throw new LuaPatternError("malformed pattern (missing ']')");
      const cc = pat[p++];
      if (cc === L_ESC && p < pat.length) p++;
    } while (pat[p] !== 93);
    return p + 1;
  }
  return p;
}

function matchBracketClass(ms: State, c: number, p: number, ec: number): boolean {
  const pat = ms.pat;
  let sig = true;
  if (pat[p + 1] === 94) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (pat[p] === L_ESC) {
      p++;
      if (classMatches(c, pat[p] as number)) return sig;
    } else if (pat[p + 1] === 45 && p + 2 < ec) { // a-z
      p += 2;
      if ((pat[p - 2] as number) <= c && c <= (pat[p] as number)) return sig;
    } else if (pat[p] === c) return sig;
  }
  return !sig;
}

function singleMatch(ms: State, s: number, p: number, ep: number): boolean {
  if (s >= ms.src.length) return false;
  const c = ms.src[s] as number;
  switch (ms.pat[p]) {
    case 46: return true; // .
    case L_ESC: return classMatches(c, ms.pat[p + 1] as number);
    case 91: return matchBracketClass(ms, c, p, ep - 1);
    default: return ms.pat[p] === c;
  }
}

function matchBalance(ms: State, s: number, p: number): number {
  if (p + 1 >= ms.pat.length) throw new LuaPatternError("malformed pattern (missing arguments to '%b')");
  if (s >= ms.src.length || ms.src[s] !== ms.pat[p]) return -1;
  const b = ms.pat[p], e = ms.pat[p + 1];
  let cont = 1;
  while (++s < ms.src.length) {
    const c = ms.src[s];
    if (c === e) {
      if (--cont === 0) return s + 1;
    } else if (c === b) cont++;
  }
  return -1;
}

function maxExpand(ms: State, s: number, p: number, ep: number): number {
  let i = 0;
  while (singleMatch(ms, s + i, p, ep)) i++;
  while (i >= 0) {
    const res = doMatch(ms, s + i, ep + 1);
    if (res !== -1) return res;
    i--;
  }
  return -1;
}

function minExpand(ms: State, s: number, p: number, ep: number): number {
  for (;;) {
    const res = doMatch(ms, s, ep + 1);
    if (res !== -1) return res;
    if (singleMatch(ms, s, p, ep)) s++;
    else return -1;
  }
}

function startCapture(ms: State, s: number, p: number, what: number): number {
  if (ms.level >= MAX_CAPTURES) throw new LuaPatternError("too many captures");
  ms.capture[ms.level] = { start: s, len: what };
  ms.level++;
  const res = doMatch(ms, s, p);
  if (res === -1) ms.level--;
  return res;
}

function endCapture(ms: State, s: number, p: number): number {
  let l = -1;
  for (let level = ms.level - 1; level >= 0; level--) {
    if (ms.capture[level]?.len === CAP_UNFINISHED) {
      l = level;
      break;
    }
  }
  if (l < 0) throw new LuaPatternError("invalid pattern capture");
  const cap = ms.capture[l] as { start: number; len: number };
  cap.len = s - cap.start;
  const res = doMatch(ms, s, p);
  if (res === -1) cap.len = CAP_UNFINISHED;
  return res;
}

function matchCapture(ms: State, s: number, l: number): number {
  const index = l - 49; // '1'
  const cap = ms.capture[index];
  if (index < 0 || index >= ms.level || !cap || cap.len === CAP_UNFINISHED) throw new LuaPatternError("invalid capture index");
  const len = cap.len === CAP_POSITION ? 0 : cap.len;
  if (ms.src.length - s >= len) {
    for (let i = 0; i < len; i++) if (ms.src[cap.start + i] !== ms.src[s + i]) return -1;
    return s + len;
  }
  return -1;
}

function doMatch(ms: State, s: number, p: number): number {
  if (++ms.depth > MAX_DEPTH) throw new LuaPatternError("pattern too complex");
  try {
    for (;;) {
      if (p >= ms.pat.length) return s;
      const pc = ms.pat[p];
      if (pc === 40) { // (
        return ms.pat[p + 1] === 41 ? startCapture(ms, s, p + 2, CAP_POSITION) : startCapture(ms, s, p + 1, CAP_UNFINISHED);
      }
      if (pc === 41) return endCapture(ms, s, p + 1); // )
      if (pc === 36 && p + 1 === ms.pat.length) return s === ms.src.length ? s : -1; // $ at the end
      if (pc === L_ESC) {
        const next = ms.pat[p + 1];
        if (next === 98) { // %b
          s = matchBalance(ms, s, p + 2);
          if (s === -1) return -1;
          p += 4;
          continue;
        }
        if (next === 102) { // %f
          p += 2;
          if (ms.pat[p] !== 91) throw new LuaPatternError("missing '[' after '%f' in pattern");
          const ep = classEnd(ms, p);
          const prev = s === 0 ? 0 : (ms.src[s - 1] as number);
          const cur = s < ms.src.length ? (ms.src[s] as number) : 0;
          if (!matchBracketClass(ms, prev, p, ep - 1) && matchBracketClass(ms, cur, p, ep - 1)) {
            p = ep;
            continue;
          }
          return -1;
        }
        if (next !== undefined && next >= 48 && next <= 57) { // %0-%9
          s = matchCapture(ms, s, next);
          if (s === -1) return -1;
          p += 2;
          continue;
        }
      }
      const ep = classEnd(ms, p);
      const m = singleMatch(ms, s, p, ep);
      switch (ms.pat[ep]) {
        case 63: { // ?
          if (m) {
            const res = doMatch(ms, s + 1, ep + 1);
            if (res !== -1) return res;
          }
          p = ep + 1;
          continue;
        }
        case 42: return maxExpand(ms, s, p, ep); // *
        case 43: return m ? maxExpand(ms, s + 1, p, ep) : -1; // +
        case 45: return minExpand(ms, s, p, ep); // -
        default:
          if (!m) return -1;
          s++;
          p = ep;
          continue;
      }
    }
  } finally {
    ms.depth--;
  }
}

/** `string.find(subject, pattern) ~= nil` (what `value:match(pattern)` being truthy means). */
export function luaPatternFind(subject: string, pattern: string): boolean {
  const src = Buffer.from(subject, "utf8");
  const pat = Buffer.from(pattern, "utf8");
  const anchored = pat[0] === 94;
  const ms: State = { src, pat, level: 0, capture: [], depth: 0 };
  let s = 0;
  do {
    ms.level = 0;
    ms.depth = 0;
    const p = anchored ? 1 : 0;
    if (doMatch(ms, s, p) !== -1) return true;
    s++;
  } while (s <= src.length && !anchored);
  return false;
}
