import { displayDirOf } from "./plugin-files.js";
import type { PluginSetRule } from "./plugin-set-rule.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { tableGet } from "./schema-support/fields.js";
import type { PluginFile, PluginUnderTest, RuleReport } from "./types.js";

/** The name a plugin declares: the schema's literal `name` when known, else the plugin (directory) name. */
function declaredName(plugin: PluginUnderTest): { name: string; location: RuleReport["location"] } {
  const schema = evaluatedSchema(plugin);
  const entry = schema?.table ? tableGet(schema.table, "name") : undefined;
  if (entry?.value.kind === "string") return { name: entry.value.value, location: entry.value.location };
  return { name: plugin.name, location: undefined };
}

/** What the rule keeps of each plugin while the run goes on. */
interface DeclaredName {
  name: string;
  location: RuleReport["location"];
  dir: string;
  schema: PluginFile | undefined;
}

export const konnectUniqueNameRule: PluginSetRule<DeclaredName> = {
  id: "konnect/unique-name",
  defaultSeverity: "error",
  title: "two plugins checked together must not declare the same name",
  why:
    "Konnect keys custom plugins by name: a second schema with the same name is rejected (`schema already exists for plugin`) or silently replaces the first when pushed.",
  source: "https://developer.konghq.com/custom-plugins/konnect-hybrid-mode/",
  check() {
    // checked across the plugins of a run, in checkPlugins
  },
  summarize(plugin) {
    return { ...declaredName(plugin), dir: displayDirOf(plugin), schema: plugin.schema?.file };
  },
  checkPlugins(plugins, report) {
    const byName = new Map<string, number[]>();
    for (const [index, plugin] of plugins.entries()) {
      const list = byName.get(plugin.name) ?? [];
      list.push(index);
      byName.set(plugin.name, list);
    }
    for (const [name, holders] of byName) {
      if (holders.length < 2) continue;
      for (const index of holders) {
        const { schema, location } = plugins[index] as DeclaredName;
        const others = holders.filter((other) => other !== index).map((other) => plugins[other]?.dir);
        if (!schema) continue;
        report(index, {
          message: `plugin name "${name}" is also declared by ${others.join(", ")}: Konnect requires each custom plugin to have a unique name`,
          hint: "rename one of the plugins (its directory and the schema's name), or check them in separate runs",
          file: schema,
          ...(location ? { location } : {}),
        });
      }
    }
  },
};
