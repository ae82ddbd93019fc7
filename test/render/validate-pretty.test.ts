import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { renderPretty } from "../../src/render/validate-pretty.js";
import { finding, headerEcho, ipGate, plugin, quotaLite, report, sources } from "./reports.js";

const full = report([headerEcho, ipGate, quotaLite]);

describe("renderPretty", () => {
  it("groups findings by file, sorted by position, with hints, code frames and a summary", () => {
    expect(renderPretty(full, { color: false, sources })).toBe(
      [
        "plugins/header-echo/schema.lua",
        "  1:18  warning  schema.lua requires a Kong module  konnect/no-require",
        "    > 1 | local typedefs = require \"kong.db.schema.typedefs\"",
        "        |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        '  3:17  error    schema name "wrong-name" does not match the plugin name "header-echo"  konnect/schema-name',
        '                 hint: set name = "header-echo"',
        "      2 |",
        '    > 3 | return { name = "wrong-name",',
        "        |                 ^^^^^^^^^^^^",
        "  5:15  warning  type after a tab  schema/attribute-value",
        "      4 |   fields = {",
        '    > 5 |     { config = { type = "record", fields = {} } },',
        "        |                  ^^^^",
        "",
        "plugins/header-echo",
        "  -  error    api.lua cannot be uploaded to Konnect  konnect/no-extra-files",
        "              hint: remove api.lua",
        "",
        "plugins/ip-gate/schema.lua",
        "  1:28  warning  emoji 🚀 in a default  schema/attribute-value",
        '    > 1 | local greeting = "héllo 世界 🚀"',
        // 24 narrow cells + 2 wide CJK characters (4 cells) + a space: the rocket (2 cells) starts at cell 29
        `        | ${" ".repeat(29)}^^`,
        "  2:11  error    bad value: 100%  schema/attribute-value",
        "                 see line 2, col 3",
        "                 hint: use a: b, c",
        '      1 | local greeting = "héllo 世界 🚀"',
        '    > 2 | local x = "%d: a, b"  -- todo',
        "        |           ^^^^^^^^^",
        "",
        "✖ 6 problems (3 errors, 3 warnings) in 2 plugins",
        "",
      ].join("\n"),
    );
  });

  it("colors only when asked, and the colored text is the same text", () => {
    const plain = renderPretty(full, { color: false, sources });
    const colored = renderPretty(full, { color: true, sources });
    expect(plain).not.toContain("\u001b");
    expect(colored).toContain("\u001b[31m"); // red errors
    expect(colored).toContain("\u001b[33m"); // yellow warnings
    expect(colored).toContain("\u001b[4mplugins/ip-gate/schema.lua"); // underlined file header
    expect(stripVTControlCharacters(colored)).toBe(plain);
  });

  it("says so when every plugin is valid", () => {
    const valid = report([plugin("a", []), plugin("b", []), plugin("c", [])]);
    expect(renderPretty(valid, { color: false, sources: new Map() })).toBe("✔ 3 plugins valid, no problems\n");
    expect(renderPretty(report([plugin("a", [])]), { color: false, sources: new Map() })).toBe("✔ 1 plugin valid, no problems\n");
  });

  it("uses singular words for one of a kind", () => {
    const one = report([plugin("a", [finding({ ruleId: "r/x", message: "m", file: "a/schema.lua" })])]);
    expect(renderPretty(one, { color: false, sources: new Map() })).toContain("✖ 1 problem (1 error, 0 warnings) in 1 plugin\n");
  });

  it("quiet lists errors only", () => {
    const out = renderPretty(full, { color: false, sources, quiet: true });
    expect(out).not.toContain("warning  ");
    expect(out).toContain("konnect/schema-name");
    expect(out).not.toContain("konnect/no-require");
    expect(out).toContain("✖ 6 problems (3 errors, 3 warnings) in 2 plugins");
  });

  it("quiet prints nothing when only warnings were found and the run passes", () => {
    const warnings = report([plugin("a", [finding({ ruleId: "r/w", severity: "warning", message: "m", file: "a/schema.lua" })])]);
    expect(renderPretty(warnings, { color: false, sources: new Map(), quiet: true })).toBe("");
  });

  it("reports an exceeded warning limit, even when quiet", () => {
    const w = finding({ ruleId: "r/w", severity: "warning", message: "careful", file: "a/schema.lua" });
    const over = report([plugin("a", [w, w])], { failed: true, maxWarningsExceeded: { limit: 1, found: 2 } });
    expect(renderPretty(over, { color: false, sources: new Map() })).toBe(
      ["a/schema.lua", "  -  warning  careful  r/w", "  -  warning  careful  r/w", "", "✖ 2 problems (0 errors, 2 warnings) in 1 plugin", "✖ too many warnings: 2 found, max-warnings is 1", ""].join("\n"),
    );
    expect(renderPretty(over, { color: false, sources: new Map(), quiet: true })).toBe(
      ["✖ 2 problems (0 errors, 2 warnings) in 1 plugin", "✖ too many warnings: 2 found, max-warnings is 1", ""].join("\n"),
    );
  });

  it("escapes control characters that came from files", () => {
    const evil = report([
      plugin("a", [
        finding({ ruleId: "r/x", message: "name \u001b[2Jcleared", hint: "bell\u0007", file: "a/sch\u001bema.lua", location: { line: 1, column: 1, endLine: 1, endColumn: 2 } }),
      ]),
    ]);
    const out = renderPretty(evil, { color: false, sources: new Map([["a/sch\u001bema.lua", "x\u001b[31m = 1"]]) });
    expect([...out].filter((ch) => ch < " " && ch !== "\n")).toEqual([]);
    expect(out).toContain("name \\x1b[2Jcleared");
    expect(out).toContain("> 1 | x[31m = 1");
  });

  it("shows the frame of a span flagged by several rules once", () => {
    const location = { line: 1, column: 1, endLine: 1, endColumn: 4 };
    const twice = report([plugin("a", [finding({ ruleId: "r/one", message: "first", file: "a/s.lua", location }), finding({ ruleId: "r/two", message: "second", file: "a/s.lua", location })])]);
    expect(renderPretty(twice, { color: false, sources: new Map([["a/s.lua", "abc = 1"]]) })).toBe(
      ["a/s.lua", "  1:1  error    first  r/one", "    > 1 | abc = 1", "        | ^^^", "  1:1  error    second  r/two", "", "✖ 2 problems (2 errors, 0 warnings) in 1 plugin", ""].join("\n"),
    );
  });

  it("shows absolute paths inside cwd relative to it", () => {
    const abs = report([plugin("a", [finding({ ruleId: "r/x", message: "m", file: "/repo/plugins/a/schema.lua" })])]);
    expect(renderPretty(abs, { color: false, sources: new Map(), cwd: "/repo" }).split("\n")[0]).toBe("plugins/a/schema.lua");
    expect(renderPretty(abs, { color: false, sources: new Map(), cwd: "/elsewhere" }).split("\n")[0]).toBe("/repo/plugins/a/schema.lua");
  });
});
