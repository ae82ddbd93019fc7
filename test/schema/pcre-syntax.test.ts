import { describe, expect, it } from "vitest";
import { pcreCompiles } from "../../src/schema/pcre-syntax.js";

// Verdicts checked against PCRE2 10.42 (lua-rex-pcre2, no compile options), as Kong's ngx.re compiles.
describe("pcreCompiles: PCRE2's verdict on a pattern", () => {
  it.each([
    "^/api/v[0-9]+/.*$", "(?#comment)a", "a(?#c)?", "[[:alpha:][:digit:]]", "[[:^space:]]", "a{,2}", "x{", "\\Qa.b\\E+", "(?:a)*\\E+", "(?i)abc", "(?im-sx:a)",
    "(?<n>a)\\k<n>", "(?P<n>a)(?P=n)", "(a)(b)\\2", "\\2(a)(b)", "(?<=ab|c)d", "(?<=a{2})b", "(?<!x)y", "(?=a)?", "\\x{ff}", "\\cA", "\\pL\\p{Lu}", "[\\d_-]", "[]a]", "a*+", "a{2}?",
  ])("compiles %s", (pattern) => {
    expect(pcreCompiles(pattern)).toBe("valid");
  });

  it.each([
    "(", ")", "[a-", "[z-a]", "a{2,1}", "a{70000}", "a**", "?", "+a", "^*", "\\b+", "(?#c)*", "(?<=a+)b", "(?<=a{1,2})b", "\\8", "(a)\\2", "\\g{-2}(a)", "\\k<m>(?<n>a)",
    "(?<n>a)(?<n>b)", "[[:foo:]]", "[:alpha:]", "[[.a.]]", "\\", "\\y", "\\u0041", "\\x{100}", "\\c", "(?z)", "(?", "[\\N]", "(?<1a>x)",
  ])("refuses %s", (pattern) => {
    expect(pcreCompiles(pattern)).toBe("invalid");
  });

  it.each(["(?R)", "(?(1)a|b)", "(*UTF)a", "(?|(a)|(b))", "(?n)(a)\\1", "(?x) a", "(?<=(a)\\1)b", "é+"])("does not guess about %s", (pattern) => {
    expect(pcreCompiles(pattern)).toBe("unknown");
  });
});
