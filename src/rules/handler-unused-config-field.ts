import { configFieldNames } from "./handler-support/config-fields.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

export const handlerUnusedConfigFieldRule: Rule = {
  id: "handler/unused-config-field",
  defaultSeverity: "info",
  offByDefault: true,
  title: "every config field is read by some plugin Lua file (off by default)",
  why:
    "A field no Lua file of the plugin reads is configuration users can set that changes nothing: often left over after a refactor. Text search, so a field read in a computed way (conf[name]) may be reported; hence off by default: turn it on with rules: { handler/unused-config-field: info }.",
  source: "https://developer.konghq.com/custom-plugins/handler.lua/",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    const fields = configFieldNames(plugin);
    if (!schema || !fields) return;
    const code = [plugin.handler?.file.text ?? "", ...plugin.otherLua.map((file) => file.text)].join("\n");
    if (code === "") return;
    for (const definition of schemaFields(schema).definitions) {
      if (definition.role !== "field" || definition.path !== `config.${definition.name}`) continue;
      if (isRead(definition.name, code)) continue;
      report({
        message: `config.${definition.name} is never read by handler.lua or another Lua file of the plugin`,
        hint: `use conf.${definition.name} in the handler, or remove the field from the schema`,
        file: schema.module.file,
        location: definition.location,
      });
    }
  },
};

/** `.name` or `["name"]` / `'name'` anywhere in the code (not followed by more identifier characters). */
function isRead(name: string, code: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`\\.\\s*${escaped}(?![A-Za-z0-9_])|["']${escaped}["']`).test(code);
}
