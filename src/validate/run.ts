import { rangeAt } from "../fix/offsets.js";
import type { Fix, ReportedFix } from "../fix/types.js";
import { allRules } from "../rules/all-rules.js";
import { displayDirOf } from "../rules/plugin-files.js";
import { isPluginSetRule, type PluginSetRule } from "../rules/plugin-set-rule.js";
import type { Finding, PluginUnderTest, Rule, RuleReport } from "../rules/types.js";
import { ruleDocsUrl } from "./rule-docs.js";
import type { InternalFailure, PluginReport, SeverityOverride, ValidationReport } from "./types.js";

export interface RunOptions {
  /** default: allRules */
  rules?: readonly Rule[];
  /** rule id → severity for all its findings, or "off" to skip the rule */
  overrides?: Record<string, SeverityOverride>;
  /** fail when there are more warnings than this; undefined or negative: no limit */
  maxWarnings?: number;
}

/**
 * Runs the rules over the plugins and builds the report the renderers take. Pure: no I/O.
 * A rule runs for a plugin when its `targets` include the plugin's target; `--strict` is seen by
 * the rules themselves (plugin.strict); an override replaces the severity of every finding of a rule.
 * A rule that throws (a bug in kplug) is recorded as an internal error of that plugin, with its findings
 * for that plugin dropped; the other rules and plugins still run.
 */
export function validatePlugins(plugins: readonly PluginUnderTest[], options: RunOptions = {}): ValidationReport {
  const run = startValidation(options);
  run.add(plugins);
  return run.finish();
}

/** A validation fed plugins a batch at a time (see startValidation). */
export interface ValidationRun {
  /** Checks these plugins with every per-plugin rule; keeps their findings, not the plugins. */
  add(plugins: readonly PluginUnderTest[]): void;
  /** Runs the rules over all the plugins added (e.g. unique names) and builds the report. */
  finish(): ValidationReport;
}

interface Slot {
  plugin: { name: string; dir: string; target: PluginUnderTest["target"] };
  /** findings with the index of the rule that reported them, in the order reported */
  found: { ruleIndex: number; finding: Finding }[];
  /** the file named when a rule fails on this plugin: its schema.lua, or its directory */
  file: string;
  failures: InternalFailure[];
}

/**
 * validatePlugins in steps, so that a caller can load, check and drop plugins in bounded batches
 * (parse trees are most of validate's memory). Plugin-set rules keep only their summary of each
 * plugin. The report is the same as validatePlugins over all the plugins at once.
 */
export function startValidation(options: RunOptions = {}): ValidationRun {
  const overrides = options.overrides ?? {};
  // a rule that is off by default runs once the config gives it a severity
  const rules = (options.rules ?? allRules).filter((rule) => overrides[rule.id] !== "off" && (!rule.offByDefault || overrides[rule.id] !== undefined));
  const slots: Slot[] = [];
  /** per plugin-set rule: the summaries of the plugins it applies to, and their slots */
  const summaries = new Map<PluginSetRule, { slot: Slot; summary: unknown }[]>();
  const add = (slot: Slot, ruleIndex: number, rule: Rule, report: RuleReport): void => {
    slot.found.push({ ruleIndex, finding: toFinding(rule, report, overrides[rule.id]) });
  };
  const fail = (slot: Slot, rule: Rule, error: unknown): void => {
    slot.failures.push({
      ruleId: rule.id,
      file: slot.file,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    });
  };
  return {
    add(plugins) {
      for (const plugin of plugins) {
        const dir = displayDirOf(plugin);
        const slot: Slot = { plugin: { name: plugin.name, dir, target: plugin.target }, found: [], file: plugin.schema?.file.displayPath ?? dir, failures: [] };
        slots.push(slot);
        for (const [ruleIndex, rule] of rules.entries()) {
          if (!appliesTo(rule, plugin)) continue;
          // a bug met on one plugin is reported for that plugin; its other rules and the other plugins still run
          try {
            if (isPluginSetRule(rule)) {
              const summary = rule.summarize(plugin);
              const list = summaries.get(rule) ?? [];
              list.push({ slot, summary });
              summaries.set(rule, list);
            } else {
              const reported: RuleReport[] = [];
              rule.check(plugin, (report) => reported.push(report));
              for (const report of reported) add(slot, ruleIndex, rule, report);
            }
          } catch (error) {
            fail(slot, rule, error);
          }
        }
      }
    },
    finish() {
      for (const [ruleIndex, rule] of rules.entries()) {
        if (!isPluginSetRule(rule)) continue;
        const held = summaries.get(rule) ?? [];
        const run = (subset: typeof held): [Slot, RuleReport][] => {
          const reported: [Slot, RuleReport][] = [];
          rule.checkPlugins(
            subset.map((h) => h.summary),
            (index, report) => {
              const slot = subset[index]?.slot;
              if (slot) reported.push([slot, report]);
            },
          );
          return reported;
        };
        let reported: [Slot, RuleReport][];
        try {
          reported = run(held);
        } catch {
          // run plugin by plugin, so that the failure is pinned to the plugin(s) causing it
          reported = [];
          for (const one of held) {
            try {
              reported.push(...run([one]));
            } catch (error) {
              fail(one.slot, rule, error);
            }
          }
        }
        for (const [slot, report] of reported) add(slot, ruleIndex, rule, report);
      }
      const reports = slots.map((slot) => {
        // rule order first (stable: each rule's own order kept), then by place, as rules ran one after another
        const byRule = [...slot.found].sort((a, b) => a.ruleIndex - b.ruleIndex).map((f) => f.finding);
        return pluginReport(slot.plugin, sortFindings(byRule), slot.failures);
      });
      const errorCount = sum(reports.map((r) => r.errorCount));
      const warningCount = sum(reports.map((r) => r.warningCount));
      const internalErrorCount = sum(reports.map((r) => r.internalErrors.length));
      const limit = options.maxWarnings;
      const tooManyWarnings = limit !== undefined && limit >= 0 && warningCount > limit;
      return {
        plugins: reports,
        errorCount,
        warningCount,
        internalErrorCount,
        failed: errorCount > 0 || tooManyWarnings || internalErrorCount > 0,
        ...(tooManyWarnings ? { maxWarningsExceeded: { limit, found: warningCount } } : {}),
      };
    },
  };
}

function appliesTo(rule: Rule, plugin: PluginUnderTest): boolean {
  return !rule.targets || rule.targets.includes(plugin.target);
}

function toFinding(rule: Rule, report: RuleReport, override: SeverityOverride | undefined): Finding {
  return {
    ruleId: rule.id,
    severity: override !== undefined && override !== "off" ? override : (report.severity ?? rule.defaultSeverity),
    message: report.message,
    ...(report.hint ? { hint: report.hint } : {}),
    file: report.file.displayPath,
    ...(report.location ? { location: report.location } : {}),
    docs: ruleDocsUrl(rule.id),
    ...(report.fix ? { fix: reportedFix(report.fix, report.file.text) } : {}),
  };
}

function reportedFix(fix: Fix, text: string): ReportedFix {
  return { description: fix.description, edits: fix.edits.map((edit) => ({ ...edit, range: rangeAt(text, edit.start, edit.end) })) };
}

/** By file, then line and column; a finding about a whole file comes before those inside it. Stable for ties. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    const lineA = a.location?.line ?? 0;
    const lineB = b.location?.line ?? 0;
    if (lineA !== lineB) return lineA - lineB;
    return (a.location?.column ?? 0) - (b.location?.column ?? 0);
  });
}

function pluginReport(plugin: Slot["plugin"], findings: Finding[], internalErrors: InternalFailure[]): PluginReport {
  const errorCount = findings.filter((f) => f.severity === "error").length;
  const warningCount = findings.filter((f) => f.severity === "warning").length;
  return {
    name: plugin.name,
    dir: plugin.dir,
    target: plugin.target,
    findings,
    errorCount,
    warningCount,
    internalErrors,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
