/**
 * Does PCRE2 (10.42, as Kong's `ngx.re` compiles a regex with no options: not UTF, no flags)
 * compile this pattern? Kong's `is_regex` validator asks exactly that. JavaScript's RegExp differs
 * in both directions (`(?#…)` comments, `[[:alpha:]]` classes, `\8`, `a{,2}`, variable-length
 * lookbehind), so kplug parses PCRE2's syntax itself. Constructs it does not model (recursion,
 * conditionals, verbs, callouts, some escapes) answer "unknown" rather than a guess.
 */
export type PcreVerdict = "valid" | "invalid" | "unknown";

class Invalid extends Error {}
class Unmodelled extends Error {}

const POSIX_CLASSES = new Set(["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"]);
/** escape letters PCRE2 knows outside a class; any other ASCII letter or digit-less alnum is an error */
const KNOWN_ESCAPES = new Set([..."aAbBcdDeEfgGhHkKnNopPQrRsStvVwWxXzZ"]);
/** escapes that match one character (or a class of them) with a fixed length of 1 */
const SINGLE_CHAR_ESCAPES = new Set([..."dDwWsShHvVNaefnrt"]);
/** assertions: zero length, not repeatable */
const ASSERTION_ESCAPES = new Set([..."bBAzZGK"]);
const MAX_QUANTIFIER = 65535;

export function pcreCompiles(pattern: string): PcreVerdict {
  // PCRE2 without UTF reads bytes; how kplug's strings map to bytes beyond ASCII is not modelled here
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) > 0x7f) return "unknown";
  try {
    new Parser(pattern).parse();
    return "valid";
  } catch (error) {
    if (error instanceof Invalid) return "invalid";
    if (error instanceof Unmodelled) return "unknown";
    throw error;
  }
}

/** length of what an item matches: a fixed number, or undefined when it varies */
type Length = number | undefined;

class Parser {
  private pos = 0;
  private captures = 0;
  private readonly names = new Set<string>();
  private readonly numberRefs: number[] = [];
  private readonly nameRefs: string[] = [];
  /** inside a lookbehind: a backreference's length is the group's, which kplug does not follow */
  private lookbehinds = 0;

  constructor(private readonly text: string) {}

  parse(): void {
    this.alternation(false);
    if (this.pos < this.text.length) throw new Invalid("unmatched closing parenthesis");
    for (const ref of this.numberRefs) if (ref > this.captures) throw new Invalid("reference to non-existent subpattern");
    for (const name of this.nameRefs) if (!this.names.has(name)) throw new Invalid("reference to non-existent subpattern");
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  /** branches up to `)` or the end; the fixed length of each branch when `lookbehind` (all must be fixed) */
  private alternation(lookbehind: boolean): Length {
    let length = this.sequence();
    if (lookbehind && length === undefined) throw new Invalid("lookbehind assertion is not fixed length");
    let same = true;
    while (this.peek() === "|") {
      this.pos++;
      const next = this.sequence();
      if (lookbehind && next === undefined) throw new Invalid("lookbehind assertion is not fixed length");
      if (next !== length) same = false;
      length = next;
    }
    return same ? length : undefined;
  }

  private sequence(): Length {
    let total: Length = 0;
    while (this.pos < this.text.length) {
      this.skipQuoteEnds();
      const c = this.peek();
      if (c === undefined || c === "|" || c === ")") break;
      if (isQuantifierStart(this.text, this.pos)) throw new Invalid("quantifier does not follow a repeatable item");
      const item = this.atom();
      let length = item.length;
      if (item.repeatable) length = this.quantifiers(length);
      else if (isQuantifierStart(this.text, this.pos)) throw new Invalid("quantifier does not follow a repeatable item");
      total = total === undefined || length === undefined ? undefined : total + length;
    }
    return total;
  }

  /** one quantifier (with its lazy / possessive mark) after a repeatable item; a second one is an error */
  private quantifiers(length: Length): Length {
    this.skipQuoteEnds();
    if (!isQuantifierStart(this.text, this.pos)) return length;
    const c = this.peek() as string;
    let result: Length;
    if (c === "{") {
      const { min, max } = this.braces();
      result = length !== undefined && min === max ? length * min : min === 0 && max === 0 ? 0 : undefined;
    } else {
      this.pos++;
      result = undefined;
    }
    this.skipQuoteEnds();
    if (this.peek() === "?" || this.peek() === "+") this.pos++;
    this.skipQuoteEnds();
    if (isQuantifierStart(this.text, this.pos)) throw new Invalid("quantifier does not follow a repeatable item");
    return result;
  }

  /** `\E` without `\Q` and `(?#…)` comments are ignored: the item before them stays the one a quantifier repeats */
  private skipQuoteEnds(): void {
    for (;;) {
      if (this.text.startsWith("\\E", this.pos)) this.pos += 2;
      else if (this.text.startsWith("(?#", this.pos)) {
        const end = this.text.indexOf(")", this.pos);
        if (end < 0) throw new Invalid("missing ) after (?# comment");
        this.pos = end + 1;
      } else return;
    }
  }

  private braces(): { min: number; max: number } {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.pos)) as RegExpExecArray;
    this.pos += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === "" ? Infinity : Number(match[3]);
    if (min > MAX_QUANTIFIER || (max !== Infinity && max > MAX_QUANTIFIER)) throw new Invalid("number too big in {} quantifier");
    if (max < min) throw new Invalid("numbers out of order in {} quantifier");
    return { min, max };
  }

  private atom(): { length: Length; repeatable: boolean } {
    const c = this.peek() as string;
    this.pos++;
    switch (c) {
      case "(":
        return this.group();
      case "[": {
        // `[:alpha:]` (or `[.a.]`, `[=a=]`) where a class would start
        const posix = /^([:.=])[^\]]*?\1\]/.exec(this.text.slice(this.pos));
        if (posix) throw new Invalid(posix[1] === ":" ? "POSIX named classes are supported only within a class" : "POSIX collating elements are not supported");
        this.characterClass();
        return { length: 1, repeatable: true };
      }
      case "\\":
        return this.escape();
      case "^":
      case "$":
        return { length: 0, repeatable: false };
      default:
        return { length: 1, repeatable: true };
    }
  }

  private group(): { length: Length; repeatable: boolean } {
    if (this.peek() === "*") throw new Unmodelled("a backtracking verb or alpha assertion");
    if (this.peek() !== "?") {
      this.captures++;
      return { length: this.closeGroup(false), repeatable: true };
    }
    this.pos++;
    const c = this.peek();
    if (c === undefined) throw new Invalid("unrecognized character after (?");
    if (c === "#") {
      const end = this.text.indexOf(")", this.pos);
      if (end < 0) throw new Invalid("missing ) after (?# comment");
      this.pos = end + 1;
      // a comment is no item: a quantifier after it has nothing to repeat
      return { length: 0, repeatable: false };
    }
    if (c === ":" || c === ">" || c === "|") {
      this.pos++;
      if (c === "|") throw new Unmodelled("a branch-reset group");
      return { length: this.closeGroup(false), repeatable: true };
    }
    if (c === "=" || c === "!") {
      this.pos++;
      this.closeGroup(false);
      return { length: 0, repeatable: true };
    }
    if (c === "<" && (this.peek(1) === "=" || this.peek(1) === "!")) {
      this.pos += 2;
      this.lookbehinds++;
      this.closeGroup(true);
      this.lookbehinds--;
      return { length: 0, repeatable: true };
    }
    if (c === "<" || c === "'" || (c === "P" && this.peek(1) === "<")) {
      if (c === "P") this.pos++;
      const close = this.peek() === "<" ? ">" : "'";
      this.pos++;
      const name = this.groupName(close);
      if (this.names.has(name)) throw new Invalid("two named subpatterns have the same name");
      this.names.add(name);
      this.captures++;
      return { length: this.closeGroup(false), repeatable: true };
    }
    if (c === "P" && this.peek(1) === "=") {
      this.pos += 2;
      this.nameRefs.push(this.groupName(")"));
      return this.reference();
    }
    if (/[-+]/.test(c) && /\d/.test(this.peek(1) ?? "")) throw new Unmodelled("a relative subroutine call");
    if (/[imnsxJU^)-]/.test(c)) return this.options();
    if (/[R0-9&(C]/.test(c)) throw new Unmodelled("recursion, a conditional or a callout");
    throw new Invalid("unrecognized character after (? or (?-");
  }

  /** `(?i)`, `(?im-sx)`, `(?^)`, `(?i:…)` */
  private options(): { length: Length; repeatable: boolean } {
    const match = /^\^?[imnsxJU]*(-[imnsxJU]*)?/.exec(this.text.slice(this.pos)) as RegExpExecArray;
    this.pos += match[0].length;
    // (?n) makes later groups non-capturing and (?J) allows duplicate names: both change what references may name
    if (/[nJ]/.test(match[0])) throw new Unmodelled("the no-auto-capture or duplicate-names option");
    const next = this.peek();
    if (next === ")") {
      this.pos++;
      if (setsExtended(match[0])) throw new Unmodelled("extended mode");
      return { length: 0, repeatable: false };
    }
    if (next === ":") {
      this.pos++;
      if (setsExtended(match[0])) throw new Unmodelled("extended mode");
      return { length: this.closeGroup(false), repeatable: true };
    }
    throw new Invalid("unrecognized character after (? or (?-");
  }

  private groupName(close: string): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!match) throw new Invalid("subpattern name expected");
    if (match[0].length > 32) throw new Invalid("subpattern name is too long");
    this.pos += match[0].length;
    if (this.peek() !== close) throw new Invalid("syntax error in subpattern name");
    this.pos++;
    return match[0];
  }

  private closeGroup(lookbehind: boolean): Length {
    const length = this.alternation(lookbehind);
    if (this.peek() !== ")") throw new Invalid("missing closing parenthesis");
    this.pos++;
    return length;
  }

  private characterClass(): void {
    if (this.peek() === "^") this.pos++;
    let first = true;
    let previous: number | undefined;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Invalid("missing terminating ] for character class");
      if (c === "]" && !first) {
        this.pos++;
        return;
      }
      first = false;
      if (c === "[" && /^\[[:.=]/.test(this.text.slice(this.pos))) {
        const posix = /^\[(:|\.|=)(\^?)([a-z]*)\1\]/.exec(this.text.slice(this.pos));
        if (posix) {
          if (posix[1] !== ":") throw new Invalid("POSIX collating elements are not supported");
          if (!POSIX_CLASSES.has(posix[3] ?? "")) throw new Invalid("unknown POSIX class name");
          this.pos += posix[0].length;
          previous = undefined;
          if (this.peek() === "-" && this.peek(1) !== "]") throw new Unmodelled("a range after a POSIX class");
          continue;
        }
      }
      const code = this.classCharacter();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.pos++;
        if (this.peek() === "[" && /^\[[:.=]/.test(this.text.slice(this.pos))) throw new Unmodelled("a range ending in a POSIX class");
        const end = this.classCharacter();
        if (code === undefined || end === undefined) throw new Unmodelled("a range with a class escape");
        if (end < code) throw new Invalid("range out of order in character class");
        previous = undefined;
        continue;
      }
      previous = code;
    }
    void previous;
  }

  /** one character of a class: its code, or undefined for a class escape (\d, \w, …) */
  private classCharacter(): number | undefined {
    const c = this.peek() as string;
    this.pos++;
    if (c !== "\\") return c.charCodeAt(0);
    const e = this.peek();
    if (e === undefined) throw new Invalid("\\ at end of pattern");
    this.pos++;
    if (e === "N") throw new Invalid("\\N is not supported in a class");
    if (/[dDwWsShHvVpP]/.test(e)) {
      if (e === "p" || e === "P") this.property();
      return undefined;
    }
    if (e === "b") return 8;
    if (e === "x") return this.hex();
    if (/[0-7]/.test(e)) {
      const digits = /^[0-7]{0,2}/.exec(this.text.slice(this.pos))?.[0] ?? "";
      this.pos += digits.length;
      return Number.parseInt(e + digits, 8) & 0xff;
    }
    if (/[Qc]/.test(e) || e === "E" || e === "o" || e === "g" || e === "k") throw new Unmodelled("an escape inside a class");
    if (/[a-zA-Z]/.test(e)) {
      const simple: Record<string, number> = { a: 7, e: 27, f: 12, n: 10, r: 13, t: 9 };
      if (simple[e] !== undefined) return simple[e];
      if (/[89]/.test(e)) return e.charCodeAt(0);
      throw new Invalid("unrecognized character follows \\");
    }
    return e.charCodeAt(0);
  }

  private escape(): { length: Length; repeatable: boolean } {
    const e = this.peek();
    if (e === undefined) throw new Invalid("\\ at end of pattern");
    this.pos++;
    if (/[1-9]/.test(e)) {
      const digits = e + (/^\d*/.exec(this.text.slice(this.pos))?.[0] ?? "");
      const number = Number(digits);
      // PCRE2: under 10, starting with 8 or 9, or not more than the captures so far: a backreference; else octal
      if (number < 10 || e === "8" || e === "9" || number <= this.captures) {
        this.pos += digits.length - 1;
        this.numberRefs.push(number);
        return this.reference();
      }
      const octal = /^[0-7]{1,3}/.exec(digits);
      if (!octal) throw new Unmodelled("an escaped number");
      this.pos += octal[0].length - 1;
      return { length: 1, repeatable: true };
    }
    if (e === "0") {
      const digits = /^[0-7]{0,2}/.exec(this.text.slice(this.pos))?.[0] ?? "";
      this.pos += digits.length;
      return { length: 1, repeatable: true };
    }
    if (!/[a-zA-Z]/.test(e)) return { length: 1, repeatable: true };
    if (!KNOWN_ESCAPES.has(e)) throw new Invalid(/[LlUu]/.test(e) ? "PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u" : "unrecognized character follows \\");
    if (ASSERTION_ESCAPES.has(e)) return { length: 0, repeatable: false };
    if (e === "N" && this.peek() === "{") throw new Unmodelled("\\N{…}");
    if (SINGLE_CHAR_ESCAPES.has(e)) return { length: 1, repeatable: true };
    switch (e) {
      case "x":
        this.hex();
        return { length: 1, repeatable: true };
      case "p":
      case "P":
        this.property();
        return { length: 1, repeatable: true };
      case "c": {
        const next = this.peek();
        if (next === undefined) throw new Invalid("\\c at end of pattern");
        const code = next.charCodeAt(0);
        if (code < 32 || code > 126) throw new Invalid("\\c must be followed by a printable ASCII character");
        this.pos++;
        return { length: 1, repeatable: true };
      }
      case "k":
        return this.namedReference();
      case "g":
        return this.gReference();
      case "Q": {
        const end = this.text.indexOf("\\E", this.pos);
        const quoted = end < 0 ? this.text.length - this.pos : end - this.pos;
        this.pos = end < 0 ? this.text.length : end + 2;
        // `\Qab\E*` repeats the last quoted character; an empty quote is nothing
        if (quoted === 0) throw new Unmodelled("an empty \\Q…\\E");
        // a quantifier repeats the last quoted character only
        if (quoted > 1 && isQuantifierStart(this.text, this.pos)) {
          if (this.lookbehinds > 0) throw new Unmodelled("a quantified quote inside a lookbehind");
          return { length: undefined, repeatable: true };
        }
        return { length: quoted, repeatable: true };
      }
      default:
        throw new Unmodelled(`\\${e}`);
    }
  }

  /** `\xhh` or `\x{h…}`: the character's code (non-UTF: at most 0xff) */
  private hex(): number {
    if (this.peek() === "{") {
      const match = /^\{([0-9a-fA-F]+)\}/.exec(this.text.slice(this.pos));
      if (!match) throw new Unmodelled("a malformed \\x{…}");
      this.pos += match[0].length;
      const code = Number.parseInt(match[1] as string, 16);
      if (code > 0xff) throw new Invalid("character code point value in \\x{} or \\o{} is too large");
      return code;
    }
    const digits = /^[0-9a-fA-F]{0,2}/.exec(this.text.slice(this.pos))?.[0] ?? "";
    this.pos += digits.length;
    return digits === "" ? 0 : Number.parseInt(digits, 16);
  }

  private property(): void {
    const match = /^(\{\^?[A-Za-z_& ]+\}|[A-Za-z])/.exec(this.text.slice(this.pos));
    if (!match) throw new Unmodelled("a malformed \\p");
    this.pos += match[0].length;
    const name = match[0].replace(/[{}^]/g, "");
    if (!["L", "Lu", "Ll", "Lt", "Lm", "Lo", "L&", "N", "Nd", "Nl", "No", "P", "S", "Z", "M", "C", "Any", "Xan", "Xsp", "Xps", "Xwd", "Xuc"].includes(name)) throw new Unmodelled("a Unicode property kplug does not list");
  }

  private reference(): { length: Length; repeatable: boolean } {
    if (this.lookbehinds > 0) throw new Unmodelled("a backreference inside a lookbehind");
    return { length: undefined, repeatable: true };
  }

  private namedReference(): { length: Length; repeatable: boolean } {
    const open = this.peek();
    const close = open === "<" ? ">" : open === "'" ? "'" : open === "{" ? "}" : undefined;
    if (!close) throw new Invalid("\\k is not followed by a braced, angle-bracketed, or quoted name");
    this.pos++;
    this.nameRefs.push(this.groupName(close));
    return this.reference();
  }

  private gReference(): { length: Length; repeatable: boolean } {
    const match = /^(\{(-?\d+)\}|(-?\d+))/.exec(this.text.slice(this.pos));
    if (!match) throw new Unmodelled("\\g with a name or a subroutine call");
    this.pos += match[0].length;
    const number = Number(match[2] ?? match[3]);
    if (number === 0) throw new Invalid("a numbered reference must not be zero");
    if (number < 0) {
      if (-number > this.captures) throw new Invalid("reference to non-existent subpattern");
    } else this.numberRefs.push(number);
    return this.reference();
  }
}

/** `*`, `+`, `?` or a well-formed `{n}`, `{n,}`, `{n,m}` (any other `{` is a literal) */
function isQuantifierStart(text: string, pos: number): boolean {
  const c = text[pos];
  if (c === "*" || c === "+" || c === "?") return true;
  return c === "{" && /^\{\d+(,\d*)?\}/.test(text.slice(pos));
}

/** the option letters before a `-` turn on extended mode (whitespace and # comments ignored), which kplug does not model */
function setsExtended(options: string): boolean {
  return (options.split("-")[0] ?? "").includes("x");
}
