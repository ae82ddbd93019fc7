import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLua } from "../../src/lua/parse.js";
import type { PluginFile, PluginUnderTest, Rule, Severity, Target } from "../../src/rules/types.js";
import type { SourceLocation } from "../../src/lua/parse.js";

export const fixturesRoot = fileURLToPath(new URL("../../fixtures/", import.meta.url));

export interface PluginOptions {
  /** plugin name (directory name); default "my-plugin" */
  name?: string;
  target?: Target;
  strict?: boolean;
  /** text of handler.lua, when the test needs one */
  handler?: string;
  /** where the schema notionally lives (for messages); default /virtual/<name>/schema.lua */
  path?: string;
}

function pluginFile(path: string, relPath: string, text: string): PluginFile {
  return { path, displayPath: path, relPath, text, bytes: Buffer.byteLength(text) };
}

/** A PluginUnderTest built from schema.lua text, as the loader would build it. */
export function pluginFromSchema(text: string, options: PluginOptions = {}): PluginUnderTest {
  const name = options.name ?? "my-plugin";
  const schemaPath = options.path ?? `/virtual/${name}/schema.lua`;
  const dir = dirname(schemaPath);
  const entries = ["schema.lua"];
  const handler = options.handler === undefined ? undefined : pluginFile(`${dir}/handler.lua`, "handler.lua", options.handler);
  if (handler) entries.push("handler.lua");
  return {
    name,
    dir,
    entries,
    target: options.target ?? "schema",
    strict: options.strict ?? false,
    schema: { file: pluginFile(schemaPath, "schema.lua", text), source: parseLua(text) },
    handler: handler ? { file: handler, source: parseLua(handler.text) } : undefined,
    otherLua: [],
  };
}

/** A fixture's schema.lua (path relative to fixtures/); the plugin name defaults to the fixture's directory name. */
export function pluginFromFixture(relativeDir: string, options: PluginOptions = {}): PluginUnderTest {
  const dir = resolve(fixturesRoot, relativeDir);
  const name = options.name ?? dir.split("/").pop() ?? "plugin";
  const text = readFileSync(`${dir}/schema.lua`, "utf8");
  let handler = options.handler;
  try {
    handler ??= readFileSync(`${dir}/handler.lua`, "utf8");
  } catch {
    // no handler.lua in this fixture
  }
  return pluginFromSchema(text, { ...options, name, path: `${dir}/schema.lua`, ...(handler === undefined ? {} : { handler }) });
}

export interface TestFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  hint?: string;
  line?: number;
  column?: number;
  location?: SourceLocation;
}

/** Runs rules as the runner does (rule id, effective severity) and returns the findings. */
export function runRules(rules: Rule | Rule[], plugin: PluginUnderTest): TestFinding[] {
  const findings: TestFinding[] = [];
  for (const rule of Array.isArray(rules) ? rules : [rules]) {
    if (rule.targets && !rule.targets.includes(plugin.target)) continue;
    rule.check(plugin, (report) => {
      findings.push({
        ruleId: rule.id,
        severity: report.severity ?? rule.defaultSeverity,
        message: report.message,
        ...(report.hint ? { hint: report.hint } : {}),
        ...(report.location ? { line: report.location.line, column: report.location.column, location: report.location } : {}),
      });
    });
  }
  return findings;
}
