import { describe, expect, it } from "vitest";
import type { DeckFile } from "../../src/deck/read.js";
import { parseDeck } from "../../src/deck/read.js";
import { checkDeckFiles } from "../../src/plugin-config/check-deck.js";
import { configRulesForSarif } from "../../src/plugin-config/config-rules.js";
import { renderSarif } from "../../src/render/validate-sarif.js";
import type { SarifLog } from "../../src/render/validate-sarif.js";
import { pluginFromSchema } from "../helpers/plugin.js";
import { report } from "../render/reports.js";

/* checkDeckFiles: where findings point in the decK file, and how notes travel to SARIF. */

const quota = pluginFromSchema(
  `return { name = "quota", fields = { { config = { type = "record", fields = {
     { limit = { type = "integer", required = true } },
     { window = { type = "string", default = "hour", one_of = { "minute", "hour" } } },
     { key = { type = "string" } },
   } } } } }`,
  { name: "quota" },
);

function deck(text: string): DeckFile {
  return { path: "/virtual/kong.yaml", displayPath: "kong.yaml", text, documents: parseDeck(text, "kong.yaml") };
}

async function findingsOf(text: string) {
  const result = await checkDeckFiles([quota], [deck(text)], { strict: false });
  return { findings: result.findings.get("quota") ?? [], summary: result.summary };
}

describe("checkDeckFiles: findings point at the decK file", () => {
  it("puts a missing required field at its record's key (config:), not at a sibling value", async () => {
    const { findings } = await findingsOf("plugins:\n  - name: quota\n    config:\n      window: minute\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "config/invalid", severity: "error", message: "plugins[0]: config.limit: required field missing" });
    expect(findings[0]?.location).toMatchObject({ line: 3, column: 5 });
  });

  it("puts a missing required field of an instance without config at the plugin entry", async () => {
    const { findings } = await findingsOf("plugins:\n  - name: quota\n    instance_name: q1\n");
    expect(findings[0]).toMatchObject({ message: "q1: config.limit: required field missing" });
    expect(findings[0]?.location).toMatchObject({ line: 2, column: 5 });
  });

  it("puts a bad value at the value itself, with Kong's message", async () => {
    const { findings } = await findingsOf("plugins:\n  - name: quota\n    config:\n      limit: 5\n      window: fortnight\n");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ message: "plugins[0]: config.window: expected one of: minute, hour" });
    expect(findings[0]?.location).toMatchObject({ line: 5, column: 15 });
  });

  it("counts other plugins as not checked and reports env placeholders as notes, not findings", async () => {
    const { findings, summary } = await findingsOf('plugins:\n  - name: quota\n    config:\n      limit: 5\n      key: ${{ env "DECK_KEY" }}\n  - name: rate-limiting\n');
    expect(findings).toEqual([]);
    expect(summary).toMatchObject({ instances: 2, checked: 1, notChecked: [{ name: "rate-limiting", count: 1, bundled: true }] });
    expect(summary.notes).toHaveLength(1);
    expect(summary.notes[0]).toMatchObject({ file: "kong.yaml", instance: "plugins[0]", location: { line: 5, column: 12 } });
    expect(summary.notes[0]?.message).toMatch(/DECK_KEY.*not known here/);
  });
});

describe("SARIF: what the config check could not decide is a note", () => {
  it("writes each not-checkable note as a `note` result of config/not-checkable, at the decK line", async () => {
    const { summary } = await findingsOf('plugins:\n  - name: quota\n    config:\n      limit: 5\n      key: ${{ env "DECK_KEY" }}\n');
    const rules = configRulesForSarif();
    const log = JSON.parse(renderSarif(report([], { configs: summary }), { rules, cwd: "/virtual" })) as SarifLog;
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: "config/not-checkable", level: "note", ruleIndex: rules.findIndex((r) => r.id === "config/not-checkable") });
    expect(results[0]?.locations[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: "kong.yaml" }, region: { startLine: 5, startColumn: 12 } });
    expect(log.runs[0].tool.driver.rules.find((r) => r.id === "config/not-checkable")?.defaultConfiguration).toEqual({ level: "note" });
  });
});
