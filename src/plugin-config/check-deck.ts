import type { DeckFile } from "../deck/read.js";
import { findInstances } from "../deck/instances.js";
import type { DeckInstance } from "../deck/instances.js";
import { evaluateSchema } from "../lua/evaluate.js";
import { bundledEdition } from "../rules/data/bundled-plugins.js";
import type { Finding, PluginUnderTest } from "../rules/types.js";
import { editDistance } from "../text/edit-distance.js";
import type { LuaFunctionRunner } from "./context.js";
import type { CONFIG_RULES} from "./config-rules.js";
import { configRuleDocs } from "./config-rules.js";
import { checkPluginEntity, pluginSchemaOf } from "./plugin-entity.js";
import type { PluginSchema } from "./plugin-entity.js";

/*
 * `kplug validate --deck kong.yaml`: every plugin instance in the decK files whose name is one of
 * the local plugins is checked as Kong checks an insert of a plugin entity; the others are counted.
 */

export interface ConfigNote {
  file: string;
  location?: Finding["location"];
  instance: string;
  message: string;
}

export interface ConfigCheckSummary {
  files: string[];
  instances: number;
  checked: number;
  /** instances of plugins kplug has no schema for, by name */
  notChecked: { name: string; count: number; bundled: boolean }[];
  /** values kplug cannot decide offline (decK env placeholders, Kong's own validators…) */
  notes: ConfigNote[];
}

export interface ConfigCheckResult {
  /** plugin name → findings on its instances */
  findings: Map<string, Finding[]>;
  /** findings on instances of no local plugin (unknown names under --strict, decK file problems) */
  orphanFindings: Finding[];
  summary: ConfigCheckSummary;
}

export interface ConfigCheckOptions {
  strict: boolean;
  /** plugins whose schema.lua Kong would refuse to load, with the rule that says so: their instances cannot exist */
  refusedSchemas?: ReadonlyMap<string, string>;
  /** starts a Lua sandbox for a schema.lua; only called when a checked instance's schema has functions */
  createRunner?: (schemaText: string) => Promise<LuaFunctionRunner | { error: string }>;
}

export async function checkDeckFiles(plugins: readonly PluginUnderTest[], files: readonly DeckFile[], options: ConfigCheckOptions): Promise<ConfigCheckResult> {
  const findings = new Map<string, Finding[]>(plugins.map((p) => [p.name, []]));
  const orphanFindings: Finding[] = [];
  const notes: ConfigNote[] = [];
  const notChecked = new Map<string, number>();
  const schemas = new Map<string, PluginSchema | { unknown: string }>();
  const runners = new Map<string, Promise<LuaFunctionRunner | { error: string }>>();
  const byName = new Map(plugins.map((p) => [p.name, p]));
  let instances = 0;
  let checked = 0;

  for (const file of files) {
    for (const instance of findInstances(file)) {
      instances++;
      const sink = instance.name !== undefined && byName.has(instance.name) ? (findings.get(instance.name) as Finding[]) : orphanFindings;
      for (const problem of instance.problems) sink.push(finding(instance, "config/deck-file", "error", problem.message, problem.hint, problem.at));
      const plugin = instance.name === undefined ? undefined : byName.get(instance.name);
      if (!plugin) {
        const name = instance.name ?? "(no name)";
        notChecked.set(name, (notChecked.get(name) ?? 0) + 1);
        if (options.strict && instance.name !== undefined && !bundledEdition(instance.name)) {
          orphanFindings.push(finding(instance, "config/unknown-plugin", "error", `${instance.label}: plugin '${instance.name}' is neither a local plugin nor one Kong bundles`, unknownPluginHint(instance.name, plugins), instance.at));
        } else if (instance.name === undefined) {
          orphanFindings.push(finding(instance, "config/deck-file", "error", `${instance.label}: a plugin entry without a name`, "add name: <plugin>", instance.at));
        }
        continue;
      }
      const refusedBy = options.refusedSchemas?.get(plugin.name);
      if (refusedBy !== undefined) {
        notes.push({ file: file.displayPath, location: instance.at, instance: instance.label, message: `not checked: ${plugin.name}'s schema.lua has errors Kong would refuse to load it for (${refusedBy}); fix them first` });
        continue;
      }
      const schema = schemaOf(plugin, schemas);
      if ("unknown" in schema) {
        notes.push({ file: file.displayPath, location: instance.at, instance: instance.label, message: `not checked: ${plugin.name}'s schema.lua could not be read statically (${schema.unknown})` });
        continue;
      }
      checked++;
      let runner: LuaFunctionRunner | undefined;
      if (schema.usesLuaFunctions && options.createRunner && plugin.schema) {
        let started = runners.get(plugin.name);
        if (!started) {
          started = options.createRunner(plugin.schema.file.text);
          runners.set(plugin.name, started);
        }
        const made = await started;
        if ("error" in made) notes.push({ file: file.displayPath, location: instance.at, instance: instance.label, message: made.error });
        else runner = made;
      }
      const ctx = checkPluginEntity(schema, instance.entity, runner);
      for (const problem of ctx.problems) {
        const where = problem.display ? `${problem.display}: ` : "";
        if (problem.kind === "not-checkable") {
          notes.push({ file: file.displayPath, location: problem.at ?? instance.at, instance: instance.label, message: `${where}not checkable: ${problem.message}` });
          continue;
        }
        const error = problem.kind === "error";
        sink.push(
          finding(
            instance,
            error ? "config/invalid" : "config/deprecated",
            error ? "error" : "warning",
            `${instance.label}: ${where}${problem.message}`,
            problem.hint ?? (error ? "Konnect would reject this plugin instance with HTTP 400; fix the value" : "move to the field that replaces it"),
            problem.at ?? instance.at,
          ),
        );
      }
    }
  }
  return {
    findings,
    orphanFindings,
    summary: {
      files: files.map((f) => f.displayPath),
      instances,
      checked,
      notChecked: [...notChecked].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, count]) => ({ name, count, bundled: bundledEdition(name) !== undefined })),
      notes,
    },
  };
}

function schemaOf(plugin: PluginUnderTest, cache: Map<string, PluginSchema | { unknown: string }>): PluginSchema | { unknown: string } {
  const cached = cache.get(plugin.name);
  if (cached) return cached;
  let schema: PluginSchema | { unknown: string };
  if (!plugin.schema?.source.chunk) schema = { unknown: "schema.lua does not parse" };
  else {
    const value = evaluateSchema(plugin.schema.source).value;
    schema = value?.kind === "table" ? pluginSchemaOf(plugin.name, value) : { unknown: "schema.lua does not return a table known statically" };
  }
  cache.set(plugin.name, schema);
  return schema;
}

function unknownPluginHint(name: string, plugins: readonly PluginUnderTest[]): string {
  const close = plugins.map((p) => p.name).find((candidate) => editDistance(candidate, name) <= 2);
  return close ? `did you mean ${close}?` : "fix the name, or pass that plugin's directory to kplug validate";
}

function finding(instance: DeckInstance, ruleId: keyof typeof CONFIG_RULES, severity: Finding["severity"], message: string, hint: string, at: Finding["location"]): Finding {
  return { ruleId, severity, message, hint, file: instance.file.displayPath, ...(at ? { location: at } : {}), docs: configRuleDocs(ruleId) };
}
