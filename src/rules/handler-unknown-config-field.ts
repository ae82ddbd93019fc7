import { closest } from "./schema-support/metaschema.js";
import { resolveFieldPath, tableGet } from "./schema-support/fields.js";
import { configFieldNames } from "./handler-support/config-fields.js";
import { confAccesses, handlerMethods } from "./handler-support/handler-conf.js";
import { isKongPhase } from "./handler-support/phases.js";
import type { LuaTable, LuaValue } from "../lua/values.js";
import type { Rule } from "./types.js";

export const handlerUnknownConfigFieldRule: Rule = {
  id: "handler/unknown-config-field",
  defaultSeverity: "warning",
  title: "handler.lua only reads conf.<field> (and conf.a.b) that the schema's config declares",
  why:
    "Kong hands the handler the configuration the schema validated: a field the schema does not declare (a typo, or one removed from the schema) is always nil, so the code silently takes its fallback path.",
  source: "https://developer.konghq.com/custom-plugins/handler.lua/",
  check(plugin, report) {
    const handler = plugin.handler;
    const chunk = handler?.source.chunk;
    if (!handler || !chunk) return;
    const fields = configFieldNames(plugin);
    if (!fields) return;
    const phases = handlerMethods(chunk).filter((m) => isKongPhase(m.name));
    for (const access of confAccesses(chunk, phases)) {
      const { path } = access;
      // Kong's own keys on every configuration (plugins iterator): never declared by a schema
      if (path[0]?.startsWith("__")) continue;
      // report only where the path first leaves the schema: conf.a.b is not reported again under conf.a
      if (path.length > 1 && resolveFieldPath(path.slice(0, -1), fields) !== true) continue;
      if (resolveFieldPath(path, fields) !== false) continue;
      const name = path[path.length - 1] ?? "";
      const siblings = path.length === 1 ? [...fields.keys()] : nestedNames(fields, path.slice(0, -1));
      const suggestion = closest(name, siblings);
      const dotted = `conf.${path.join(".")}`;
      report({
        message: `${dotted}: the schema's config${path.length > 1 ? `.${path.slice(0, -1).join(".")}` : ""} has no field ${name}, so this is always nil`,
        hint: suggestion ? `did you mean conf.${[...path.slice(0, -1), suggestion].join(".")}?` : `declare ${name} in schema.lua, or remove the read`,
        file: handler.file,
        location: handler.source.locate(access.node),
      });
    }
  },
};

/** Field names of the record at `path` (already known to resolve). */
function nestedNames(fields: Map<string, LuaTable | undefined>, path: string[]): string[] {
  let definition: LuaTable | undefined;
  let names: Map<string, LuaTable | undefined> | undefined = fields;
  for (const part of path) {
    definition = names?.get(part);
    const nested: LuaValue | undefined = definition ? tableGet(definition, "fields")?.value : undefined;
    if (nested?.kind !== "table") return [];
    names = new Map(nested.items.flatMap((item: LuaValue) => (item.kind === "table" ? item.fields.map((f) => [f.key, f.value.kind === "table" ? f.value : undefined] as const) : [])));
  }
  return [...(names?.keys() ?? [])];
}
