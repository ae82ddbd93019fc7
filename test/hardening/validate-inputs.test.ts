import { describe, expect, it } from "vitest";
import type { LocalStatement, TableConstructorExpression } from "luaparse";
import { parseLua } from "../../src/lua/parse.js";
import { renderJson } from "../../src/render/validate-json.js";
import { validatePlugins } from "../../src/validate/run.js";
import type { Finding } from "../../src/rules/types.js";
import { pluginFromSchema } from "../helpers/plugin.js";
import { reproducers, type ReproducerName } from "./reproducers.js";

/** Every rule over one reproducer: the report, its findings, and its JSON rendering. */
function validate(name: ReproducerName): { findings: Finding[]; internalErrors: number; json: string } {
  const report = validatePlugins([pluginFromSchema(reproducers[name], { name: "repro" })]);
  return { findings: report.plugins.flatMap((p) => p.findings), internalErrors: report.internalErrorCount, json: renderJson(report) };
}

const ofRule = (findings: Finding[], ruleId: string): Finding[] => findings.filter((f) => f.ruleId === ruleId);

describe("validate on inputs that used to crash or exhaust it (issue 9)", () => {
  for (const name of Object.keys(reproducers) as ReproducerName[]) {
    it(`${name}: ends in findings, never an internal error`, () => {
      const { internalErrors, json } = validate(name);
      expect(internalErrors).toBe(0);
      // no echo of a huge evaluated value in the report
      expect(json.length).toBeLessThan(100_000);
    });
  }

  it("nesting past LuaJIT's 200 syntax levels is lua/syntax 'chunk has too many syntax levels' at the token that reaches it", () => {
    // `return ` is 7 characters: the 199th `{` (level 200 with the chunk) is at column 8 + 198
    expect(ofRule(validate("nestedTables").findings, "lua/syntax")).toMatchObject([{ message: "syntax error: chunk has too many syntax levels", location: { line: 1, column: 206 } }]);
    for (const name of ["nestedParens", "concatChain", "nestedRecords"] as const) {
      expect(ofRule(validate(name).findings, "lua/syntax")).toMatchObject([{ message: "syntax error: chunk has too many syntax levels", location: { line: 1 } }]);
    }
  });

  it("a 5,000-term + chain is valid LuaJIT (left-associative): evaluated, no syntax finding", () => {
    const { findings } = validate("additionChain");
    expect(ofRule(findings, "lua/syntax")).toEqual([]);
    expect(ofRule(findings, "lua/evaluation-limits")).toEqual([]);
  });

  it("a stray first character is `unexpected symbol near '@'` at 1:1, as LuaJIT says", () => {
    expect(ofRule(validate("strayFirstToken").findings, "lua/syntax")).toMatchObject([{ message: "syntax error: unexpected symbol near '@'", location: { line: 1, column: 1 } }]);
  });

  it("a leading U+00A0 or a second BOM starts a name, as in LuaJIT: the chunk then returns nothing", () => {
    for (const name of ["leadingNoBreakSpace", "doubleBom"] as const) {
      const { findings } = validate(name);
      expect(ofRule(findings, "lua/syntax")).toEqual([]);
      expect(ofRule(findings, "schema/return-value")).toHaveLength(1);
    }
  });

  it("a table inside itself, strings past the budget, exponential sharing and deep nesting through locals are lua/evaluation-limits findings", () => {
    const limit = (name: ReproducerName): string[] => ofRule(validate(name).findings, "lua/evaluation-limits").map((f) => f.message);
    expect(limit("selfReference")).toEqual([expect.stringContaining("contains itself")]);
    expect(limit("concatBomb")).toEqual([expect.stringContaining("strings built by concatenation exceed")]);
    expect(limit("doubling")).toEqual([expect.stringContaining("strings built by concatenation exceed")]);
    expect(limit("sharedTables")).toEqual([expect.stringContaining("more than 200000 values")]);
    expect(limit("deepThroughLocals")).toEqual([expect.stringContaining("nest more than 200 levels")]);
  });

  it("a table shared by two fields stays one table when within budget (no finding)", () => {
    const report = validatePlugins([pluginFromSchema(`local h = { type = "string" }\nreturn { name = "shared", fields = { { config = { type = "record", fields = { { a = h }, { b = h } } } } } }\n`, { name: "shared" })]);
    expect(report.plugins[0]?.findings.filter((f) => f.ruleId === "lua/evaluation-limits")).toEqual([]);
  });

  it("handler.lua member chains 20,000 long (as any name, and under `conf`) are checked in linear time, no internal error", () => {
    const handler = `local H = {}\nlocal x = {}\nfunction H:access(conf)\n  local a = x${".y".repeat(20000)}\n  local b = conf${".z".repeat(3000)}\nend\nreturn H\n`;
    const report = validatePlugins([pluginFromSchema(`return { name = "chains", fields = { { config = { type = "record", fields = {} } } } }\n`, { name: "chains", target: "streamed", handler })]);
    expect(report.internalErrorCount).toBe(0);
  });

  it("columns on a long line with a non-ASCII character are UTF-16 columns (mapped in linear time)", () => {
    const text = reproducers.longNonAsciiLine;
    const source = parseLua(text);
    const local = source.chunk?.body[0] as LocalStatement;
    const table = local.init[0] as TableConstructorExpression;
    const last = table.fields[table.fields.length - 1];
    expect(last).toBeDefined();
    const line = text.split("\n")[1] ?? "";
    expect(source.locate(last?.value as never)).toMatchObject({ line: 2, column: line.indexOf('"é39999"') + 1 });
  });
});
