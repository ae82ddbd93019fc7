import { allRules } from "../rules/all-rules.js";
import { ruleDocsUrl } from "../validate/rule-docs.js";
import type { CliIO } from "./io.js";

/** `kplug rules`: every rule with its default severity, targets and docs link, as text or JSON. */
export function printRules(io: CliIO, json: boolean): void {
  const rows = allRules.map((rule) => ({
    id: rule.id,
    severity: rule.defaultSeverity,
    enabledByDefault: rule.offByDefault !== true,
    targets: rule.targets ?? ["schema", "streamed"],
    title: rule.title,
    docs: ruleDocsUrl(rule.id),
  }));
  if (json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const idWidth = Math.max(...rows.map((r) => r.id.length));
  for (const row of rows) {
    const targets = row.targets.length === 2 ? "all" : row.targets.join(",");
    const severity = row.enabledByDefault ? row.severity : `${row.severity} (off)`;
    io.stdout(`${row.id.padEnd(idWidth)}  ${severity.padEnd(10)}  ${targets.padEnd(8)}  ${row.title}\n`);
  }
}
