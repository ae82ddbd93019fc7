/**
 * Where JSON.parse gave up, and why, without quoting the text: Node 20's messages either carry no
 * position ("Unexpected token 'k', "kpat_…" is not valid JSON") or echo the input, which may hold a
 * secret. A minimal scanner that follows the JSON grammar finds the first offending character instead.
 */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  reason: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function scan(text: string): void {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (reason: string): never => {
    throw new Stop(i, i >= text.length ? "unexpected end of file" : reason);
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail("unexpected character");
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail("control character in a string (use \\n, \\t…)");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("bad \\u escape");
          i += 5;
          continue;
        }
        if (i >= text.length || !'"\\/bfnrt'.includes(text[i]!)) fail("bad escape in a string");
      }
      i++;
    }
    if (i >= text.length) fail("unterminated string");
    i++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === "-") fail("bad number");
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") return object();
    if (ch === "[") return array();
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    fail("expected a value");
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(text[i] === "}" ? "trailing comma" : "expected a double-quoted key");
      string();
      ws();
      if (text[i] !== ":") fail('expected ":" after the key');
      i++;
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail('expected "," or "}"');
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === "]") fail("trailing comma");
      value();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail('expected "," or "]"');
    }
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  value();
  ws();
  if (i < text.length) fail("unexpected text after the end");
}

/** The first syntax problem of text that JSON.parse rejected (1-based line and column). */
export function locateJsonError(text: string): JsonSyntaxProblem {
  try {
    scan(text);
  } catch (error) {
    if (error instanceof Stop) {
      const before = text.slice(0, error.at).split(/\r?\n|\r/);
      return { line: before.length, column: (before[before.length - 1] ?? "").length + 1, reason: error.reason };
    }
    throw error;
  }
  return { line: 1, column: 1, reason: "invalid JSON" };
}
