import { isAbsolute, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { ReportedFix } from "../fix/types.js";
import type { Finding, Rule, Severity } from "../rules/types.js";
import type { ValidationReport } from "../validate/types.js";
import { version } from "../version.js";

export interface SarifOptions {
  /** every rule kplug knows (not only those that fired), so results can point at them by index */
  rules: Rule[];
  /** paths are made relative to this directory (the `%SRCROOT%` base) */
  cwd: string;
}

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://www.npmjs.com/package/kplug";

/** The subset of SARIF 2.1.0 that kplug writes. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  originalUriBaseIds: Record<string, { uri: string }>;
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
}

export interface SarifDriver {
  name: "kplug";
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help?: { text: string };
  defaultConfiguration: { level: SarifLevel; enabled?: false };
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** SARIF §3.55: a fix as replacements in one artifact. */
export interface SarifFix {
  description: { text: string };
  artifactChanges: { artifactLocation: { uri: string; uriBaseId?: string }; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[];
}

export interface SarifResult {
  fixes?: SarifFix[];
  ruleId: string;
  ruleIndex?: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
}

/** "schema/unknown-attribute" → "SchemaUnknownAttribute": SARIF wants a readable, identifier-like name. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

function sarifRule(rule: Rule): SarifRule {
  // helpUri must be a URI; some rules cite a Kong source file instead, which goes in help.text
  const isUrl = /^https?:\/\//.test(rule.source);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.why },
    ...(isUrl ? { helpUri: rule.source } : { help: { text: `Source: ${rule.source}` } }),
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity), ...(rule.offByDefault ? { enabled: false as const } : {}) },
  };
}

/** A path relative to cwd with forward slashes (percent-encoded per segment), or a file: URI when outside it. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

function sarifResult(finding: Finding, indexById: Map<string, number>, cwd: string): SarifResult {
  const index = indexById.get(finding.ruleId);
  const at = finding.location;
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: sarifLevel(finding.severity),
    message: { text: finding.hint ? `${finding.message} (${finding.hint})` : finding.message },
    ...(finding.fix ? { fixes: [sarifFix(finding.fix, artifactLocation(finding.file, cwd))] } : {}),
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, cwd),
          ...(at ? { region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn } } : {}),
        },
      },
    ],
  };
}

/** The SARIF log object (for callers that merge it with other tools' runs). */
export function toSarif(report: ValidationReport, options: SarifOptions): SarifLog {
  const indexById = new Map(options.rules.map((rule, i) => [rule.id, i]));
  // SARIF requires the base URI to end with a slash
  const root = pathToFileURL(options.cwd).href.replace(/\/?$/, "/");
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "kplug", version, semanticVersion: version, informationUri: INFORMATION_URI, rules: options.rules.map(sarifRule) },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: root } },
        // SourceLocation columns count UTF-16 code units, which is also SARIF's default; say so explicitly
        columnKind: "utf16CodeUnits",
        results: [
          ...report.plugins.flatMap((plugin) => plugin.findings.map((f) => sarifResult(f, indexById, options.cwd))),
          // what the decK config check could not decide offline: informational, a SARIF "note"
          ...(report.configs?.notes ?? []).map((note) =>
            sarifResult({ ruleId: "config/not-checkable", severity: "info", message: `${note.instance}: ${note.message}`, file: note.file, docs: "", ...(note.location ? { location: note.location } : {}) }, indexById, options.cwd),
          ),
        ],
      },
    ],
  };
}

/** `kplug validate --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function renderSarif(report: ValidationReport, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

type SarifLevel = "error" | "warning" | "note";

/** SARIF calls an informational result a "note". */
function sarifLevel(severity: Severity): SarifLevel {
  return severity === "info" ? "note" : severity;
}

function sarifFix(fix: ReportedFix, artifact: { uri: string; uriBaseId?: string }): SarifFix {
  const replacements = fix.edits.map((edit) => ({
    deletedRegion: { startLine: edit.range.line, startColumn: edit.range.column, endLine: edit.range.endLine, endColumn: edit.range.endColumn },
    insertedContent: { text: edit.text },
  }));
  return { description: { text: fix.description }, artifactChanges: [{ artifactLocation: artifact, replacements }] };
}
