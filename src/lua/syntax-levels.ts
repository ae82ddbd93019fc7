/**
 * A linear pre-scan of Lua source, run before luaparse (which recurses once per nesting level and
 * would overflow the stack on deeply nested input).
 *
 * It mirrors LuaJIT's syntax-level count (LJ_MAX_XLEVEL = 200, "chunk has too many syntax levels"):
 * every block (`do`, `if`, `function`, `repeat`, the chunk itself), bracket (`(`, `[`, `{`),
 * right-associative operator chain (`..`, `^`) and unary operator adds a level. The count is a lower
 * bound of LuaJIT's (never more), so a file kplug rejects here is one LuaJIT rejects too, and every
 * file that passes nests shallowly enough for luaparse.
 */

/** LuaJIT's LJ_MAX_XLEVEL. */
export const MAX_SYNTAX_LEVELS = 200;

/**
 * Tokens kplug parses in one file. luaparse's tree takes ~0.6 KB per token, so this bounds memory
 * (~60 MB per file); a file past it is at least ~200 KB, twice what Konnect accepts in one upload.
 */
export const MAX_TOKENS = 100_000;

/** A position in the source: 1-based line (counted as luaparse and LuaJIT do) and column (UTF-16 units). */
export interface ScanPosition {
  line: number;
  column: number;
  /** offset in the text */
  index: number;
}

export interface PreScan {
  /** the token where the syntax level reaches MAX_SYNTAX_LEVELS (scanning stops there) */
  tooDeep: ScanPosition | undefined;
  /** the first character outside strings and comments that starts no Lua token (scanning stops there); `firstToken` when nothing came before it */
  stray: (ScanPosition & { character: string; firstToken: boolean }) | undefined;
  /** the token past MAX_TOKENS (scanning stops there) */
  tooManyTokens?: ScanPosition;
}

interface Frame {
  /** 1, or 0 for a function's parameter list (not a level in LuaJIT) */
  weight: number;
  /** `..` operators in the current expression chain */
  concat: number;
  /** `^` operators in the current expression chain */
  pow: number;
}

const BLOCK_OPENERS = new Set(["function", "if", "do", "repeat"]);
const OPERAND_KEYWORDS = new Set(["nil", "true", "false"]);
const KEYWORDS = new Set([
  "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
  "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
]);

export function prescanLua(text: string): PreScan {
  const length = text.length;
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const frames: Frame[] = [{ weight: 1, concat: 0, pow: 0 }];
  let depth = 1; // sum of the frames' weights
  let chains = 0; // sum of concat + pow over all frames
  let unary = 0;
  // the previous token ends an operand (a name, literal, `)`, `]`, `}`, `end`): a following `-` is binary
  let afterOperand = false;
  let sawToken = false;
  // the next `(` opens a parameter list
  let afterFunction = false;
  let tokens = 0;

  const top = (): Frame => frames[frames.length - 1] as Frame;
  const level = (): number => depth + chains + unary;
  const resetChains = (concat: boolean): void => {
    const frame = top();
    chains -= frame.pow;
    frame.pow = 0;
    if (concat) {
      chains -= frame.concat;
      frame.concat = 0;
    }
  };
  const push = (weight = 1): void => {
    frames.push({ weight, concat: 0, pow: 0 });
    depth += weight;
    unary = 0;
  };
  const pop = (): void => {
    if (frames.length === 1) return; // an unmatched closer: luaparse reports it
    const frame = frames.pop() as Frame;
    depth -= frame.weight;
    chains -= frame.concat + frame.pow;
    unary = 0;
  };
  const newline = (): void => {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    index += (code === 10 && next === 13) || (code === 13 && next === 10) ? 2 : 1;
    line += 1;
    lineStart = index;
  };
  const position = (at: number): ScanPosition => ({ line, column: at - lineStart + 1, index: at });
  /** `[`, `=`*, `[` at `at`: the number of `=`, or -1 when it is not a long bracket */
  const longBracketLevel = (at: number): number => {
    if (text.charCodeAt(at) !== 91) return -1;
    let i = at + 1;
    while (text.charCodeAt(i) === 61) i++;
    return text.charCodeAt(i) === 91 ? i - at - 1 : -1;
  };
  const skipLongBracket = (equals: number): void => {
    index += equals + 2;
    const close = `]${"=".repeat(equals)}]`;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === 10 || code === 13) {
        newline();
      } else if (code === 93 && text.startsWith(close, index)) {
        index += close.length;
        return;
      } else {
        index++;
      }
    }
  };
  const skipQuoted = (quote: number): void => {
    index++;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === quote) {
        index++;
        return;
      }
      if (code === 10 || code === 13) return; // unfinished string: luaparse reports it
      if (code === 92) {
        index++;
        const escaped = text.charCodeAt(index);
        if (escaped === 10 || escaped === 13) newline();
        else index++;
        continue;
      }
      index++;
    }
  };
  const skipNumber = (): void => {
    const hex = text.charCodeAt(index) === 48 && (text.charCodeAt(index + 1) | 32) === 120;
    const exponent = hex ? 112 : 101; // p or e, either case
    let previous = 0;
    while (index < length) {
      const code = text.charCodeAt(index);
      const sign = (code === 43 || code === 45) && (previous | 32) === exponent;
      if (!isIdentifierPart(code) && code !== 46 && !sign) return;
      previous = code;
      index++;
    }
  };
  const operand = (): void => {
    unary = 0;
    afterOperand = true;
  };
  const operator = (): void => {
    unary = 0;
    afterOperand = false;
  };

  while (index < length) {
    const code = text.charCodeAt(index);
    const start = index;
    if (code === 10 || code === 13) {
      newline();
      continue;
    }
    if (code === 32 || code === 9 || code === 11 || code === 12) {
      index++;
      continue;
    }
    if (code === 45 && text.charCodeAt(index + 1) === 45) {
      index += 2;
      const equals = longBracketLevel(index);
      if (equals >= 0) {
        skipLongBracket(equals);
      } else {
        while (index < length && text.charCodeAt(index) !== 10 && text.charCodeAt(index) !== 13) index++;
      }
      continue;
    }
    if (++tokens > MAX_TOKENS) return { tooDeep: undefined, stray: undefined, tooManyTokens: position(start) };
    const parameters: boolean = afterFunction;
    afterFunction = false;
    const firstToken = !sawToken;
    sawToken = true;
    if (isIdentifierStart(code)) {
      while (index < length && isIdentifierPart(text.charCodeAt(index))) index++;
      const word = text.slice(start, index);
      if (!KEYWORDS.has(word) || OPERAND_KEYWORDS.has(word)) {
        if (afterOperand) resetChains(true); // a name after an operand starts a new statement
        operand();
        afterFunction = parameters; // `function a.b:c(`
        continue;
      }
      if (word === "not") {
        unary++;
        afterOperand = false;
      } else if (word === "end") {
        pop();
        operand();
      } else if (word === "until") {
        pop();
        operator();
      } else {
        // `and`/`or` end `..` and `^` chains; statement keywords end the statement
        resetChains(true);
        operator();
        if (BLOCK_OPENERS.has(word)) push();
        afterFunction = word === "function";
      }
      if (level() >= MAX_SYNTAX_LEVELS) return { tooDeep: position(start), stray: undefined };
      continue;
    }
    if ((code >= 48 && code <= 57) || (code === 46 && isDigit(text.charCodeAt(index + 1)))) {
      skipNumber();
      operand();
      continue;
    }
    if (code === 34 || code === 39) {
      skipQuoted(code);
      operand();
      continue;
    }
    if (code === 91 && longBracketLevel(index) >= 0) {
      skipLongBracket(longBracketLevel(index));
      operand();
      continue;
    }
    const symbol = punctuator(text, index);
    if (!symbol) {
      const character = String.fromCodePoint(text.codePointAt(index) ?? code);
      return { tooDeep: undefined, stray: { ...position(start), character, firstToken } };
    }
    index += symbol.length;
    switch (symbol) {
      case "(":
        push(parameters ? 0 : 1);
        afterOperand = false;
        break;
      case "[":
      case "{":
        push();
        afterOperand = false;
        break;
      case ")":
      case "]":
      case "}":
        pop();
        operand();
        break;
      case "...":
        operand();
        break;
      case "..":
        resetChains(false);
        top().concat++;
        chains++;
        operator();
        break;
      case "^":
        top().pow++;
        chains++;
        operator();
        break;
      case "#":
        unary++;
        afterOperand = false;
        break;
      case "-":
        if (afterOperand) {
          resetChains(false);
          operator();
        } else {
          unary++;
        }
        break;
      case "+":
      case "*":
      case "/":
      case "%":
        resetChains(false);
        operator();
        break;
      case ".":
      case ":":
        afterOperand = false;
        afterFunction = parameters;
        break;
      default:
        // comparisons, `=`, `,`, `;`, `::`
        resetChains(true);
        operator();
    }
    if (level() >= MAX_SYNTAX_LEVELS) return { tooDeep: position(start), stray: undefined };
  }
  return { tooDeep: undefined, stray: undefined };
}

/** The Lua punctuator at `index` (the longest that matches), or undefined. Hot: one call per symbol. */
function punctuator(text: string, index: number): string | undefined {
  const next = text.charCodeAt(index + 1);
  switch (text.charCodeAt(index)) {
    case 46: // .
      if (next !== 46) return ".";
      return text.charCodeAt(index + 2) === 46 ? "..." : "..";
    case 61: // =
      return next === 61 ? "==" : "=";
    case 126: // ~ (only in ~=)
      return next === 61 ? "~=" : undefined;
    case 60: // <
      return next === 61 ? "<=" : "<";
    case 62: // >
      return next === 61 ? ">=" : ">";
    case 58: // :
      return next === 58 ? "::" : ":";
    case 40:
      return "(";
    case 41:
      return ")";
    case 91:
      return "[";
    case 93:
      return "]";
    case 123:
      return "{";
    case 125:
      return "}";
    case 43:
      return "+";
    case 45:
      return "-";
    case 42:
      return "*";
    case 47:
      return "/";
    case 37:
      return "%";
    case 94:
      return "^";
    case 35:
      return "#";
    case 59:
      return ";";
    case 44:
      return ",";
    default:
      return undefined;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Letters, `_`, and (as in LuaJIT) any character above ASCII. */
function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 128;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code);
}
