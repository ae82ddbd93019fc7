import { describe, expect, it } from "vitest";
import { deriveSchemaName } from "../../src/emulator/schema-name.js";

describe("deriveSchemaName", () => {
  it("reads the literal name of the returned table", () => {
    expect(deriveSchemaName('return { name = "my-plugin", fields = {} }')).toEqual({ ok: true, name: "my-plugin" });
    expect(deriveSchemaName("return { ['name'] = 'bracketed' }")).toEqual({ ok: true, name: "bracketed" });
    expect(deriveSchemaName("return { name = [[long]] }")).toEqual({ ok: true, name: "long" });
  });

  it("follows a top-level local that the chunk returns", () => {
    const lua = 'local typedefs = require "kong.db.schema.typedefs"\nlocal schema = { name = "via-local" }\nreturn schema\n';
    expect(deriveSchemaName(lua)).toEqual({ ok: true, name: "via-local" });
  });

  it("decodes UTF-8 names and lets a later duplicate key win, as Lua does", () => {
    expect(deriveSchemaName('return { name = "café" }')).toEqual({ ok: true, name: "café" });
    expect(deriveSchemaName('return { name = "a", name = "b" }')).toEqual({ ok: true, name: "b" });
  });

  it("reports syntax errors with the line, in the Lua loader's words", () => {
    const result = deriveSchemaName("return {\n  name = 'x'\n  fields = {}\n}");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^failed loading schema: \[string "schema\.lua"\]:3: '}' expected near 'fields'$/);
  });

  it("runs the name as Lua would: constants, locals and concatenation, as Kong's plugin template writes it", () => {
    expect(deriveSchemaName("local PLUGIN_NAME = 'body-guard'\nreturn { name = PLUGIN_NAME, fields = {} }")).toEqual({ ok: true, name: "body-guard" });
    expect(deriveSchemaName('return { name = "body-" .. "guard" }')).toEqual({ ok: true, name: "body-guard" });
    expect(deriveSchemaName("local n = 'x' return { name = n }")).toEqual({ ok: true, name: "x" });
    expect(deriveSchemaName("local base = 'quota'\nlocal schema = { name = base .. '-v2' }\nreturn schema")).toEqual({ ok: true, name: "quota-v2" });
  });

  it("refuses schemas without a string name or without a returned table", () => {
    for (const lua of ["return { fields = {} }", "return { name = 1 }", "return { name = unknown_global }", "return 42", "local t = {}", 'return { name = "" }']) {
      expect(deriveSchemaName(lua).ok, lua).toBe(false);
    }
  });

  it("answers a text seen before (a fleet push sends one text to every control plane) as it did the first time, however many texts came between", () => {
    const texts = Array.from({ length: 40 }, (_, i) => `return { name = "plugin-${i}" }`);
    for (let round = 0; round < 2; round++) {
      for (const [i, text] of texts.entries()) expect(deriveSchemaName(text)).toEqual({ ok: true, name: `plugin-${i}` });
      for (const [i, text] of [...texts.entries()].reverse()) expect(deriveSchemaName(text)).toEqual({ ok: true, name: `plugin-${i}` });
    }
    expect(deriveSchemaName("return {")).toEqual(deriveSchemaName("return {"));
    expect(deriveSchemaName("return {").ok).toBe(false);
  });
});
