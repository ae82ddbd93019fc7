import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planFixes } from "../../src/fix/plan.js";
import { schemaShape } from "../../src/fix/same-schema.js";
import { typedefNames } from "../../src/lua/typedefs.js";
import { allRules } from "../../src/rules/all-rules.js";
import type { PluginUnderTest } from "../../src/rules/types.js";
import { validatePlugins } from "../../src/validate/run.js";
import { fixturesRoot, pluginFromFixture, pluginFromSchema } from "../helpers/plugin.js";

/** The fixture's schema.lua after every certain fix, and its findings before and after. */
function fixed(dir: string, options: { strict?: boolean } = {}) {
  const plugin = pluginFromFixture(dir, options);
  const before = validatePlugins([plugin]);
  const [file] = planFixes(before, schemasOf(plugin));
  const text = plugin.schema?.file.text ?? "";
  const after = file?.after ?? text;
  const afterPlugin = pluginFromSchema(after, { name: plugin.name, path: plugin.schema?.file.path ?? "", ...options });
  return { text, after, before, afterReport: validatePlugins([afterPlugin]) };
}

const schemasOf = (plugin: PluginUnderTest) => new Map(plugin.schema ? [[plugin.schema.file.displayPath, plugin.schema.file]] : []);
const ruleIds = (report: ReturnType<typeof validatePlugins>) => report.plugins.flatMap((p) => p.findings.map((f) => f.ruleId));
const INLINE = ["http_method", "port", "timeout", "uuid", "auto_timestamp_s", "auto_timestamp_ms", "capability", "ttl"];

describe("--fix: typedefs written inline", () => {
  it("a schema using only exactly-known typedefs: same evaluated schema, require gone, no strict finding, comments kept", () => {
    const { text, after, before, afterReport } = fixed("fix/exact-typedefs", { strict: true });
    expect(ruleIds(before)).toEqual(["konnect/no-require"]);
    expect(schemaShape(after)).toEqual(schemaShape(text));
    expect(after).not.toMatch(/require\s*[("']/);
    expect(after).not.toMatch(/typedefs\./);
    // non-ASCII text before later edits: offsets count characters, not bytes
    expect(after).toContain("} }, -- TLS by default (“https”)\n");
    expect(after).toContain("-- and these comments and the layout below stay as they are.");
    expect(afterReport.plugins[0]?.findings).toEqual([]);
  });

  it("a schema using every typedef of the catalog: the exact ones go inline, the rest and the require stay, same evaluated schema", () => {
    const { text, after } = fixed("fix/all-typedefs");
    // the fixture stays in step with the catalog
    for (const name of typedefNames()) expect(text).toContain(`{ ${name} = typedefs.${name} }`);
    expect(schemaShape(after)).toEqual(schemaShape(text));
    const code = after.split("\n").filter((line) => !line.trimStart().startsWith("--")).join("\n");
    const left = [...code.matchAll(/typedefs\.([a-z_0-9]+)/g)].map((m) => m[1]);
    expect(left.filter((name) => INLINE.includes(name ?? ""))).toEqual([]);
    expect(new Set(left)).toEqual(new Set([...typedefNames().filter((n) => !INLINE.includes(n)), "host"]));
    expect(after).toContain('local typedefs = require "kong.db.schema.typedefs"');
    // overrides keep their own text, after the typedef's attributes
    expect(after).toContain('{ method_described = { type = "string", match = "^%u+$", description = "The HTTP method to send upstream." } }');
    expect(after).toContain('{ ttl_multiline = { type = "number", between = { 0, 100000000 }, description = "Time-to-live value for data",\n              default = 3600, -- an hour');
  });

  it("every fixture schema with typedefs is the same schema once fixed", () => {
    for (const dir of ["rules/konnect-content/valid-typedefs", "rules/konnect-content/require-own-module", "rules/konnect-content/name-from-path", "rules/schema/unknown-typedef"]) {
      const plugin = pluginFromFixture(dir);
      const [file] = planFixes(validatePlugins([plugin]), schemasOf(plugin));
      if (file) expect(schemaShape(file.after), dir).toEqual(schemaShape(plugin.schema?.file.text ?? ""));
    }
  });

  it("the example plugins have nothing to fix and stay as they are", () => {
    const examples = join(fixturesRoot, "examples/kong/plugins");
    for (const name of readdirSync(examples)) {
      const plugin = pluginFromFixture(`examples/kong/plugins/${name}`);
      expect(planFixes(validatePlugins([plugin]), schemasOf(plugin))).toEqual([]);
    }
  });

  it("offers no fix when it would not be certain: a nil override, computed keys, a typedef passed around", () => {
    for (const use of ["typedefs.port { default = nil }", "typedefs.port { [k] = 1 }", "pick(typedefs)"]) {
      const text = `local typedefs = require "kong.db.schema.typedefs"\nlocal k = "default"\nlocal function pick(t) return t.port end\nreturn { name = "my-plugin", fields = { { config = { type = "record", fields = { { p = ${use} } } } } } }`;
      const plugin = pluginFromSchema(text);
      const findings = validatePlugins([plugin], { rules: allRules }).plugins[0]?.findings ?? [];
      expect(findings.filter((f) => f.fix), use).toEqual([]);
    }
  });
});

describe("--fix: schema name and misspelled attributes", () => {
  it("renames only where exactly one attribute is close, keeping the quotes and the rest", () => {
    const { text, after, before, afterReport } = fixed("fix/typos");
    expect(before.plugins[0]?.findings.filter((f) => f.fix).map((f) => f.fix?.description)).toEqual([
      'set name = "typos"',
      "rename requird to required",
      "rename max_len to len_max",
      "rename defualt to default",
    ]);
    expect(after).toContain("name = 'typos',");
    expect(after).toContain('{ header = { type = "string", required = true, len_max = 64 } }');
    expect(after).toContain('{ ["prefix"] = { type = "string", ["default"] = "x", len_mix = 8 } }');
    // what is left: the ambiguous slip and the known mistake
    expect(afterReport.plugins[0]?.findings.map((f) => f.message)).toEqual(["config.prefix: len_mix: unknown field", "config.flag: nilable: unknown field"]);
    // the evaluated schema differs exactly by the renamed keys and the name
    const renamed = text.replace("name = 'typo'", "name = 'typos'").replace("requird = true", "required = true").replace("max_len = 64", "len_max = 64").replace('["defualt"]', '["default"]');
    expect(schemaShape(after)).toEqual(schemaShape(renamed));
  });
});
