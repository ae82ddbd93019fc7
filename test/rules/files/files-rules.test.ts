import { describe, expect, it } from "vitest";
import { allRules } from "../../../src/rules/all-rules.js";
import { konnectForbiddenFilesRule } from "../../../src/rules/konnect-forbidden-files.js";
import { konnectSchemaSizeRule } from "../../../src/rules/konnect-schema-size.js";
import { pluginFromSchema, runRules } from "../../helpers/plugin.js";
import { loadFixture } from "../load-fixture.js";

describe("konnect/forbidden-files", () => {
  it("reports api.lua, daos.lua and migrations/ for both targets, on the offending entry", async () => {
    for (const target of ["schema", "streamed"] as const) {
      const plugin = await loadFixture("rules/files/forbidden", target);
      const findings = runRules(konnectForbiddenFilesRule, plugin);
      expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
        "error api.lua extends Kong's Admin API, which Konnect does not support for custom plugins",
        "error daos.lua declares custom DAO entities, which Konnect does not support",
        "error migrations/ holds database migrations for custom entities, which Konnect does not support",
      ]);
    }
  });

  it("attaches each finding to the entry's display path", async () => {
    const plugin = await loadFixture("rules/files/forbidden", "schema");
    const files: string[] = [];
    konnectForbiddenFilesRule.check(plugin, (report) => files.push(report.file.displayPath));
    expect(files).toEqual(["rules/files/forbidden/api.lua", "rules/files/forbidden/daos.lua", "rules/files/forbidden/migrations/"]);
  });

  it("accepts a plugin with only schema.lua, handler.lua and non-Lua files", async () => {
    expect(runRules(allRules, await loadFixture("rules/files/clean", "schema"))).toEqual([]);
    expect(runRules(allRules, await loadFixture("rules/files/clean", "streamed"))).toEqual([]);
  });
});

describe("konnect/schema-size", () => {
  const schemaOfSize = (characters: number, fill = "-"): string => {
    const head = `return { name = "my-plugin", fields = {} }\n--`;
    return head + fill.repeat(characters - head.length);
  };

  it("warns above 8192 characters for /plugin-schemas, counting characters, not bytes", () => {
    expect(runRules(konnectSchemaSizeRule, pluginFromSchema(schemaOfSize(8192)))).toEqual([]);
    expect(runRules(konnectSchemaSizeRule, pluginFromSchema(schemaOfSize(8193))).map((f) => `${f.severity} ${f.message}`)).toEqual([
      "warning schema.lua is 8193 characters: Konnect's plugin-schema API has accepted at most 8192 (an undocumented limit)",
    ]);
    // 8000 characters, 16000 bytes
    expect(runRules(konnectSchemaSizeRule, pluginFromSchema(schemaOfSize(8000, "é")))).toEqual([]);
  });

  it("counts a character outside the BMP once (two UTF-16 units), and a lone surrogate once", () => {
    const head = `return { name = "my-plugin", fields = {} }\n--`;
    // 8192 characters in 8192 + 100 UTF-16 units
    const astral = head + "🌍".repeat(100) + "-".repeat(8192 - head.length - 100);
    expect(runRules(konnectSchemaSizeRule, pluginFromSchema(astral))).toEqual([]);
    const message = (text: string): string[] => runRules(konnectSchemaSizeRule, pluginFromSchema(text)).map((f) => f.message.split(":")[0] ?? "");
    expect(message(`${astral}🌍`)).toEqual(["schema.lua is 8193 characters"]);
    expect(message(`${astral}\ud83c`)).toEqual(["schema.lua is 8193 characters"]);
  });

  it("errors when a streamed upload (schema.lua + handler.lua) is over 100 KB, and ignores 8192 there", () => {
    const handler = `return { PRIORITY = 1, VERSION = "1.0.0" }\n--${"x".repeat(60_000)}`;
    expect(runRules(konnectSchemaSizeRule, pluginFromSchema(schemaOfSize(30_000), { target: "streamed", handler }))).toEqual([]);
    const findings = runRules(konnectSchemaSizeRule, pluginFromSchema(schemaOfSize(45_000), { target: "streamed", handler }));
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual([
      `error schema.lua (45000 bytes) and handler.lua (${handler.length} bytes) make a ${45_000 + handler.length}-byte upload: streamed plugin uploads are limited to 100 KB`,
    ]);
  });
});
