import { describe, expect, it } from "vitest";
import { schemaContentRules } from "../../../src/rules/schema-content-rules.js";
import { schemaLegacyFormatRule } from "../../../src/rules/schema-legacy-format.js";
import { pluginFromFixture, pluginFromSchema, runRules } from "../../helpers/plugin.js";

describe("schema/legacy-format on Kong 0.x plugins (fixtures/legacy)", () => {
  it("explains a 0.x schema once, and Kong's own errors follow", () => {
    const findings = runRules(schemaContentRules, pluginFromFixture("legacy/header-echo"));
    expect(findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message}`)).toEqual([
      "schema/legacy-format 10:3 0.x-style plugin schema (no_consumer = …, fields as a map): Kong ≥ 1.0 and Konnect cannot load it",
      "schema/top-level-keys 10:3 no_consumer: unknown field",
      "schema/top-level-keys 9:8 name: field required for entity check",
      "schema/field-definition 12:5 fields: expected an array (each entry is { <name> = { type = … } })",
    ]);
    expect(findings[0]?.hint).toContain('name = "header-echo"');
  });

  it("reports self_check and the removed kong.dao modules", () => {
    const findings = runRules(schemaContentRules, pluginFromFixture("legacy/ip-gate"));
    expect(findings.filter((f) => f.ruleId === "schema/legacy-format").map((f) => f.message)).toEqual([
      "0.x-style plugin schema (no_consumer = …, self_check, fields as a map): Kong ≥ 1.0 and Konnect cannot load it",
    ]);
    expect(findings.find((f) => f.ruleId === "konnect/no-require")).toMatchObject({
      severity: "error",
      message: 'require("kong.dao.errors"): this Kong 0.x module no longer exists in Kong ≥ 1.0',
    });
    expect(findings.map((f) => f.message)).toContain("self_check: unknown field");
  });

  it("recognises a fields map without no_consumer", () => {
    const findings = runRules(schemaLegacyFormatRule, pluginFromFixture("legacy/quota-lite"));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([
      "12:3 0.x-style plugin schema (self_check, fields as a map): Kong ≥ 1.0 and Konnect cannot load it",
    ]);
  });

  it("is silent on current-format schemas", () => {
    expect(runRules(schemaLegacyFormatRule, pluginFromFixture("rules/schema/valid-inline"))).toEqual([]);
    expect(runRules(schemaLegacyFormatRule, pluginFromSchema(`return { name = "my-plugin", fields = {} }`))).toEqual([]);
  });
});

describe("valid fixtures across every schema-content rule", () => {
  it("valid-inline has no findings at all", () => {
    expect(runRules(schemaContentRules, pluginFromFixture("rules/schema/valid-inline"))).toEqual([]);
  });

  it("valid-typedefs only has the typedefs require warning", () => {
    const findings = runRules(schemaContentRules, pluginFromFixture("rules/konnect-content/valid-typedefs"));
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["konnect/no-require warning"]);
  });

  it("every rule has a stable kebab-case id with a prefix, a title, a why and a source", () => {
    const ids = schemaContentRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of schemaContentRules) {
      expect(rule.id).toMatch(/^(lua|konnect|schema)\/[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.source).toMatch(/^(https:\/\/|kong\/)/);
    }
  });
});
