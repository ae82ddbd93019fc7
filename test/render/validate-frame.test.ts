import { describe, expect, it } from "vitest";
import { codeFrame } from "../../src/render/validate-frame.js";

const plain = { gutter: (t: string) => t, marker: (t: string) => t };
const at = (line: number, column: number, endLine = line, endColumn = column + 1) => ({ line, column, endLine, endColumn });

describe("codeFrame", () => {
  it("shows the line before, the line, and a caret under the span", () => {
    expect(codeFrame("a = 1\nb = 22", at(2, 5, 2, 7), plain)).toEqual(["  1 | a = 1", "> 2 | b = 22", "    |     ^^"]);
  });

  it("has no line before on line 1, and widens the gutter for long line numbers", () => {
    expect(codeFrame("x", at(1, 1), plain)).toEqual(["> 1 | x", "    | ^"]);
    const text = Array.from({ length: 100 }, (_, i) => `l${i + 1}`).join("\n");
    expect(codeFrame(text, at(100, 1, 100, 5), plain)).toEqual(["   99 | l99", "> 100 | l100", "      | ^^^^"]);
  });

  it("draws one caret for an empty span and at the end of the line", () => {
    expect(codeFrame("abc", at(1, 2, 1, 2), plain)).toEqual(["> 1 | abc", "    |  ^"]);
    expect(codeFrame("abc", at(1, 4, 1, 4), plain)).toEqual(["> 1 | abc", "    |    ^"]);
  });

  it("underlines to the end of the line when the span goes on", () => {
    expect(codeFrame("local t = {\n}", at(1, 11, 2, 2), plain)).toEqual(["> 1 | local t = {", "    |           ^"]);
    expect(codeFrame("ab cd\n}", at(1, 4, 2, 2), plain)).toEqual(["> 1 | ab cd", "    |    ^^"]);
  });

  it("expands tabs to tab stops so the caret lines up", () => {
    expect(codeFrame("\tx\tyy", at(1, 4, 1, 6), plain)).toEqual(["> 1 |     x   yy", "    |         ^^"]);
  });

  it("counts wide characters as two cells and astral characters as one column pair", () => {
    // columns are UTF-16 code units: 😀 takes two, and two cells on screen
    expect(codeFrame("😀界x", at(1, 3, 1, 4), plain)).toEqual(["> 1 | 😀界x", "    |   ^^"]);
    expect(codeFrame("😀界x", at(1, 4, 1, 5), plain)).toEqual(["> 1 | 😀界x", "    |     ^"]);
  });

  it("cuts long lines to a window around the span", () => {
    const line = `${"a".repeat(200)}TARGET${"b".repeat(200)}`;
    const [code, caret] = codeFrame(line, at(1, 201, 1, 207), plain, { maxWidth: 60 });
    // a third of the window before the span, ellipses where text was cut
    expect(code).toBe(`> 1 | …${"a".repeat(20)}TARGET${"b".repeat(34)}…`);
    expect(caret).toBe(`    | ${" ".repeat(21)}^^^^^^`);
  });

  it("keeps the span visible near the end of a long line", () => {
    const line = `${"a".repeat(150)}END`;
    const [code, caret] = codeFrame(line, at(1, 151, 1, 154), plain, { maxWidth: 50 });
    expect(code).toBe(`> 1 | …${"a".repeat(47)}END`);
    expect(caret).toBe(`    | ${" ".repeat(48)}^^^`);
  });

  it("drops control and bidi characters that could rewrite the terminal", () => {
    const [code, caret] = codeFrame('a\u001b[2J = "\u202egnp.exe"', at(1, 15, 1, 18), plain);
    expect(code).toBe('> 1 | a[2J = "gnp.exe"');
    // the dropped characters take no cells, so the caret still sits under "exe"
    expect(caret).toBe(`    | ${" ".repeat(12)}^^^`);
  });

  it("returns nothing for a line the source does not have", () => {
    expect(codeFrame("one line", at(5, 1), plain)).toEqual([]);
  });

  it("handles CRLF sources", () => {
    expect(codeFrame("a\r\nbb\r\n", at(2, 1, 2, 3), plain)).toEqual(["  1 | a", "> 2 | bb", "    | ^^"]);
  });
});
