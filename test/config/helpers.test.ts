import { describe, expect, it } from "vitest";
import { formatKeyPath } from "../../src/config/issues.js";
import { locateJsonError } from "../../src/config/json-error.js";
import { closest } from "../../src/config/suggest.js";

describe("locateJsonError", () => {
  it.each([
    ['{"a": }', 1, 7, "expected a value"],
    ['{"a": 1,}', 1, 9, "trailing comma"],
    ["[1, 2,]", 1, 7, "trailing comma"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}"'],
    ['{"a": "unterminated', 1, 20, "unexpected end of file"],
    ["{'a': 1}", 1, 2, "expected a double-quoted key"],
    ['{"a" 1}', 1, 6, 'expected ":" after the key'],
    ['{"a": tru}', 1, 7, "unexpected character"],
    ['{"a": 01}', 1, 8, 'expected "," or "}"'],
    ['{"a": "x\\q"}', 1, 10, "bad escape in a string"],
    ['{"a": "\\u12"}', 1, 9, "bad \\u escape"],
    ['{"a": 1} x', 1, 10, "unexpected text after the end"],
    ["", 1, 1, "unexpected end of file"],
    ['{\r\n"a": -}', 2, 6, "bad number"],
  ])("%j → %i:%i %s", (text, line, column, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual({ line, column, reason });
  });

  it("never quotes the text", () => {
    const secret = '{"konnect": {"tokenFile": kpat_SECRET}}';
    expect(JSON.stringify(locateJsonError(secret))).not.toContain("SECRET");
  });
});

describe("closest", () => {
  const keys = ["plugins", "target", "strict", "rules", "maxWarnings", "konnect"];
  it("finds typos, other casings and separators, and prefixes", () => {
    expect(closest("plugin", keys)).toBe("plugins");
    expect(closest("max_warnings", keys)).toBe("maxWarnings");
    expect(closest("MAXWARNINGS", keys)).toBe("maxWarnings");
    expect(closest("konect", keys)).toBe("konnect");
    expect(closest("warn", ["error", "warning", "off"])).toBe("warning");
    const ruleIds = ["konnect/no-require", "konnect/forbidden-files", "streamed/no-timers", "schema/description-length"];
    expect(closest("no-require", ruleIds)).toBe("konnect/no-require");
    expect(closest("no-timers", ruleIds)).toBe("streamed/no-timers");
    expect(closest("konnect/forbiden-files", ruleIds)).toBe("konnect/forbidden-files");
    expect(closest("schema/descripton-length", ruleIds)).toBe("schema/description-length");
    expect(closest("completely/unrelated-thing", ruleIds)).toBeUndefined();
  });
  it("says nothing when nothing is close", () => {
    expect(closest("region", keys)).toBeUndefined();
    expect(closest("zz", keys)).toBeUndefined();
  });
});

describe("formatKeyPath", () => {
  it("dots identifiers, brackets indexes and other keys", () => {
    expect(formatKeyPath(["konnect", "concurrency"])).toBe("konnect.concurrency");
    expect(formatKeyPath(["plugins", 1, "path"])).toBe("plugins[1].path");
    expect(formatKeyPath(["rules", "konnect/no-require"])).toBe('rules["konnect/no-require"]');
    expect(formatKeyPath(["max-warnings"])).toBe('["max-warnings"]');
  });
});
