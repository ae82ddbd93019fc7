import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/render/validate-sarif.js";
import type { SarifLog } from "../../src/render/validate-sarif.js";
import { version } from "../../src/version.js";
import { finding, headerEcho, ipGate, plugin, report, rules } from "./reports.js";

const cwd = "/work/repo";
const sarif = (r = report([headerEcho, ipGate])): SarifLog => JSON.parse(renderSarif(r, { rules, cwd })) as SarifLog;

// No copy of the official SARIF 2.1.0 schema ships in node_modules and the tests run offline, so these
// assert the properties of the schema that GitHub code scanning relies on, one by one.
describe("renderSarif", () => {
  it("is one SARIF 2.1.0 run by kplug", () => {
    const log = sarif();
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "kplug", version, semanticVersion: version });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///work/repo/" } });
    expect(log.runs[0].columnKind).toBe("utf16CodeUnits");
  });

  it("describes every rule, with a helpUri only when the source is a URL", () => {
    const driverRules = sarif().runs[0].tool.driver.rules;
    expect(driverRules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    expect(driverRules[0]).toEqual({
      id: "konnect/schema-name",
      name: "KonnectSchemaName",
      shortDescription: { text: "the schema declares the plugin's name" },
      fullDescription: { text: "Konnect derives the name from the schema." },
      helpUri: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
      defaultConfiguration: { level: "error" },
    });
    expect(driverRules[2]).toMatchObject({ name: "SchemaAttributeValue", help: { text: "Source: kong/db/schema/metaschema.lua" } });
    expect(driverRules[2]).not.toHaveProperty("helpUri");
  });

  it("maps findings to results with rule index, level, message and region", () => {
    const results = sarif().runs[0].results;
    expect(results).toHaveLength(6);
    expect(results[0]).toEqual({
      ruleId: "konnect/schema-name",
      ruleIndex: 0,
      level: "error",
      message: { text: 'schema name "wrong-name" does not match the plugin name "header-echo" (set name = "header-echo")' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "plugins/header-echo/schema.lua", uriBaseId: "%SRCROOT%" },
            region: { startLine: 3, startColumn: 17, endLine: 3, endColumn: 29 },
          },
        },
      ],
    });
    expect(results[1]).toMatchObject({ ruleId: "konnect/no-require", ruleIndex: 1, level: "warning", message: { text: "schema.lua requires a Kong module" } });
    // each result's ruleIndex points at its own rule
    const driverRules = sarif().runs[0].tool.driver.rules;
    for (const r of results.filter((r) => r.ruleIndex !== undefined)) expect(driverRules[r.ruleIndex!]?.id).toBe(r.ruleId);
  });

  it("omits the region of a finding without location, and ruleIndex of an unknown rule", () => {
    const result = sarif().runs[0].results[3]!;
    expect(result.ruleId).toBe("konnect/no-extra-files");
    expect(result).not.toHaveProperty("ruleIndex");
    expect(result.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: "plugins/header-echo", uriBaseId: "%SRCROOT%" } });
  });

  it("keeps newlines and % in message text (JSON escapes them)", () => {
    expect(sarif().runs[0].results[4]?.message.text).toBe("bad value: 100%\nsee line 2, col 3 (use a: b, c)");
  });

  it("makes URIs relative to cwd with forward slashes, percent-encoded, and file: URIs outside it", () => {
    const at = (file: string) => sarif(report([plugin("a", [finding({ ruleId: "r/x", message: "m", file })])])).runs[0].results[0]?.locations[0]?.physicalLocation.artifactLocation;
    expect(at("/work/repo/plugins/my plugin/schema.lua")).toEqual({ uri: "plugins/my%20plugin/schema.lua", uriBaseId: "%SRCROOT%" });
    expect(at("plugins/ü/schema.lua")).toEqual({ uri: "plugins/%C3%BC/schema.lua", uriBaseId: "%SRCROOT%" });
    expect(at("/elsewhere/schema.lua")).toEqual({ uri: "file:///elsewhere/schema.lua" });
    expect(at("../sibling/schema.lua")).toEqual({ uri: "file:///work/sibling/schema.lua" });
  });

  it("has an empty results array when nothing was found", () => {
    expect(sarif(report([plugin("a", [])])).runs[0].results).toEqual([]);
  });
});
