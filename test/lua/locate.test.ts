import luaparse from "luaparse";
import type { Node } from "luaparse";
import { describe, expect, it } from "vitest";
import { parseLua } from "../../src/lua/parse.js";
import { walkLua } from "../../src/lua/walk.js";

/*
 * parseLua asks luaparse for ranges only and computes line:column from them when a finding needs
 * one. These tests check every node's computed position against luaparse's own `locations`, on
 * text where the two could part ways: line breaks of every kind, tokens spanning lines, non-ASCII.
 */
const SOURCES: Record<string, string> = {
  "LF": 'local t = { a = 1,\n  b = "x" }\nreturn t\n',
  "CRLF": 'local t = {\r\n  a = 1,\r\n  b = { c = true } }\r\nreturn t.b.c\r\n',
  "lone CR and LF CR": 'local a = 1\rlocal b = 2\n\rreturn a + b\r',
  "long strings and comments across lines": 'local s = [==[\nfirst\r\nsecond]] still\n]==] --[[ a\ncomment ]] local n = #s\nreturn { s = s, n = n, f = function(x)\n  return [[\nx]] .. x end }\n',
  "escaped newlines and \\z": 'local s = "a\\\nb\\\r\nc" local z = "d\\z\n   e"\nreturn s .. z\n',
  "non-ASCII": '-- “quotes” and é\nlocal name = "héllo 🌍" local t = { ["ключ"] = name, x = 1 }\nreturn t\n',
  "method and nesting": 'local M = {}\nfunction M:go(a, ...)\n  if a then return self.x[a]("y") elseif not a then return -a else return {...} end\nend\nreturn M\n',
  "no trailing newline": "return 1",
  "empty": "",
};

/** the same positions as parseLua reports them, from luaparse's own locations (columns in characters) */
function luaparsePositions(text: string): string[] {
  const byteText = Buffer.from(text, "utf8").toString("latin1");
  const lines = byteText.split(/\r\n|\n\r|\r|\n/);
  const chars = (line: number, byteColumn: number): number => Buffer.from((lines[line - 1] ?? "").slice(0, byteColumn), "latin1").toString("utf8").length;
  const chunk = luaparse.parse(byteText, { luaVersion: "LuaJIT", locations: true, ranges: true, comments: false, scope: true, encodingMode: "pseudo-latin1", extendedIdentifiers: true } as unknown as Partial<luaparse.Options>);
  const positions: string[] = [];
  walkLua(chunk as Node, (node) => {
    const loc = node.loc;
    if (!loc) positions.push(`${node.type} 1:1-1:1`);
    else positions.push(`${node.type} ${loc.start.line}:${chars(loc.start.line, loc.start.column) + 1}-${loc.end.line}:${chars(loc.end.line, loc.end.column) + 1}`);
  });
  return positions;
}

describe("parseLua locates nodes as luaparse's own locations do", () => {
  for (const [name, text] of Object.entries(SOURCES)) {
    it(name, () => {
      const source = parseLua(text);
      expect(source.syntaxError).toBeUndefined();
      const positions: string[] = [];
      walkLua(source.chunk as Node, (node) => {
        const at = source.locate(node);
        positions.push(`${node.type} ${at.line}:${at.column}-${at.endLine}:${at.endColumn}`);
      });
      expect(positions.length).toBeGreaterThan(0);
      expect(positions).toEqual(luaparsePositions(text));
    });
  }

  it("places a node after a multi-line string on the line where the string ends", () => {
    const source = parseLua('local s = [[\none\ntwo]] local after = 1\nreturn after\n');
    const names: Node[] = [];
    walkLua(source.chunk as Node, (node) => {
      if (node.type === "Identifier" && node.name === "after") names.push(node);
    });
    expect(names.map((node) => source.locate(node))).toEqual([
      { line: 3, column: 13, endLine: 3, endColumn: 18 },
      { line: 4, column: 8, endLine: 4, endColumn: 13 },
    ]);
  });
});

describe("parseLua on hexadecimal fractions without integer digits (LuaJIT reads 0x.8; luaparse alone does not)", () => {
  it("parses them to their value and keeps every later position where it is written", () => {
    const text = "local a, b = 0x.8, 0x.8p2 local after = 1\nreturn { x = 0x.C, after }\n";
    const source = parseLua(text);
    expect(source.syntaxError).toBeUndefined();
    const numbers: number[] = [];
    const at: Record<string, string> = {};
    walkLua(source.chunk as Node, (node) => {
      if (node.type === "NumericLiteral") numbers.push(node.value);
      if (node.type === "Identifier" && node.name === "after") {
        const where = source.locate(node);
        at[`after@${where.line}`] = `${where.column}-${where.endColumn}`;
      }
    });
    expect(numbers).toEqual([0.5, 2, 1, 0.75]);
    expect(at).toEqual({ "after@1": "33-38", "after@2": "20-25" });
  });

  it("reports a later syntax error at its written column", () => {
    expect(parseLua("return { a = 0x.8, b = 0x.1 + , }\n").syntaxError?.location).toMatchObject({ line: 1, column: 31 });
  });
});
