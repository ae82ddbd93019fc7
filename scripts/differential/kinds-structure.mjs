// Kinds of single edits to the STRUCTURE of a schema (added after the attribute-level kinds of
// kinds.mjs measured well but other kinds did not): container types swapped or wrapped, companions
// (elements/keys/values/fields) of the wrong shape, flag attributes on every type, fields moved
// between records, entity checks with arguments of every wrong type, the schema's top level and the
// plugins entity's own fields, Kong's typedefs, number-keyed tables and values computed by code.
import { addToArrayAttr, appendItem, removeAttr, removeItem, setAttr } from "./edits.mjs";

const candidate = (description, ...edits) => ({ description, edits: edits.filter(Boolean) });
const describe = (def, what) => `${def.name ?? "?"} (${def.fieldType}, ${def.role}): ${what}`;
const textOf = (context, node) => context.text.slice(node.start ?? node.range[0], node.end ?? node.range[1]);
const replace = (node, text) => ({ start: node.start, end: node.end, text });
const SCALARS = ["string", "number", "integer", "boolean"];
/** Variants are written as latin1 (byte for byte): UTF-8 text is inserted as its bytes. */
const utf8 = (text) => Buffer.from(text, "utf8").toString("latin1");

function* eachDef(context, fn) {
  for (const def of context.definitions) yield* fn(def);
}

const rootOf = (context) => context.records.find((record) => record.isRoot);
const configOf = (context) => {
  const root = rootOf(context);
  const item = root?.fieldItems.find((i) => i.name === "config");
  return item ? context.records.find((record) => record.start === item.definition.range[0]) : undefined;
};

export const STRUCTURE_KINDS = [
  {
    name: "container-swap",
    about: "a field's type swapped between record/array/set/map/scalar, or the field wrapped in / unwrapped from a collection",
    *generate(context) {
      yield* eachDef(context, function* (def) {
        const whole = textOf(context, def);
        const elements = def.attrs.get("elements");
        const values = def.attrs.get("values");
        const fields = def.attrs.get("fields");
        if (def.fieldType === "array") yield candidate(describe(def, 'type = "set"'), setAttr(def, "type", '"set"'));
        if (def.fieldType === "set") yield candidate(describe(def, 'type = "array"'), setAttr(def, "type", '"array"'));
        if (elements && (def.fieldType === "array" || def.fieldType === "set")) {
          const inner = textOf(context, elements.valueNode);
          yield candidate(describe(def, "array → map (values = its elements)"), setAttr(def, "type", '"map"'), replace(elements, `keys = { type = "string" }, values = ${inner}`));
          yield candidate(describe(def, "unwrapped to its elements"), replace(def, inner));
          yield candidate(describe(def, "array → record (fields = { { item = elements } })"), setAttr(def, "type", '"record"'), replace(elements, `fields = { { item = ${inner} } }`));
        }
        if (values && def.fieldType === "map") {
          const inner = textOf(context, values.valueNode);
          yield candidate(describe(def, "map → array (elements = its values)"), setAttr(def, "type", '"array"'), removeAttr(def, "keys"), replace(values, `elements = ${inner}`));
          yield candidate(describe(def, "map → record"), setAttr(def, "type", '"record"'), removeAttr(def, "keys"), replace(values, "fields = {}"));
        }
        if (fields && def.fieldType === "record") {
          yield candidate(describe(def, "record → map of strings"), setAttr(def, "type", '"map"'), replace(fields, 'keys = { type = "string" }, values = { type = "string" }'));
          yield candidate(describe(def, "record → array of records"), replace(def, `{ type = "array", elements = ${whole} }`));
          yield candidate(describe(def, "record → array of records, default = {}"), replace(def, `{ type = "array", default = {}, elements = ${whole} }`));
          yield candidate(describe(def, 'record → json with json_schema'), replace(def, '{ type = "json", json_schema = { inline = { type = "object" } } }'));
        }
        if (SCALARS.includes(def.fieldType)) {
          for (const type of SCALARS) if (type !== def.fieldType) yield candidate(describe(def, `type = "${type}" (other scalar)`), setAttr(def, "type", `"${type}"`));
        }
        yield candidate(describe(def, "wrapped: array of it"), replace(def, `{ type = "array", elements = ${whole} }`));
        yield candidate(describe(def, "wrapped: set of it"), replace(def, `{ type = "set", elements = ${whole} }`));
        yield candidate(describe(def, "wrapped: map of it"), replace(def, `{ type = "map", keys = { type = "string" }, values = ${whole} }`));
        yield candidate(describe(def, "wrapped: record holding it"), replace(def, `{ type = "record", fields = { { inner = ${whole} } } }`));
        yield candidate(describe(def, "wrapped: array of it, required = true"), replace(def, `{ type = "array", required = true, elements = ${whole} }`));
      });
    },
  },
  {
    name: "companion-shape",
    about: "elements / keys / values / fields of the wrong shape (missing type, nested collections without companions, defaults and flags inside)",
    *generate(context) {
      const elements = [
        "{}", '{ type = "record" }', '{ type = "record", fields = {} }', '{ type = "array" }', '{ type = "array", elements = { type = "string" } }',
        '{ type = "map", keys = { type = "string" }, values = { type = "string" } }', '{ type = "string", required = true }', '{ type = "string", default = 5 }',
        '{ type = "string", default = "x" }', '{ type = "foreign", reference = "consumers" }', '{ type = "function" }', '{ type = "json" }', '{ type = "string", unique = true }',
        '{ type = "string", abstract = true }', '{ type = "string", description = "an element of the list" }', '{ { type = "string" } }', '{ "string" }', '"string"',
        '{ type = "string", elements = { type = "string" } }', '{ type = "nope" }', '{ type = "integer", between = { 1, 5 }, default = 9 }', '{ type = "string", one_of = { "a" }, default = "b" }',
        '{ type = "string", referenceable = true }', '{ type = "string", encrypted = true }', '{ type = "boolean", auto = true }', "{ type = \"string\", deprecation = { message = \"m\", removal_in_version = \"4.0\" } }",
      ];
      const fieldsArrays = [
        "{ {} }", '{ "a" }', '{ { a = { type = "string" }, b = { type = "string" } } }', '{ { [1] = { type = "string" } } }', '{ { a = "string" } }', "{ { a = {} } }",
        '{ { a = { type = "string" } }, { a = { type = "integer" } } }', '{ { ["a.b"] = { type = "string" } } }', '{ { [""] = { type = "string" } } }', '{ { a = { type = "string" } }, "b" }',
        "{ { a = { type = \"string\" } }, nil }", '{ [2] = { a = { type = "string" } } }', '{ x = { a = { type = "string" } } }',
      ];
      yield* eachDef(context, function* (def) {
        if (def.fieldType === "array" || def.fieldType === "set") {
          for (const shape of elements) yield candidate(describe(def, `elements = ${shape}`), setAttr(def, "elements", shape));
          yield candidate(describe(def, "elements and keys"), setAttr(def, "keys", '{ type = "string" }'));
        }
        if (def.fieldType === "map") {
          for (const shape of elements) {
            yield candidate(describe(def, `values = ${shape}`), setAttr(def, "values", shape));
            yield candidate(describe(def, `keys = ${shape}`), setAttr(def, "keys", shape));
          }
          yield candidate(describe(def, "map with elements too"), setAttr(def, "elements", '{ type = "string" }'));
        }
        if (def.fieldType === "record") {
          for (const shape of fieldsArrays) yield candidate(describe(def, `fields = ${shape}`), setAttr(def, "fields", shape));
          yield candidate(describe(def, "record with elements too"), setAttr(def, "elements", '{ type = "string" }'));
        }
        if (SCALARS.includes(def.fieldType)) {
          yield candidate(describe(def, "elements on a scalar"), setAttr(def, "elements", '{ type = "string" }'));
          yield candidate(describe(def, "fields on a scalar"), setAttr(def, "fields", "{}"));
          yield candidate(describe(def, "keys and values on a scalar"), setAttr(def, "keys", '{ type = "string" }'), setAttr(def, "values", '{ type = "string" }'));
        }
      });
    },
  },
  {
    name: "flag-attrs",
    about: "auto / unique / immutable / referenceable / encrypted / transient / generate_admin_api / reference / on_delete / json_schema / Enterprise flags on every type, true and false",
    *generate(context) {
      const flags = ["auto", "unique", "immutable", "referenceable", "encrypted", "transient", "generate_admin_api", "abstract", "unique_across_ws", "indexed", "prefix_ws", "db_export", "required"];
      yield* eachDef(context, function* (def) {
        for (const flag of flags) {
          yield candidate(describe(def, `${flag} = true`), setAttr(def, flag, "true"));
          yield candidate(describe(def, `${flag} = false`), setAttr(def, flag, "false"));
        }
        yield candidate(describe(def, 'reference = "consumers"'), setAttr(def, "reference", '"consumers"'));
        yield candidate(describe(def, 'on_delete = "cascade"'), setAttr(def, "on_delete", '"cascade"'));
        yield candidate(describe(def, 'on_delete = "delete"'), setAttr(def, "on_delete", '"delete"'));
        yield candidate(describe(def, "json_schema = { inline = {} }"), setAttr(def, "json_schema", "{ inline = {} }"));
        yield candidate(describe(def, 'examples = { "a" }'), setAttr(def, "examples", '{ "a" }'));
        yield candidate(describe(def, 'err = "bad value"'), setAttr(def, "err", '"bad value"'));
        yield candidate(describe(def, "referenceable = true, encrypted = true"), setAttr(def, "referenceable", "true"), setAttr(def, "encrypted", "true"));
        yield candidate(describe(def, "auto = true, required = true"), setAttr(def, "auto", "true"), setAttr(def, "required", "true"));
        yield candidate(describe(def, "unique = true, unique_across_ws = true"), setAttr(def, "unique", "true"), setAttr(def, "unique_across_ws", "true"));
      });
    },
  },
  {
    name: "field-move",
    about: "a field moved into or out of a nested record, to the schema's top level, duplicated, or renamed to a reserved or odd name",
    *generate(context) {
      const root = rootOf(context);
      const config = configOf(context);
      for (const record of context.records) {
        for (const item of record.fieldItems) {
          const entryText = context.text.slice(item.start, item.end);
          const defText = textOf(context, item.definition);
          if (record.parent) {
            yield candidate(`${item.name}: moved from its record up to the enclosing record`, removeItem(record, item), appendItem(record.parent, entryText));
          }
          if (root && record !== root && record.parent !== root) {
            yield candidate(`${item.name}: moved to the schema's top-level fields`, removeItem(record, item), appendItem(root, entryText));
          }
          yield candidate(`${item.name}: wrapped in a new nested record`, { start: item.start, end: item.end, text: `{ group = { type = "record", fields = { ${entryText} } } }` });
          yield candidate(`${item.name}: written twice`, appendItem(record, entryText));
          yield candidate(`${item.name}: duplicated under another type`, appendItem(record, `{ ${item.name} = { type = "boolean" } }`));
          for (const name of ['["a.b"]', '[""]', '["with space"]', "[1]", "config", "name", "protocols", "id", "_private", "Name", "tags", "enabled", "route"]) {
            if (name === item.name) continue;
            const key = item.definition.range[0];
            const entryStart = context.text.indexOf(item.name, item.start);
            if (entryStart < 0 || entryStart > key) continue;
            yield candidate(`${item.name}: renamed to ${name}`, { start: entryStart, end: entryStart + item.name.length, text: name });
          }
          if (item.definition.type === "TableConstructorExpression" && record === config) {
            yield candidate(`${item.name}: config field also declared at the top level`, appendItem(root, `{ ${item.name} = ${defText} }`));
          }
        }
      }
      if (root && config) {
        for (const item of root.fieldItems) {
          if (item.name === "config") continue;
          yield candidate(`${item.name}: moved from the top level into config`, removeItem(root, item), appendItem(config, context.text.slice(item.start, item.end)));
        }
      }
    },
  },
  {
    name: "entity-check-args",
    about: "every entity checker with arguments of every wrong type, nested paths, and partial conditional forms",
    *generate(context) {
      const config = configOf(context);
      for (const record of context.records) {
        const [a = "a", b = "b"] = record.fieldNames;
        const nested = record.isRoot && config ? config.fieldNames.slice(0, 2).map((n) => `config.${n}`) : [];
        const [p = `${a}.x`, q = `${b}.y`] = nested;
        const lists = ['"x"', "{}", "{ 1 }", "{ true }", '{ a = "b" }', `{ "${p}", "${q}" }`, `{ { "${a}" } }`, "true", `{ "${a}" }`, `{ "${a}", "${a}" }`, `{ "${p}" }`, '{ "config" }'];
        for (const checker of ["at_least_one_of", "only_one_of", "distinct", "mutually_required", "mutually_exclusive"]) {
          for (const list of lists) yield candidate(`${record.isRoot ? "schema" : "record"}: { ${checker} = ${list} }`, addToArrayAttr(record, "entity_checks", `{ ${checker} = ${list} }`));
        }
        const conditionals = [
          `{ conditional = { if_field = "${a}", if_match = { eq = 1 }, then_field = "${b}" } }`,
          `{ conditional = { if_field = "${a}", then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${p}", if_match = { required = true }, then_field = "${q}", then_match = { required = true } } }`,
          `{ conditional = { if_field = 1, if_match = { required = true }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = "x", then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { required = true }, then_field = "${b}", then_match = { required = true }, then_err = 5 } }`,
          `{ conditional = { if_field = "${a}", if_match = { required = true }, then_field = "${b}", then_match = { required = true }, else_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { elements = { type = "string" } }, then_field = "${b}", then_match = { len_min = 1 } } }`,
          `{ conditional = { if_field = "${a}", if_match = { type = "string" }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { default = 1 }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { custom_validator = function() return true end }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { between = { 1 } }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = {} }`,
          `{ conditional = "x" }`,
          `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { required = true }, then_at_least_one_of = { "${b}" }, else_match = { required = false }, else_then_at_least_one_of = { "${a}" } } }`,
          `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { required = true }, then_at_least_one_of = "${b}" } }`,
          `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { required = true }, then_at_least_one_of = { "${b}" }, then_err = 1 } }`,
          `{ conditional_at_least_one_of = { if_field = "${a}", then_at_least_one_of = { "${b}" }, else_then_err = "e" } }`,
          `{ mutually_exclusive_sets = { set1 = { "${a}" }, set2 = { "${b}" } } }`,
          `{ mutually_exclusive_sets = { set1 = "${a}", set2 = { "${b}" } } }`,
          `{ mutually_exclusive_sets = { set1 = { 1 }, set2 = { "${b}" } } }`,
          `{ mutually_exclusive_sets = { set1 = { "${a}" }, set3 = { "${b}" } } }`,
          `{ mutually_exclusive_sets = { set1 = { "${a}" } } }`,
          `{ custom_entity_check = { field_sources = { "${p}" }, fn = function() return true end } }`,
          `{ custom_entity_check = { field_sources = { "${a}" }, fn = function() return nil, "no" end } }`,
          `{ custom_entity_check = { field_sources = { "${a}" }, fn = 5 } }`,
          '{ nope = { "a" } }',
          `{ at_least_one_of = { "${a}" }, nope = 1 }`,
          `{ [1] = { "${a}" } }`,
        ];
        for (const check of conditionals) yield candidate(`${record.isRoot ? "schema" : "record"}: entity_checks += ${check}`, addToArrayAttr(record, "entity_checks", check));
        yield candidate(`${record.isRoot ? "schema" : "record"}: entity_checks = { at_least_one_of = { "${a}" } } (not a list)`, setAttr(record, "entity_checks", `{ at_least_one_of = { "${a}" } }`));
        yield candidate(`${record.isRoot ? "schema" : "record"}: entity_checks = {}`, setAttr(record, "entity_checks", "{}"));
      }
    },
  },
  {
    name: "top-level",
    about: "the schema's own keys: name forms, extra keys (dao, cache_key, supported_partials, …), fields / config missing or of the wrong shape",
    *generate(context) {
      const root = rootOf(context);
      if (!root) return;
      const label = context.label.replace(/^kong:/, "").replace(/.*\//, "");
      for (const name of ["5", '""', '"My Plugin"', '"a.b"', "true", `{ "${label}" }`, `"${label}-x"`, `"${label.toUpperCase()}"`, `"${label}" .. ""`, `("${label}"):lower()`, "nil"]) {
        yield candidate(`name = ${name}`, setAttr(root, "name", name));
      }
      yield candidate("name removed", removeAttr(root, "name"));
      const extras = [
        ["dao", '"kong.plugins.x.daos"'], ["workspaceable", "true"], ["cache_key", '{ "name" }'], ["primary_key", '{ "id" }'], ["ttl", "true"], ["endpoint_key", '"name"'],
        ["subschema_key", '"name"'], ["table_name", '"x"'], ["admin_api_name", '"x"'], ["db_export", "false"], ["generate_admin_api", "false"], ["check", "function() return true end"],
        ["check", "5"], ["supported_partials", '{ ["redis-ce"] = { "config.redis" } }'], ["supported_partials", '{ redis = { "config.redis" } }'], ["foo", "1"], ["no_consumer", "true"],
        ["self_check", "function() return true end"], ["description", '"a plugin that does things"'], ["version", '"1.0.0"'], ["priority", "1000"], ["PRIORITY", "1000"],
        ["transformations", "{ { input = { \"config\" }, on_write = function(c) return {} end } }"], ["transformations", '{ { input = { "nope" }, on_write = function(c) return {} end } }'],
        ["transformations", '{ { input = { "config" } } }'], ["transformations", '"x"'], ["entity_checks", "{}"], ["shorthand_fields", "{}"], ["required", "true"], ["type", '"record"'],
      ];
      for (const [key, value] of extras) yield candidate(`top level: ${key} = ${value}`, setAttr(root, key, value));
      yield candidate("fields removed", removeAttr(root, "fields"));
      yield candidate("fields = {}", setAttr(root, "fields", "{}"));
      yield candidate('fields = "x"', setAttr(root, "fields", '"x"'));
      const config = root.fieldItems.find((item) => item.name === "config");
      if (config) {
        yield candidate("config removed", removeItem(root, config));
        for (const shape of [
          '{ type = "string" }', '{ type = "record", fields = {} }', '{ type = "record" }', '{ type = "record", abstract = true }', '{ type = "map", keys = { type = "string" }, values = { type = "string" } }',
          '{ type = "json", json_schema = { inline = { type = "object" } } }', '{ type = "array", elements = { type = "string" } }',
        ]) {
          yield candidate(`config = ${shape}`, { start: config.definition.range[0], end: config.definition.range[1], text: shape });
        }
        const configRecord = configOf(context);
        if (configRecord) {
          for (const [key, value] of [["required", "false"], ["required", "true"], ["default", "{}"], ["default", "ngx.null"], ["nullable", "true"], ["abstract", "true"], ["description", '"the plugin\'s configuration"'], ["immutable", "true"]]) {
            yield candidate(`config: ${key} = ${value}`, setAttr(configRecord, key, value));
          }
        }
      }
    },
  },
  {
    name: "entity-fields",
    about: "the plugins entity's own fields (consumer, route, service, protocols, consumer_group, enabled, tags, …) added, changed or typed otherwise at the top level",
    *generate(context) {
      const root = rootOf(context);
      if (!root) return;
      const defs = [
        ["consumer", "typedefs.no_consumer"], ["consumer", '{ type = "foreign", reference = "consumers" }'], ["consumer", '{ type = "foreign" }'], ["consumer", '{ type = "string" }'],
        ["consumer", '{ type = "foreign", reference = "nopes" }'], ["consumer", "typedefs.consumer"], ["route", "typedefs.no_route"], ["route", '{ type = "foreign", reference = "services" }'],
        ["service", "typedefs.no_service"], ["service", '{ type = "foreign", reference = "services", default = ngx.null }'], ["service", '{ type = "record", fields = {} }'],
        ["protocols", "typedefs.protocols_http"], ["protocols", "typedefs.protocols"], ["protocols", '{ type = "set", elements = { type = "string", one_of = { "http", "https" } } }'],
        ["protocols", '{ type = "array", elements = { type = "string" } }'], ["protocols", '{ type = "string" }'], ["protocols", '{ type = "set", elements = { type = "integer" } }'],
        ["protocols", '{ type = "set", elements = { type = "string" }, default = { "grpc" } }'], ["protocols", '{ type = "set", elements = { type = "string", one_of = { "http" } }, default = { "https" } }'],
        ["protocols", '{ type = "set", required = true, elements = typedefs.protocol }'], ["protocols", "typedefs.protocols_http { default = { \"http\" } }"],
        ["consumer_group", "typedefs.no_consumer_group"], ["consumer_group", '{ type = "foreign", reference = "consumer_groups" }'], ["enabled", '{ type = "boolean", default = false }'],
        ["enabled", '{ type = "string" }'], ["tags", "typedefs.tags"], ["instance_name", '{ type = "string" }'], ["name", '{ type = "string" }'], ["id", "typedefs.uuid"],
        ["created_at", "typedefs.auto_timestamp_s"], ["updated_at", '{ type = "integer" }'], ["ordering", '{ type = "record", fields = {} }'], ["run_on", '{ type = "string" }'],
        ["config2", '{ type = "record", fields = {} }'],
      ];
      const needsTypedefs = !/typedefs/.test(context.text.slice(0, root.start));
      const prelude = needsTypedefs ? { start: 0, end: 0, text: 'local typedefs = require "kong.db.schema.typedefs"\n' } : undefined;
      for (const [name, def] of defs) {
        const existing = root.fieldItems.find((item) => item.name === name);
        const edit = existing ? { start: existing.definition.range[0], end: existing.definition.range[1], text: def } : appendItem(root, `{ ${name} = ${def} }`);
        yield candidate(`top-level ${name} = ${def}${existing ? " (replaced)" : " (added)"}`, def.includes("typedefs") ? prelude : undefined, edit);
      }
    },
  },
  {
    name: "typedef-field",
    about: "config fields declared with Kong's typedefs (url, host, port, header_name, uuid, …), plain or called with overrides and right / wrong defaults",
    *generate(context) {
      const config = configOf(context);
      if (!config) return;
      const root = rootOf(context);
      const uses = [
        "typedefs.url", 'typedefs.url { default = "http://example.com/x" }', 'typedefs.url { default = "not a url" }', "typedefs.host", 'typedefs.host { default = "example.com" }',
        'typedefs.host { default = "exa mple" }', "typedefs.port", "typedefs.port { default = 8080 }", "typedefs.port { default = 70000 }", "typedefs.header_name",
        'typedefs.header_name { default = "X-Thing" }', 'typedefs.header_name { default = "bad header" }', "typedefs.uuid", 'typedefs.uuid { default = "nope" }', "typedefs.timeout",
        "typedefs.timeout { default = -1 }", "typedefs.path", 'typedefs.path { default = "/a" }', 'typedefs.path { default = "a b" }', "typedefs.http_method",
        'typedefs.http_method { default = "get" }', "typedefs.ip", 'typedefs.ip { default = "1.2.3.4" }', 'typedefs.ip { default = "1.2.3" }', "typedefs.cidr", "typedefs.tags",
        "typedefs.semantic_version", "typedefs.lua_code", "typedefs.certificate", "typedefs.key", "typedefs.nope", "typedefs.host_with_optional_port", "typedefs.sni",
        "typedefs.protocols_http", 'typedefs.redirect_status_code', "typedefs.redirect_status_code { default = 200 }", "typedefs.url { required = true }", "typedefs.port { required = true, default = 80 }",
        "typedefs.name", 'typedefs.name { default = "a b" }', "typedefs.ttl", "typedefs.ttl { default = 10 }", "typedefs.utf8_name", "typedefs.jwk",
      ];
      const needsTypedefs = !/typedefs/.test(context.text.slice(0, root?.start ?? 0));
      const prelude = needsTypedefs ? { start: 0, end: 0, text: 'local typedefs = require "kong.db.schema.typedefs"\n' } : undefined;
      for (const use of uses) yield candidate(`config fields += { added = ${use} }`, prelude, appendItem(config, `{ added = ${use} }`));
    },
  },
  {
    name: "number-keyed",
    about: "tables written with explicit number keys ([1] = …) as defaults, validator arguments and lists, with and without holes",
    *generate(context) {
      const lists = ['{ [1] = "a", [2] = "b" }', '{ [2] = "a" }', '{ [1] = "a", [3] = "b" }', '{ [0] = "a" }', '{ [1.5] = "a" }', '{ [1] = "a", "b" }', '{ "a", [2] = "b" }', '{ [-1] = "a" }', '{ [1] = 5 }', '{ ["1"] = "a" }'];
      yield* eachDef(context, function* (def) {
        for (const list of lists) yield candidate(describe(def, `default = ${list}`), setAttr(def, "default", list));
        if (SCALARS.includes(def.fieldType)) {
          yield candidate(describe(def, 'one_of = { [1] = "a", [2] = "b" }, default = "b"'), setAttr(def, "one_of", '{ [1] = "a", [2] = "b" }'), setAttr(def, "default", '"b"'));
          yield candidate(describe(def, 'one_of = { [2] = "a" }, default = "a"'), setAttr(def, "one_of", '{ [2] = "a" }'), setAttr(def, "default", '"a"'));
          yield candidate(describe(def, "between = { [1] = 1, [2] = 5 }, default = 3"), setAttr(def, "between", "{ [1] = 1, [2] = 5 }"), setAttr(def, "default", "3"));
          yield candidate(describe(def, "between = { [2] = 5, [1] = 1 }"), setAttr(def, "between", "{ [2] = 5, [1] = 1 }"));
          yield candidate(describe(def, "between = { [1] = 1, [3] = 5 }"), setAttr(def, "between", "{ [1] = 1, [3] = 5 }"));
        }
      });
      for (const record of context.records) {
        const item = record.fieldItems[0];
        if (!item) continue;
        const entry = context.text.slice(item.start, item.end);
        yield candidate(`fields: first entry written as [1] = …`, { start: item.start, end: item.start, text: "[1] = " });
        yield candidate(`fields: an entry at [100]`, appendItem(record, `[100] = { extra = { type = "string" } }`));
        yield candidate(`fields: first entry also written at [1]`, appendItem(record, `[1] = ${entry}`));
      }
    },
  },
  {
    name: "computed-values",
    about: "defaults and arguments computed by code (arithmetic, concatenation, string and math library, locals, functions, conditionals)",
    *generate(context) {
      const exprs = [
        "60 * 60", "10 / 4", "7 % 3", "2 ^ 3", "-(5)", '"a" .. "b"', '"ab" .. 1', "1 .. 2", "#\"abc\"", "math.huge", "-math.huge", "math.floor(2.5)", "math.max(1, 9)", "tostring(5)", 'tonumber("5")',
        'string.rep("a", 3)', 'string.format("%d", 5)', '("x"):upper()', '("a,b"):sub(1, 1)', "nil or 5", "false and 1 or 2", "(1 > 0) and \"a\" or \"b\"", "not nil", "1 == 1",
        "(function() return 5 end)()", '(function() return "abc" end)()', 'select(2, "a", "b")', 'table.concat({ "a", "b" }, ",")', "#{ 1, 2 }", "0/0", "1e309",
        'os.getenv("NOPE")', "ngx.null", 'require("kong.constants").PROTOCOLS[1]',
      ];
      yield* eachDef(context, function* (def) {
        for (const expr of exprs) yield candidate(describe(def, `default = ${expr}`), setAttr(def, "default", expr));
        if (SCALARS.includes(def.fieldType)) {
          yield candidate(describe(def, "between = { 0, 2 ^ 10 }"), setAttr(def, "between", "{ 0, 2 ^ 10 }"));
          yield candidate(describe(def, 'one_of = { ("a"):rep(2), "b" }, default = "aa"'), setAttr(def, "one_of", '{ ("a"):rep(2), "b" }'), setAttr(def, "default", '"aa"'));
          yield candidate(describe(def, "len_min = 1 + 1"), setAttr(def, "len_min", "1 + 1"));
          yield candidate(describe(def, "len_min = 3 / 2"), setAttr(def, "len_min", "3 / 2"));
        }
      });
      const root = rootOf(context);
      if (root) {
        yield candidate("the schema table returned through a function", { start: root.start, end: root.start, text: "(function(t) return t end)(" }, { start: root.end, end: root.end, text: ")" });
        yield candidate("the schema table returned through setmetatable", { start: root.start, end: root.start, text: "setmetatable(" }, { start: root.end, end: root.end, text: ", {})" });
        const config = root.fieldItems.find((item) => item.name === "config");
        if (config) {
          const text = textOf(context, config.definition);
          // before the statement holding the schema table (after the locals it uses)
          const at = context.text.lastIndexOf("\n", root.start) + 1;
          yield candidate("config built by an if/else", { start: at, end: at, text: `local CONFIG\nif os.getenv("NOPE") then CONFIG = { type = "record", fields = {} } else CONFIG = ${text} end\n` }, { start: config.definition.range[0], end: config.definition.range[1], text: "CONFIG" });
          yield candidate("config built by an if/else, one branch a string", { start: at, end: at, text: `local CONFIG\nif os.getenv("NOPE") then CONFIG = "x" else CONFIG = ${text} end\n` }, { start: config.definition.range[0], end: config.definition.range[1], text: "CONFIG" });
          yield candidate("config returned by a function", { start: config.definition.range[0], end: config.definition.range[1], text: `(function() return ${text} end)()` });
          yield candidate("config copied by a loop", { start: at, end: at, text: `local function copy(t) local r = {} for k, v in pairs(t) do r[k] = v end return r end\n` }, { start: config.definition.range[0], end: config.definition.range[1], text: `copy(${text})` });
        }
      }
    },
  },
  {
    name: "literal-forms",
    about: "strings and numbers written in other literal forms (escapes, long brackets, multibyte UTF-8, hex and exponent numbers) against length, one_of, match and integer checks",
    *generate(context) {
      const strings = ['"\\65bc"', '"\\x41bc"', '"a\\0b"', '"\\u{48}i"', "[[abc]]", "[==[a]]b]==]", '"\\z   abc"', "'abc'", '"é"', '"日本"', '"tab\\tx"', '"\\097bc"'].map(utf8);
      const numbers = ["0x10", "1e2", ".5", "5.", "0x1p4", "1E+2", "-0", "2^53", "9007199254740993", "0xffffffff", "1e308 * 10", "5.0"];
      yield* eachDef(context, function* (def) {
        if (def.fieldType === "string") {
          for (const value of strings) {
            yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
            yield candidate(describe(def, `default = ${value}, len_max = 3`), setAttr(def, "default", value), setAttr(def, "len_max", "3"));
            yield candidate(describe(def, `default = ${value}, len_eq = 2`), setAttr(def, "default", value), setAttr(def, "len_eq", "2"));
            yield candidate(describe(def, `default = ${value}, one_of = { "Abc", "abc", "é" }`), setAttr(def, "default", value), setAttr(def, "one_of", utf8('{ "Abc", "abc", "é" }')));
            yield candidate(describe(def, `default = ${value}, match = "^%a+$"`), setAttr(def, "default", value), setAttr(def, "match", '"^%a+$"'));
          }
        }
        if (def.fieldType === "integer" || def.fieldType === "number") {
          for (const value of numbers) {
            yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
            yield candidate(describe(def, `default = ${value}, between = { 0, 100 }`), setAttr(def, "default", value), setAttr(def, "between", "{ 0, 100 }"));
          }
        }
        yield candidate(describe(def, 'description = "ééééé" (10 bytes)'), setAttr(def, "description", utf8('"ééééé"')));
        yield candidate(describe(def, 'description = "éééé" (8 bytes)'), setAttr(def, "description", utf8('"éééé"')));
        yield candidate(describe(def, "description = [[a long\nbracket string]]"), setAttr(def, "description", "[[a long\nbracket string]]"));
        yield candidate(describe(def, 'description = "\\65\\66\\67"'), setAttr(def, "description", '"\\65\\66\\67"'));
      });
    },
  },
  {
    name: "local-refactor",
    about: "a field definition moved into a local (declared before the schema), reused by two fields, or made by a local function; with and without an error inside",
    *generate(context) {
      const root = rootOf(context);
      if (!root) return;
      for (const record of context.records) {
        if (record === root) continue;
        for (const item of record.fieldItems) {
          if (item.definition.type !== "TableConstructorExpression") continue;
          // before the top-level statement that holds the field
          const at = Math.max(...context.statementStarts.filter((start) => start <= item.start));
          const defText = textOf(context, item.definition);
          const definition = { start: item.definition.range[0], end: item.definition.range[1] };
          const local = `local FIELD_DEF = ${defText}\n`;
          yield candidate(`${item.name}: definition held in a local`, { start: at, end: at, text: local }, replace(definition, "FIELD_DEF"));
          yield candidate(`${item.name}: definition in a local, shared with a second field`, { start: at, end: at, text: local }, replace(definition, "FIELD_DEF"), appendItem(record, "{ shared_copy = FIELD_DEF }"));
          yield candidate(`${item.name}: definition in a local, default overwritten by an assignment`, { start: at, end: at, text: `${local}FIELD_DEF.default = 12345\n` }, replace(definition, "FIELD_DEF"));
          yield candidate(`${item.name}: definition in a local, required set by an assignment`, { start: at, end: at, text: `${local}FIELD_DEF.required = true\n` }, replace(definition, "FIELD_DEF"));
          yield candidate(`${item.name}: definition in a local, attribute typo set by an assignment`, { start: at, end: at, text: `${local}FIELD_DEF.requird = true\n` }, replace(definition, "FIELD_DEF"));
          yield candidate(`${item.name}: definition made by a local function`, { start: at, end: at, text: `local function make_def() return ${defText} end\n` }, replace(definition, "make_def()"));
          yield candidate(`${item.name}: definition made by a local function, with a bad default`, { start: at, end: at, text: `local function make_def() local d = ${defText} d.default = {} return d end\n` }, replace(definition, "make_def()"));
          yield candidate(`${item.name}: the entry built with table.insert after the fact`, { start: at, end: at, text: `local EXTRA = { extra = { type = "string", default = 5 } }\n` }, appendItem(record, "EXTRA"));
        }
      }
    },
  },
  {
    name: "syntax-forms",
    about: "Lua syntax LuaJIT does or does not accept (5.3/5.4 operators, LuaJIT number suffixes, separators, goto, attributes, shebang)",
    *generate(context) {
      const expressions = ["7 // 2", "1 & 3", "1 << 2", "~1", "1LL", "0x10ULL", "1i", "2 != 3", "5 --[[ comment ]]", "5 --[==[ long ]==]", "(5)", "- -5", "not not true", "#{}"];
      yield* eachDef(context, function* (def) {
        for (const expression of expressions) yield candidate(describe(def, `default = ${expression}`), setAttr(def, "default", expression));
        const [first, second] = def.entries;
        if (first && second) {
          const separator = { start: first.end, end: second.start, text: " " };
          yield candidate(describe(def, "separator between two attributes removed"), separator);
          yield candidate(describe(def, "separator between two attributes is ;"), { ...separator, text: "; " });
          yield candidate(describe(def, "separator doubled (,,)"), { ...separator, text: ",, " });
        }
        yield candidate(describe(def, "trailing separator ;"), { start: def.end - 1, end: def.end - 1, text: ";" });
      });
      const root = rootOf(context);
      if (!root) return;
      const at = Math.max(...context.statementStarts.filter((start) => start <= root.start));
      const prefixes = [
        "#!/usr/bin/env luajit\n", "goto skip\n::skip::\n", "local LIMIT <const> = 10\n", "local _ = 1 // 1\n", "do local _ = 1 end\n", "local _ = 0x1p4\n",
        'local _ = "unterminated\n', "local t = {} t[#t + 1] = 1\n", "local _ = ...\n", "if false then error('x') end\n", "local _ = function(...) return select('#', ...) end\n",
      ];
      for (const prefix of prefixes) {
        const start = prefix.startsWith("#!") ? 0 : at;
        yield candidate(`before the schema: ${prefix.trim()}`, { start, end: start, text: prefix });
      }
      yield candidate("a second return value", { start: root.end, end: root.end, text: ", 1" });
      yield candidate("the schema returned in parentheses", { start: root.start, end: root.start, text: "(" }, { start: root.end, end: root.end, text: ")" });
    },
  },
];
