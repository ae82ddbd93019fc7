import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { addOutputOption, wantsJsonOutput } from "./output-option.js";

export const rulesCommand: CommandFactory = (ctx) =>
  addOutputOption(
    new Command("rules")
      .description("list every validation rule: id, default severity, targets and what it checks")
      .addOption(new Option("--json", "machine-readable output on stdout").default(false)),
  ).action(async (raw: Record<string, unknown>) => {
    const { allRules } = await import("../rules/all-rules.js");
    const { ruleDocsUrl } = await import("../validate/rule-docs.js");
    const rows = allRules.map((rule) => ({
      id: rule.id,
      severity: rule.defaultSeverity,
      enabledByDefault: rule.offByDefault !== true,
      targets: rule.targets ?? ["schema", "streamed"],
      title: rule.title,
      docs: ruleDocsUrl(rule.id),
    }));
    if (wantsJsonOutput(raw)) {
      ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const idWidth = Math.max(...rows.map((r) => r.id.length));
    for (const row of rows) {
      const targets = row.targets.length === 2 ? "all" : row.targets.join(",");
      const severity = row.enabledByDefault ? row.severity : `${row.severity} (off)`;
      ctx.io.stdout(`${row.id.padEnd(idWidth)}  ${severity.padEnd(10)}  ${targets.padEnd(8)}  ${row.title}\n`);
    }
  });
