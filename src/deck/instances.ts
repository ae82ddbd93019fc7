import type { SourceLocation } from "../lua/parse.js";
import type { ConfigTable, ConfigValue } from "../plugin-config/value.js";
import type { DeckFile } from "./read.js";

/*
 * The plugin instances of a decK state file (decK's file format: _format_version 1.1 and 3.0):
 * `plugins:` at the top level and nested under services, routes (also nested in services),
 * consumers and consumer groups. A nested instance is scoped to its parent, as decK does it when it
 * syncs. `_plugin_configs` + `_config` share one config between instances.
 */

export interface DeckInstance {
  file: DeckFile;
  /** plugin name as written; undefined when the entry has none */
  name: string | undefined;
  /** instance_name when given, else its path: services[api].routes[r1].plugins[0] */
  label: string;
  path: string;
  /** the plugin entity decK would send (scope as {id}, `_config` merged) */
  entity: ConfigTable;
  /** where the entry starts (its name when it has one) */
  at: SourceLocation | undefined;
  /** decK-level problems (e.g. `_config` naming no `_plugin_configs` entry) */
  problems: { message: string; hint: string; at: SourceLocation | undefined }[];
}

type Scope = Partial<Record<"service" | "route" | "consumer" | "consumer_group", SourceLocation | undefined>>;

/** decK's own keys of a plugin entry that are not plugin entity fields. */
const DECK_ONLY_KEYS = new Set(["_config"]);
const SCOPE_KEYS = ["service", "route", "consumer", "consumer_group"] as const;

const str = (value: ConfigValue | undefined): string | undefined => (value?.kind === "string" ? value.value : value?.kind === "number" ? String(value.value) : undefined);
const list = (value: ConfigValue | undefined): ConfigValue[] => (value?.kind === "table" ? value.items : []);

export function findInstances(file: DeckFile): DeckInstance[] {
  const out: DeckInstance[] = [];
  file.documents.forEach((doc, docIndex) => {
    const prefix = file.documents.length > 1 ? `document ${docIndex + 1}: ` : "";
    const shared = doc.fields.get("_plugin_configs");
    const collect = (owner: ConfigValue | undefined, path: string, scope: Scope): void => {
      list(owner?.kind === "table" ? owner.fields.get("plugins") : undefined).forEach((entry, i) => {
        out.push(instanceOf(file, entry, `${prefix}${path}${path ? "." : ""}plugins[${i}]`, scope, shared));
      });
    };
    collect(doc, "", {});
    list(doc.fields.get("services")).forEach((service, i) => {
      const servicePath = `services[${labelOf(service, ["name", "id"], i)}]`;
      collect(service, servicePath, { service: service.at });
      list(service.kind === "table" ? service.fields.get("routes") : undefined).forEach((route, j) => {
        const routePath = `${servicePath}.routes[${labelOf(route, ["name", "id"], j)}]`;
        collect(route, routePath, { service: service.at, route: route.at });
      });
    });
    list(doc.fields.get("routes")).forEach((route, i) => collect(route, `routes[${labelOf(route, ["name", "id"], i)}]`, { route: route.at }));
    list(doc.fields.get("consumers")).forEach((consumer, i) => collect(consumer, `consumers[${labelOf(consumer, ["username", "custom_id", "id"], i)}]`, { consumer: consumer.at }));
    list(doc.fields.get("consumer_groups")).forEach((group, i) => collect(group, `consumer_groups[${labelOf(group, ["name", "id"], i)}]`, { consumer_group: group.at }));
  });
  return out;
}

function labelOf(value: ConfigValue, keys: string[], index: number): string {
  for (const key of keys) {
    const text = value.kind === "table" ? str(value.fields.get(key)) : undefined;
    if (text) return text;
  }
  return String(index);
}

/** A stand-in foreign key: Kong checks only that route/service/consumer is set (or must be null). */
function foreignKey(at: SourceLocation | undefined): ConfigTable {
  return { kind: "table", items: [], fields: new Map([["id", { kind: "string", value: "00000000-0000-4000-8000-000000000000", at }]]), at };
}

function instanceOf(file: DeckFile, entry: ConfigValue, path: string, scope: Scope, shared: ConfigValue | undefined): DeckInstance {
  const problems: DeckInstance["problems"] = [];
  if (entry.kind !== "table") {
    return { file, name: undefined, label: path, path, entity: { kind: "table", items: [], fields: new Map(), at: entry.at }, at: entry.at, problems: [{ message: "a plugin entry must be a mapping", hint: "write name: and config: under it", at: entry.at }] };
  }
  const entity: ConfigTable = { kind: "table", items: [], fields: new Map(), keyAt: new Map(entry.keyAt ?? []), at: entry.at };
  for (const [key, value] of entry.fields) {
    if (DECK_ONLY_KEYS.has(key)) continue;
    // a scope written as a name or id (or {id}/{name}): decK resolves it to the entity's id
    entity.fields.set(key, (SCOPE_KEYS as readonly string[]).includes(key) && value.kind !== "null" ? foreignKey(value.at) : value);
  }
  for (const key of SCOPE_KEYS) {
    if (key in scope && !entity.fields.has(key)) entity.fields.set(key, foreignKey(entry.fields.get("name")?.at ?? entry.at));
  }
  const configName = entry.fields.get("_config");
  if (configName !== undefined) {
    const name = str(configName);
    const base = name !== undefined && shared?.kind === "table" ? shared.fields.get(name) : undefined;
    if (base?.kind === "table") {
      const own = entry.fields.get("config");
      const fields = new Map(base.fields);
      if (own?.kind === "table") for (const [k, v] of own.fields) fields.set(k, v);
      entity.fields.set("config", { kind: "table", items: [], fields, keyAt: new Map([...(base.keyAt ?? []), ...(own?.kind === "table" ? (own.keyAt ?? []) : [])]), at: own?.at ?? base.at });
    } else {
      problems.push({ message: `_config: ${name ?? "?"} is not an entry of _plugin_configs`, hint: "add it under _plugin_configs, or fix the name", at: configName.at });
    }
  }
  const name = str(entry.fields.get("name"));
  const instanceName = str(entry.fields.get("instance_name"));
  return { file, name, label: instanceName ?? path, path, entity, at: entry.fields.get("name")?.at ?? entry.at, problems };
}
