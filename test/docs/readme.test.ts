import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allRules } from "../../src/rules/all-rules.js";
import { ruleAnchor, ruleDocsUrl } from "../../src/validate/rule-docs.js";

// Every finding's `docs` URL points at README.md#rule-<id>; these tests keep the README's rules
// table and the rules in src/rules in step, so no link lands on nothing and no entry goes stale.
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const lines = readme.split("\n");

/** The README line holding the rule's explicit anchor (its row in the rules table). */
function entryOf(ruleId: string): string | undefined {
  const anchor = `<a id="${ruleAnchor(ruleId)}"></a>`;
  return lines.find((line) => line.includes(anchor));
}

/** The cells of a Markdown table row; escaped pipes (`\|`) stay inside their cell. */
function cells(row: string): string[] {
  return row
    .replace(/^\s*\|/, "")
    .replace(/\|\s*$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe("README.md rules table", () => {
  it("keeps the two quick-start commands at the very top", () => {
    const top = lines.slice(0, 12).join("\n");
    expect(top).toContain("npm ci && npm run demo");
    expect(top).toContain("npm ci && npm test");
  });

  it("links findings to an anchor of the form #rule-<id with / replaced by ->", () => {
    expect(ruleDocsUrl("konnect/no-require").endsWith("#rule-konnect-no-require")).toBe(true);
  });

  for (const rule of allRules) {
    describe(rule.id, () => {
      it("has one entry with its explicit anchor", () => {
        const anchor = `<a id="${ruleAnchor(rule.id)}"></a>`;
        expect(readme.split(anchor).length - 1, `README.md needs exactly one ${anchor}`).toBe(1);
      });

      it("shows its id, default severity and targets in that entry", () => {
        const row = entryOf(rule.id);
        expect(row, `no README entry for ${rule.id}`).toBeDefined();
        const [idCell, severity, targets] = cells(row ?? "");
        expect(idCell).toContain(`\`${rule.id}\``);
        expect(severity).toBe(rule.defaultSeverity);
        expect(targets).toBe((rule.targets ?? ["schema", "streamed"]).join(", "));
      });
    });
  }

  it("has no entry for a rule that no longer exists", () => {
    const known = new Set(allRules.map((rule) => ruleAnchor(rule.id)));
    const anchors = [...readme.matchAll(/<a id="(rule-[^"]+)"><\/a>/g)].map((match) => match[1]);
    expect(anchors.filter((anchor) => !known.has(anchor as string))).toEqual([]);
    expect(anchors).toHaveLength(allRules.length);
  });
});
