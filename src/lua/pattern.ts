/**
 * Lua 5.1 / LuaJIT patterns (`string.match`, `string.find`), which Kong's match, not_match,
 * match_all, match_none and match_any validators use. They are not regular expressions: `%a`
 * classes, `-` lazy repetition, `%b()`, `%f[set]`, back references `%1`. A malformed pattern raises
 * in Lua, and only when the matcher reaches the bad part, as it does here (LuaPatternError).
 * Matching works on bytes (UTF-8 text is matched byte by byte, as Lua does).
 */

export class LuaPatternError extends Error {}

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;
const MAX_CAPTURES = 32;

interface State {
  src: string;
  pat: string;
  level: number;
  captures: { init: number; len: number }[];
}

/** true when `pattern` matches somewhere in `subject` (Lua: `subject:match(pattern) ~= nil`). */
export function luaPatternMatches(subject: string, pattern: string): boolean {
  return luaPatternFind(subject, pattern, 1) !== undefined;
}

/** A match: 1-based byte positions of its first and last byte, and its captures (a position capture is a number). */
export interface LuaPatternMatch {
  start: number;
  end: number;
  captures: (string | number)[];
}

/**
 * `string.find(subject, pattern, init)` without `plain`: the first match at or after byte `init`
 * (1-based; negative counts from the end, as Lua's does), or undefined. Positions are in bytes.
 */
export function luaPatternFind(subject: string, pattern: string, init: number): LuaPatternMatch | undefined {
  const src = toBytes(subject);
  let pat = toBytes(pattern);
  const anchor = pat.startsWith("^");
  if (anchor) pat = pat.slice(1);
  let start = init < 0 ? Math.max(src.length + init, 0) : Math.max(init - 1, 0);
  if (start > src.length) return undefined;
  do {
    const state: State = { src, pat, level: 0, captures: [] };
    const end = match(state, start, 0);
    if (end !== -1) {
      const captures = state.captures.slice(0, state.level).map((capture) => {
        // Lua raises while returning the captures of a match that left one open
        if (capture.len === CAP_UNFINISHED) throw new LuaPatternError("unfinished capture");
        return capture.len === CAP_POSITION ? capture.init + 1 : fromBytes(src.slice(capture.init, capture.init + capture.len));
      });
      return { start: start + 1, end, captures };
    }
    start += 1;
  } while (start <= src.length && !anchor);
  return undefined;
}

/** A byte string (char codes 0–255) back as text (callers give ASCII subjects, where the two are the same). */
function fromBytes(bytes: string): string {
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** UTF-8 bytes as a JS string of char codes 0–255. */
function toBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

function classEnd(state: State, p: number): number {
  const { pat } = state;
  const c = pat[p++];
  if (c === "%") {
    if (p >= pat.length) throw new LuaPatternError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === "[") {
    if (pat[p] === "^") p++;
    do {
      if (p >= pat.length) throw new LuaPatternError("malformed pattern (missing ']')");
      const cc = pat[p++];
      if (cc === "%" && p < pat.length) p++;
    } while (pat[p] !== "]");
    return p + 1;
  }
  return p;
}

function matchClass(c: number, cl: string): boolean {
  let res: boolean;
  switch (cl.toLowerCase()) {
    case "a": res = isAlpha(c); break;
    case "c": res = c < 32 || c === 127; break;
    case "d": res = c >= 48 && c <= 57; break;
    case "l": res = c >= 97 && c <= 122; break;
    case "g": res = c > 32 && c < 127; break;
    case "p": res = isPunct(c); break;
    case "s": res = c === 32 || (c >= 9 && c <= 13); break;
    case "u": res = c >= 65 && c <= 90; break;
    case "w": res = isAlpha(c) || (c >= 48 && c <= 57); break;
    case "x": res = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); break;
    case "z": res = c === 0; break;
    default: return cl.charCodeAt(0) === c;
  }
  const code = cl.charCodeAt(0);
  return code >= 65 && code <= 90 ? !res : res;
}

function isAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isPunct(c: number): boolean {
  return c > 32 && c < 127 && !isAlpha(c) && !(c >= 48 && c <= 57);
}

/** `[...]` from p (at '[') to ec (at the closing ']'). */
function matchBracketClass(state: State, c: number, p: number, ec: number): boolean {
  const { pat } = state;
  let sig = true;
  if (pat[p + 1] === "^") {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (pat[p] === "%") {
      p++;
      if (matchClass(c, pat[p] ?? "")) return sig;
    } else if (pat[p + 1] === "-" && p + 2 < ec) {
      p += 2;
      if (pat.charCodeAt(p - 2) <= c && c <= pat.charCodeAt(p)) return sig;
    } else if (pat.charCodeAt(p) === c) {
      return sig;
    }
  }
  return !sig;
}

function singleMatch(state: State, s: number, p: number, ep: number): boolean {
  if (s >= state.src.length) return false;
  const c = state.src.charCodeAt(s);
  switch (state.pat[p]) {
    case ".": return true;
    case "%": return matchClass(c, state.pat[p + 1] ?? "");
    case "[": return matchBracketClass(state, c, p, ep - 1);
    default: return state.pat.charCodeAt(p) === c;
  }
}

/** Index in src where the match of pat[p..] starting at s ends, or -1. */
function match(state: State, s: number, p: number): number {
  const { pat, src } = state;
  for (;;) {
    if (p >= pat.length) return s;
    const c = pat[p];
    if (c === "(") {
      if (pat[p + 1] === ")") return startCapture(state, s, p + 2, CAP_POSITION);
      return startCapture(state, s, p + 1, CAP_UNFINISHED);
    }
    if (c === ")") return endCapture(state, s, p + 1);
    if (c === "$" && p + 1 === pat.length) return s === src.length ? s : -1;
    if (c === "%" && pat[p + 1] === "b") {
      s = matchBalance(state, s, p + 2);
      if (s === -1) return -1;
      p += 4;
      continue;
    }
    if (c === "%" && pat[p + 1] === "f") {
      p += 2;
      if (pat[p] !== "[") throw new LuaPatternError("missing '[' after '%f' in pattern");
      const ep = classEnd(state, p);
      const previous = s === 0 ? 0 : src.charCodeAt(s - 1);
      const current = s < src.length ? src.charCodeAt(s) : 0;
      if (matchBracketClass(state, previous, p, ep - 1) || !matchBracketClass(state, current, p, ep - 1)) return -1;
      p = ep;
      continue;
    }
    if (c === "%" && /[0-9]/.test(pat[p + 1] ?? "")) {
      s = matchCapture(state, s, pat.charCodeAt(p + 1));
      if (s === -1) return -1;
      p += 2;
      continue;
    }
    const ep = classEnd(state, p);
    const m = singleMatch(state, s, p, ep);
    switch (pat[ep]) {
      case "?": {
        if (m) {
          const res = match(state, s + 1, ep + 1);
          if (res !== -1) return res;
        }
        p = ep + 1;
        continue;
      }
      case "*":
        return maxExpand(state, s, p, ep);
      case "+":
        return m ? maxExpand(state, s + 1, p, ep) : -1;
      case "-":
        return minExpand(state, s, p, ep);
      default:
        if (!m) return -1;
        s++;
        p = ep;
    }
  }
}

function maxExpand(state: State, s: number, p: number, ep: number): number {
  let i = 0;
  while (singleMatch(state, s + i, p, ep)) i++;
  while (i >= 0) {
    const res = match(state, s + i, ep + 1);
    if (res !== -1) return res;
    i--;
  }
  return -1;
}

function minExpand(state: State, s: number, p: number, ep: number): number {
  for (;;) {
    const res = match(state, s, ep + 1);
    if (res !== -1) return res;
    if (singleMatch(state, s, p, ep)) s++;
    else return -1;
  }
}

function startCapture(state: State, s: number, p: number, what: number): number {
  if (state.level >= MAX_CAPTURES) throw new LuaPatternError("too many captures");
  state.captures[state.level] = { init: s, len: what };
  state.level++;
  const res = match(state, s, p);
  if (res === -1) state.level--;
  return res;
}

function endCapture(state: State, s: number, p: number): number {
  let l = -1;
  for (let level = state.level - 1; level >= 0; level--) {
    if (state.captures[level]?.len === CAP_UNFINISHED) {
      l = level;
      break;
    }
  }
  if (l < 0) throw new LuaPatternError("invalid pattern capture");
  const capture = state.captures[l] as { init: number; len: number };
  capture.len = s - capture.init;
  const res = match(state, s, p);
  if (res === -1) capture.len = CAP_UNFINISHED;
  return res;
}

function matchBalance(state: State, s: number, p: number): number {
  const { pat, src } = state;
  if (p + 1 >= pat.length) throw new LuaPatternError("missing arguments to '%b'");
  if (s >= src.length || src[s] !== pat[p]) return -1;
  const open = pat[p];
  const close = pat[p + 1];
  let depth = 1;
  while (++s < src.length) {
    if (src[s] === close) {
      if (--depth === 0) return s + 1;
    } else if (src[s] === open) {
      depth++;
    }
  }
  return -1;
}

function matchCapture(state: State, s: number, digit: number): number {
  const l = digit - 49;
  const capture = state.captures[l];
  if (l < 0 || l >= state.level || !capture || capture.len === CAP_UNFINISHED) throw new LuaPatternError("invalid capture index");
  // a position capture has no text: LuaJIT's length check fails on it
  if (capture.len === CAP_POSITION) return -1;
  const text = state.src.slice(capture.init, capture.init + capture.len);
  if (state.src.length - s >= capture.len && state.src.startsWith(text, s)) return s + capture.len;
  return -1;
}
