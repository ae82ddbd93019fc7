import { describe, expect, it } from "vitest";
import { REDACTED, redactSecret, redactTokenShapes } from "../../src/konnect/redact.js";
import { sanitizeForDisplay, sanitizeLine } from "../../src/text/sanitize.js";

const TOKEN = "kpat_S3cr3tTokenValue0123456789abcdefXYZ";
const SECRET_PART = "S3cr3tTokenValue";

function urlEncodeAll(text: string): string {
  return [...text].map((ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`).join("");
}

describe("the token redactor", () => {
  const echoes: Array<[string, string]> = [
    ["exact", `bad token ${TOKEN} here`],
    ["JSON \\u005f escape", `bad token ${TOKEN.replace("_", "\\u005f")} here`],
    ["JSON escapes of every character", `"${[...TOKEN].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}"`],
    ["URL-encoded underscore", `GET /x?t=${TOKEN.replace("_", "%5F")}&y=1`],
    ["URL-encoded in full", `t=${urlEncodeAll(TOKEN)}`],
    ["HTML references", `token ${TOKEN.replace("_", "&#95;").replace("S", "&#x53;")}`],
    ["prefixed", `Bearer:${TOKEN}`],
    ["glued prefix and suffix", `xx${TOKEN}yy`],
    ["lower-cased", `token ${TOKEN.toLowerCase()}`],
    ["upper-cased", `token ${TOKEN.toUpperCase()}`],
    ["truncated to a long prefix", `token ${TOKEN.slice(0, 20)}… (truncated)`],
    ["the shortest partial caught", `token ${TOKEN.slice(0, 12)}`],
    ["twice, overlapping forms", `${TOKEN}${TOKEN.toLowerCase()} and ${TOKEN.slice(0, 15)}`],
  ];
  for (const [form, text] of echoes) {
    it(`catches an echo: ${form}`, () => {
      const out = redactSecret(text, TOKEN);
      expect(out).toContain(REDACTED);
      expect(out.toLowerCase()).not.toContain(SECRET_PART.slice(0, 7).toLowerCase());
      expect(decodeURIComponent(out.replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))))).not.toMatch(/s3cr3t/i);
    });
  }

  it("keeps the text around an echo and leaves unrelated text alone", () => {
    expect(redactSecret(`a ${TOKEN.replace("_", "\\u005f")} b`, TOKEN)).toBe(`a ${REDACTED} b`);
    expect(redactSecret(`a %6B${TOKEN.slice(1)} b`, TOKEN)).toBe(`a ${REDACTED} b`);
    const plain = "kpat_ is the prefix of personal tokens; 00000000-0000-0000-0000-000000000000 \\u00e9 %20";
    expect(redactSecret(plain, TOKEN)).toBe(plain);
    expect(redactSecret(`${TOKEN.slice(0, 11)} is too short to say anything`, TOKEN)).toBe(`${TOKEN.slice(0, 11)} is too short to say anything`);
  });

  it("matches letters in ASCII case only: characters that lower-case to ASCII are not the token", () => {
    // U+212A KELVIN SIGN lower-cases to "k", U+0130 to "i" + a dot: neither is what was sent
    const kelvin = `a \u212a${TOKEN.slice(1)} b`;
    expect(redactSecret(kelvin, TOKEN)).toBe(kelvin);
    expect(redactSecret(`a ${TOKEN.toUpperCase()} b`, TOKEN)).toBe(`a ${REDACTED} b`);
    // regular-expression characters in a secret are only characters
    expect(redactSecret("a x.y*z(q)[r]+s?t b and xAyBz", "x.y*z(q)[r]+s?t")).toBe(`a ${REDACTED} b and xAyBz`);
  });

  it("replaces anything shaped like a Konnect token, for flag values", () => {
    expect(redactTokenShapes(`argument 'kpat_abcdefgh12345' is invalid; spat_ZZZZZZZZ9 too`)).toBe(`argument '${REDACTED}' is invalid; ${REDACTED} too`);
    expect(redactTokenShapes("kpat_ alone, or us")).toBe("kpat_ alone, or us");
  });
});

describe("the sanitizer", () => {
  it("shows control characters escaped instead of passing or dropping them", () => {
    expect(sanitizeForDisplay("a\u001b]0;owned\u0007b\u0000c\u009bd\re")).toBe("a\\x1b]0;owned\\x07b\\x00c\\x9bd\\re");
    expect(sanitizeForDisplay("two\nlines\twith tab")).toBe("two\nlines\twith tab");
    expect(sanitizeLine("two\nlines\u202e")).toBe("two\\nlines\\u202e");
    expect(sanitizeForDisplay("café ✓ 名前")).toBe("café ✓ 名前");
  });
});
