import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, renderGithub } from "../../src/render/validate-github.js";
import { finding, headerEcho, ipGate, plugin, quotaLite, report } from "./reports.js";

describe("renderGithub", () => {
  it("writes one workflow command per finding and a plain summary", () => {
    expect(renderGithub(report([headerEcho, ipGate, quotaLite]))).toBe(
      [
        '::error file=plugins/header-echo/schema.lua,line=3,col=17,endLine=3,endColumn=29,title=konnect/schema-name::schema name "wrong-name" does not match the plugin name "header-echo" (set name = "header-echo")',
        "::warning file=plugins/header-echo/schema.lua,line=1,col=18,endLine=1,endColumn=51,title=konnect/no-require::schema.lua requires a Kong module",
        "::warning file=plugins/header-echo/schema.lua,line=5,col=15,endLine=5,endColumn=19,title=schema/attribute-value::type after a tab",
        // no location: no line properties
        "::error file=plugins/header-echo,title=konnect/no-extra-files::api.lua cannot be uploaded to Konnect (remove api.lua)",
        // data escapes % and newlines; ":" and "," are left alone in data
        "::error file=plugins/ip-gate/schema.lua,line=2,col=11,endLine=2,endColumn=20,title=schema/attribute-value::bad value: 100%25%0Asee line 2, col 3 (use a: b, c)",
        "::warning file=plugins/ip-gate/schema.lua,line=1,col=28,endLine=1,endColumn=30,title=schema/attribute-value::emoji 🚀 in a default",
        "✖ 6 problems (3 errors, 3 warnings) in 2 plugins",
        "",
      ].join("\n"),
    );
  });

  // CR is a control character and is dropped before escaping; LF survives as %0A
  it("escapes properties so a path or rule id cannot break out of them", () => {
    const odd = finding({ ruleId: "r/x,y:z", message: "line1\r\nline2 100%", file: "dir,with:colons/50%/schema.lua", location: { line: 1, column: 2, endLine: 1, endColumn: 3 } });
    const [line] = renderGithub(report([plugin("a", [odd])])).split("\n");
    expect(line).toBe("::error file=dir%2Cwith%3Acolons/50%25/schema.lua,line=1,col=2,endLine=1,endColumn=3,title=r/x%2Cy%3Az::line1%0Aline2 100%25");
  });

  it("escapes data and properties as the runner decodes them", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext%3A a%2C b");
    // % first, so an already-escaped-looking sequence is escaped again, not decoded
    expect(escapeData("%0A")).toBe("%250A");
  });

  it("escapes other control characters and adds the warning-limit line", () => {
    const w = finding({ ruleId: "r/w", severity: "warning", message: "esc\u001b[31m red", file: "a/schema.lua" });
    expect(renderGithub(report([plugin("a", [w])], { failed: true, maxWarningsExceeded: { limit: 0, found: 1 } }))).toBe(
      ["::warning file=a/schema.lua,title=r/w::esc\\x1b[31m red", "✖ 1 problem (0 errors, 1 warning) in 1 plugin", "✖ too many warnings: 1 found, max-warnings is 0", ""].join("\n"),
    );
  });

  it("prints only the summary when everything is valid", () => {
    expect(renderGithub(report([plugin("a", [])]))).toBe("✔ 1 plugin valid, no problems\n");
  });
});
