// Kinds of single edits written as an independent tester would (added after the attribute and
// structure kinds measured well on themselves but not on edits nobody had written yet): validator
// arguments of every wrong Lua type, field types changed with their attributes kept, defaults of
// every wrong type on every typed field, fields entries removed / duplicated / reordered, nested
// collections, typedef substitutions, Lua literal and expression forms (escapes, coercing
// arithmetic), and tables changed after their construction.
import { addToArrayAttr, appendEntry, appendItem, removeAttr, removeItem, setAttr } from "./edits.mjs";

const candidate = (description, ...edits) => ({ description, edits: edits.filter(Boolean) });
const describe = (def, what) => `${def.name ?? "?"} (${def.fieldType}, ${def.role}): ${what}`;
const textOf = (context, node) => context.text.slice(node.start ?? node.range[0], node.end ?? node.range[1]);
const replace = (node, text) => ({ start: node.start ?? node.range[0], end: node.end ?? node.range[1], text });
const TYPES = ["string", "number", "integer", "boolean", "array", "set", "map", "record", "function", "foreign", "json"];
/** every Lua type of value, as source text */
const WRONG_VALUES = ['"s"', '""', "7", "-1", "0.5", "true", "false", "{}", '{ "s" }', "{ k = 1 }", "function() end", "ngx.null"];

function* eachDef(context, fn) {
  for (const def of context.definitions) yield* fn(def);
}

const rootOf = (context) => context.records.find((record) => record.isRoot);

/** before the top-level statement that holds `offset` (after the locals it uses) */
const statementBefore = (context, offset) => Math.max(0, ...context.statementStarts.filter((start) => start <= offset));

/** Each field definition written inline in a record's fields (not the schema's own), with where a statement can go before it. */
function* eachInlineField(context) {
  const root = rootOf(context);
  if (!root) return;
  for (const record of context.records) {
    if (record === root) continue;
    for (const item of record.fieldItems) {
      if (item.definition.type !== "TableConstructorExpression") continue;
      yield { record, item, at: statementBefore(context, item.start), defText: textOf(context, item.definition) };
    }
  }
}

export const WIDE_KINDS = [
  {
    name: "validator-arg-lua-type",
    about: "each validator attribute given an argument of every Lua type (string, number, negative, fraction, boolean, tables, function, ngx.null)",
    *generate(context) {
      const validators = ["between", "eq", "ne", "gt", "len_eq", "len_min", "len_max", "match", "not_match", "match_all", "match_none", "match_any", "starts_with", "one_of", "not_one_of", "contains", "is_regex", "timestamp", "uuid", "custom_validator", "mutually_exclusive_subsets"];
      yield* eachDef(context, function* (def) {
        for (const validator of validators) {
          for (const value of WRONG_VALUES) yield candidate(describe(def, `${validator} = ${value}`), setAttr(def, validator, value));
        }
      });
    },
  },
  {
    name: "validator-arg-edge",
    about: "validator arguments at their edges: empty lists, negative and fractional lengths, reversed or open ranges, huge numbers, non-sequence tables",
    *generate(context) {
      const pairs = [
        ["between", "{}"], ["between", "{ 5, 5 }"], ["between", "{ -math.huge, math.huge }"], ["between", "{ 0, 1e308 }"], ["between", '{ 1, "10" }'], ["between", "{ min = 1, max = 2 }"], ["between", "{ nil, 2 }"],
        ["len_min", "-1"], ["len_max", "-1"], ["len_eq", "0"], ["len_min", "1e9"], ["len_max", "0"], ["len_eq", "1.5"], ["len_min", '"1"'],
        ["one_of", "{}"], ["not_one_of", "{}"], ["one_of", "{ {} }"], ["one_of", "{ ngx.null }"], ["one_of", '{ [1] = "a", x = "b" }'], ["one_of", "{ true, false }"],
        ["match", '""'], ["match", '"."'], ["match_all", "{}"], ["match_none", "{}"], ["match_any", "{ patterns = {} }"], ["match_any", '{ patterns = { "a" }, err = 5 }'], ["match_all", '{ { pattern = "a", err = 5 } }'],
        ["match_all", '{ { pattern = "a", err = "e", extra = 1 } }'], ["match_any", '{ patterns = { 1 } }'], ["starts_with", '""'], ["contains", "{}"], ["contains", "ngx.null"],
        ["mutually_exclusive_subsets", "{}"], ["mutually_exclusive_subsets", "{ {} }"], ["mutually_exclusive_subsets", '{ { "a" }, "b" }'], ["gt", "-math.huge"], ["gt", "0/0"], ["eq", "0/0"],
        ["uuid", "false"], ["timestamp", "false"], ["is_regex", "false"], ["custom_validator", "print"],
      ];
      yield* eachDef(context, function* (def) {
        for (const [attr, argument] of pairs) yield candidate(describe(def, `${attr} = ${argument}`), setAttr(def, attr, argument));
      });
    },
  },
  {
    name: "retype-keep-attrs",
    about: "a field's type changed to each other type while its attributes (default, validators, companions) stay as written",
    *generate(context) {
      yield* eachDef(context, function* (def) {
        if (def.attrs.size < 2) return;
        for (const type of TYPES) if (type !== def.fieldType) yield candidate(describe(def, `type = "${type}", other attributes kept`), setAttr(def, "type", `"${type}"`));
      });
    },
  },
  {
    name: "default-every-type",
    about: "defaults of every Lua type on each typed field, also in elements / keys / values and with required / abstract beside them",
    *generate(context) {
      yield* eachDef(context, function* (def) {
        for (const value of WRONG_VALUES) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
          if (def.role === "field") yield candidate(describe(def, `default = ${value}, required = true`), setAttr(def, "default", value), setAttr(def, "required", "true"));
        }
        const inner = def.attrs.get("elements") ?? def.attrs.get("values");
        if (inner?.valueNode.type === "TableConstructorExpression") {
          for (const value of ['"s"', "7", "true", "{}"]) {
            yield candidate(describe(def, `default = { ${value} } (one item)`), setAttr(def, "default", `{ ${value} }`));
            yield candidate(describe(def, `default = { k = ${value} } (one keyed entry)`), setAttr(def, "default", `{ k = ${value} }`));
          }
        }
      });
    },
  },
  {
    name: "fields-entries",
    about: "entries of a fields array removed, swapped, duplicated, emptied, or replaced by non-field values",
    *generate(context) {
      for (const record of context.records) {
        const items = record.fieldItems;
        const ranges = record.fieldsList.ranges;
        for (const item of items) {
          yield candidate(`${item.name}: entry removed`, removeItem(record, item));
          yield candidate(`${item.name}: entry emptied to {}`, { start: item.start, end: item.end, text: "{}" });
          yield candidate(`${item.name}: entry replaced by "${item.name}"`, { start: item.start, end: item.end, text: `"${item.name}"` });
          yield candidate(`${item.name}: entry replaced by true`, { start: item.start, end: item.end, text: "true" });
          yield candidate(`${item.name}: definition replaced by its type name`, replace(item.definition, '"string"'));
          yield candidate(`${item.name}: definition replaced by {}`, replace(item.definition, "{}"));
          yield candidate(`${item.name}: definition replaced by nil`, replace(item.definition, "nil"));
          yield candidate(`${item.name}: definition replaced by true`, replace(item.definition, "true"));
        }
        if (items.length >= 2) {
          const [a, b] = items;
          yield candidate(`${a.name} and ${b.name}: entries swapped`, { start: a.start, end: a.end, text: textOf(context, b) }, { start: b.start, end: b.end, text: textOf(context, a) });
          yield candidate(`${a.name} and ${b.name}: one entry holding both`, { start: a.start, end: a.end, text: `${textOf(context, a).replace(/}\s*$/, "")}, ${b.name} = ${textOf(context, b.definition)} }` }, removeItem(record, b));
        }
        if (ranges.length > 0) {
          yield candidate("fields: a nil entry at the end", appendItem(record, "nil"));
          yield candidate("fields: a {} entry at the end", appendItem(record, "{}"));
          yield candidate("fields: a keyed entry (x = { … }) in the array", appendItem(record, 'x = { type = "string" }'));
        }
      }
    },
  },
  {
    name: "nested-collections",
    about: "records, arrays, sets and maps nested in each other, with element / key / value types, defaults and required fields inside",
    *generate(context) {
      const shapes = [
        '{ type = "array", elements = { type = "set", elements = { type = "string" } } }',
        '{ type = "set", elements = { type = "array", elements = { type = "string" } } }',
        '{ type = "set", elements = { type = "record", fields = { { a = { type = "string" } } } } }',
        '{ type = "set", elements = { type = "map", keys = { type = "string" }, values = { type = "string" } } }',
        '{ type = "map", keys = { type = "integer" }, values = { type = "string" } }',
        '{ type = "map", keys = { type = "number" }, values = { type = "string" } }',
        '{ type = "map", keys = { type = "boolean" }, values = { type = "string" } }',
        '{ type = "map", keys = { type = "record", fields = {} }, values = { type = "string" } }',
        '{ type = "map", keys = { type = "array", elements = { type = "string" } }, values = { type = "string" } }',
        '{ type = "map", keys = { type = "string", one_of = { "a" } }, values = { type = "string" }, default = { b = "x" } }',
        '{ type = "map", keys = { type = "string" }, values = { type = "record", fields = { { a = { type = "string", required = true } } } } }',
        '{ type = "map", keys = { type = "string" }, values = { type = "record", fields = { { a = { type = "string", required = true } } } }, default = { k = {} } }',
        '{ type = "map", keys = { type = "string" }, values = { type = "array", elements = { type = "integer" } }, default = { k = { 1, "x" } } }',
        '{ type = "array", elements = { type = "record", fields = { { a = { type = "string", required = true } } } }, default = { {} } }',
        '{ type = "array", elements = { type = "record", fields = { { a = { type = "string", default = "x" } } } }, default = { {} } }',
        '{ type = "array", elements = { type = "array", elements = { type = "integer", between = { 1, 3 } } }, default = { { 1, 9 } } }',
        '{ type = "record", fields = { { r = { type = "record", fields = { { s = { type = "set", elements = { type = "string" } } } } } } } }',
        '{ type = "record", fields = { { r = { type = "record", fields = { { s = { type = "string", required = true } } } } } } }',
        '{ type = "record", fields = { { r = { type = "record", required = true, fields = { { s = { type = "string", required = true } } } } } } }',
        '{ type = "record", fields = { { r = { type = "record", fields = { { s = { type = "string" } } } } } }, default = { r = { s = 1 } } }',
        '{ type = "record", fields = { { r = { type = "record", fields = { { s = { type = "string" } } } } } }, default = { r = { t = "x" } } }',
        '{ type = "set", elements = { type = "string", one_of = { "a", "b" } }, default = { "a", "c" } }',
        '{ type = "set", elements = { type = "integer" }, default = { 1, 1 } }',
        '{ type = "array", elements = { type = "string", len_min = 2 }, default = { "a" } }',
        '{ type = "array", elements = { type = "string" }, len_min = 1, default = {} }',
        '{ type = "map", keys = { type = "string" }, values = { type = "string" }, len_min = 1, default = {} }',
        '{ type = "set", elements = { type = "string" }, len_max = 1, default = { "a", "b" } }',
        '{ type = "array", elements = { type = "string" }, contains = "a", default = { "b" } }',
        '{ type = "array", elements = { type = "string" }, contains = "a", default = { "a" } }',
      ];
      for (const record of context.records) {
        for (const shape of shapes) yield candidate(`${record.isRoot ? "schema" : "record"}: fields += { nested = ${shape} }`, appendItem(record, `{ nested = ${shape} }`));
      }
    },
  },
  {
    name: "entity-check-shapes",
    about: "entity_checks lists of the wrong shape: non-table entries, empty checks, several checkers in one entry, unknown checker names, empty argument lists",
    *generate(context) {
      for (const record of context.records) {
        const [a = "a", b = "b"] = record.fieldNames;
        const where = record.isRoot ? "schema" : "record";
        const entries = [
          '"x"', "5", "true", "{}", "{ {} }", `{ at_least_one_of = {} }`, `{ only_one_of = {} }`, `{ distinct = {} }`, `{ mutually_required = {} }`, `{ mutually_exclusive = {} }`,
          `{ mutually_exclusive_sets = {} }`, `{ at_least_one_of = { "${a}" }, mutually_exclusive = { "${a}", "${b}" } }`, `{ At_Least_One_Of = { "${a}" } }`, `{ unique = { "${a}" } }`,
          `{ required = { "${a}" } }`, `{ conditional = { if_field = "${a}", if_match = {}, then_field = "${b}", then_match = {} } }`, `{ only_one_of = { "${a}" } }`,
          `{ distinct = { "${a}" } }`, `{ custom_entity_check = {} }`, `{ custom_entity_check = { field_sources = { "${a}" }, fn = function() return true end }, at_least_one_of = { "${a}" } }`,
        ];
        for (const entry of entries) yield candidate(`${where}: entity_checks += ${entry}`, addToArrayAttr(record, "entity_checks", entry));
        for (const value of ['"x"', "5", "true", "function() end", "ngx.null", '{ x = { at_least_one_of = { "a" } } }']) {
          yield candidate(`${where}: entity_checks = ${value}`, setAttr(record, "entity_checks", value));
        }
      }
    },
  },
  {
    name: "shorthand-extra",
    about: "shorthand_fields beside fields: names clashing with a field, wrong top-level values, shorthands with deprecation / replaced_with, nested records, and several at once",
    *generate(context) {
      const F = "func = function(v) return {} end";
      for (const record of context.records) {
        const [a = "a"] = record.fieldNames;
        const where = record.isRoot ? "schema" : "record";
        const entries = [
          `{ ${a} = { type = "string", ${F} } }`, `{ sh = { type = "string", ${F}, deprecation = { message = "m", removal_in_version = "4.0", replaced_with = { { path = { "${a}" } } } } } }`,
          `{ sh = { type = "string", ${F}, deprecation = { message = "m", removal_in_version = "4.0", replaced_with = { { path = {} } } } } }`,
          `{ sh = { type = "record", fields = { { a = { type = "string" } } }, ${F} } }`, `{ sh = { type = "record", fields = { { a = { type = "string", default = 1 } } }, ${F} } }`,
          `{ sh = { type = "number", between = { 1, 2 }, default = 5, ${F} } }`, `{ sh = { type = "set", elements = { type = "string" }, ${F} } }`,
          `{ sh = { type = "map", keys = { type = "string" }, values = { type = "string" }, ${F} } }`, `{ sh = { type = "json", ${F} } }`,
          `{ sh = { type = "string", required = true, ${F} } }`, `{ sh = { type = "string", ${F}, func = "x" } }`, `{ sh = { type = "string", func = function() end, func2 = 1 } }`,
          `{ sh = { type = "string", ${F} } }, { sh = { type = "integer", ${F} } }`, "{}", '"x"', "5",
        ];
        for (const entry of entries) yield candidate(`${where}: shorthand_fields += ${entry}`, addToArrayAttr(record, "shorthand_fields", entry));
        for (const value of ['"x"', "5", "true", "{}", "function() end", `{ sh = { type = "string", ${F} } }`]) {
          yield candidate(`${where}: shorthand_fields = ${value}`, setAttr(record, "shorthand_fields", value));
        }
      }
    },
  },
  {
    name: "typedef-substitute",
    about: "a field definition replaced by a Kong typedef (plain, called, or called with overrides that break it)",
    *generate(context) {
      const typedefs = [
        "typedefs.protocols_http", "typedefs.protocols", "typedefs.no_consumer", "typedefs.consumer", "typedefs.route", "typedefs.service", "typedefs.no_route", "typedefs.no_service",
        "typedefs.host", "typedefs.port", "typedefs.url", "typedefs.header_name", "typedefs.path", "typedefs.tags", "typedefs.key", "typedefs.uuid", "typedefs.auto_timestamp_s",
        "typedefs.redis_host", "typedefs.lua_code", "typedefs.protocols_http { required = false }", "typedefs.host { type = \"integer\" }", "typedefs.port { between = { 1, 2 } }",
        'typedefs.url { default = 5 }', "typedefs.tags { elements = { type = \"integer\" } }", "typedefs.header_name()", 'typedefs.protocols_http { default = { "tcp" } }',
        "typedefs.uuid { auto = true }", "typedefs.host { required = true, default = ngx.null }",
      ];
      const root = rootOf(context);
      const needsTypedefs = !/typedefs/.test(context.text.slice(0, root?.start ?? 0));
      const prelude = needsTypedefs ? { start: 0, end: 0, text: 'local typedefs = require "kong.db.schema.typedefs"\n' } : undefined;
      for (const record of context.records) {
        for (const item of record.fieldItems) {
          if (item.definition.type !== "TableConstructorExpression") continue;
          for (const typedef of typedefs) yield candidate(`${item.name}: definition = ${typedef}`, prelude, replace(item.definition, typedef));
        }
      }
    },
  },
  {
    name: "lua-expression-forms",
    about: "values written as Lua expressions: string escapes and long strings, numeric literal forms, unary minus, arithmetic on numeric strings, concatenation, and/or, comparisons",
    *generate(context) {
      const strings = ['"a\\nb"', '"a\\"b"', '"a\\\\b"', "'it''s'", '"\\x41"', '"\\255"', "[==[\nx]==]", "[[\nline]]", '"a" .. "b" .. "c"', '"n" .. 5', '5 .. ""', '"x" .. 1.5', '("a"):rep(0)'];
      const numbers = ["0X1P4", "0x.8", "1e-2", ".5e1", "-0x10", "- 5", '-"3"', '"10" * 2', '"5" + 0', '"0x10" + 0', '" 5 " + 1', '"1e1" * 1', "2^-1", "7 % -3", "-7 % 3", "1/0", "-1/0", "10 // 1"];
      const logic = ['nil and 5 or "x"', '5 and "x"', "false or nil", "1 < 2", '"a" < "b"', "not 5", '#"" == 0 and 1 or 2'];
      yield* eachDef(context, function* (def) {
        for (const value of [...strings, ...numbers, ...logic]) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
          if (def.fieldType === "string" || def.fieldType === "integer" || def.fieldType === "number") {
            yield candidate(describe(def, `one_of = { ${value} }, default = ${value}`), setAttr(def, "one_of", `{ ${value} }`), setAttr(def, "default", value));
          }
        }
        for (const value of ['"1" + 1', '"2"', "-(-2)", "2 * 1.5"]) yield candidate(describe(def, `len_min = ${value}`), setAttr(def, "len_min", value));
        for (const value of ['{ "1", 5 }', '{ 1, "5" + 0 }', "{ -1, - -1 }"]) yield candidate(describe(def, `between = ${value}`), setAttr(def, "between", value));
      });
    },
  },
  {
    name: "after-construction",
    about: "a field definition changed after its table is built: t.attr = …, t[\"attr\"] = …, rawset, table.insert / remove on its lists, setmetatable, a loop adding fields",
    *generate(context) {
      for (const { item, at, defText } of eachInlineField(context)) {
        const local = `local D = ${defText}\n`;
        const use = replace(item.definition, "D");
        const after = (code, what) => candidate(`${item.name}: ${what}`, { start: at, end: at, text: `${local}${code}\n` }, use);
        yield after('D["default"] = 5', 'D["default"] = 5');
        yield after('D["type"] = "nope"', 'D["type"] = "nope"');
        yield after('rawset(D, "default", {})', 'rawset(D, "default", {})');
        yield after("D.default = nil", "D.default = nil");
        yield after("D.required = nil", "D.required = nil");
        yield after('D.type = "integer"', 'D.type = "integer"');
        yield after('D.one_of = { "zz" }', 'D.one_of = { "zz" }');
        yield after("D.len_min = 1e9", "D.len_min = 1e9");
        yield after('D.foo = "bar"', 'D.foo = "bar"');
        yield after("setmetatable(D, {})", "setmetatable(D, {})");
        yield after('D = setmetatable({}, { __index = D })', "replaced by a table reading it through __index");
        yield after('local copy = {} for k, v in pairs(D) do copy[k] = v end D = copy', "copied by a pairs loop");
        yield after("if false then D.default = {} end", "changed in a branch that does not run");
        yield after('if true then D.description = "x" end', "description too short set in a branch that runs");
        yield after("do D.default = {} end", "changed inside do … end");
        yield after("for _ = 1, 1 do D.default = {} end", "changed inside a loop");
        yield after("local function f() D.default = {} end f()", "changed by a local function it calls");
      }
      const root = rootOf(context);
      if (!root) return;
      for (const record of context.records) {
        if (record === root) continue;
        const fields = record.attrs.get("fields");
        if (!fields || fields.valueNode.type !== "TableConstructorExpression") continue;
        const at = statementBefore(context, record.start);
        const useFields = replace(fields.valueNode, "F");
        const list = `local F = ${textOf(context, fields.valueNode)}\n`;
        const withList = (code, what) => candidate(`fields of ${record.isRoot ? "the schema" : "a record"}: ${what}`, { start: at, end: at, text: `${list}${code}\n` }, useFields);
        yield withList('table.insert(F, { extra = { type = "string", default = 5 } })', "table.insert of a bad field");
        yield withList('table.insert(F, { extra = { type = "string", default = "x" } })', "table.insert of a good field");
        yield withList('table.insert(F, 1, { extra = { type = "nope" } })', "table.insert at position 1 of a bad field");
        yield withList("table.remove(F)", "table.remove of the last field");
        yield withList('F[#F + 1] = { extra = { type = "integer", default = 1.5 } }', "F[#F + 1] = a bad field");
        yield withList('for _, n in ipairs({ "e1", "e2" }) do F[#F + 1] = { [n] = { type = "string" } } end', "fields added by an ipairs loop");
        yield withList('for _, n in ipairs({ "e1", "e2" }) do F[#F + 1] = { [n] = { type = "strin" } } end', "bad fields added by an ipairs loop");
        yield withList('for i = 1, 2 do table.insert(F, { ["e" .. i] = { type = "integer", default = "x" } }) end', "bad fields added by a numeric loop");
      }
    },
  },
  {
    name: "if-else-values",
    about: "a field definition or a default chosen by if / else: conditions known statically or not, branches that agree or differ, one branch bad",
    *generate(context) {
      for (const { item, at, defText } of eachInlineField(context)) {
        const use = replace(item.definition, "D");
        const bad = '{ type = "string", default = 5 }';
        const forms = [
          [`local D\nif true then D = ${defText} else D = ${bad} end\n`, "if true: good, else: bad"],
          [`local D\nif false then D = ${defText} else D = ${bad} end\n`, "if false: good, else: bad"],
          [`local D\nif os.getenv("X") then D = ${defText} else D = ${defText} end\n`, "unknown condition, same branches"],
          [`local D\nif os.getenv("X") then D = ${defText} else D = ${bad} end\n`, "unknown condition, else bad"],
          [`local D\nif os.getenv("X") then D = ${bad} else D = ${bad} end\n`, "unknown condition, both bad"],
          [`local D = ${defText}\nif os.getenv("X") then D = ${bad} end\n`, "unknown condition, bad replaces good"],
          [`local D = ${bad}\nif 1 == 1 then D = ${defText} end\n`, "1 == 1 replaces bad with good"],
          [`local D = ${defText}\nif nil then D = ${bad} end\n`, "if nil: bad not assigned"],
          [`local D\nif pcall(error) then D = ${bad} else D = ${defText} end\n`, "pcall(error) chooses the else branch"],
          [`local D\nif type(ngx) == "table" then D = ${defText} else D = ${bad} end\n`, "type(ngx) == table chooses the good branch"],
          [`local D = os.getenv("X") and ${bad} or ${defText}\n`, "and/or with an unknown condition, one side bad"],
          [`local D = os.getenv("X") and ${defText} or ${defText}\n`, "and/or with an unknown condition, same sides"],
        ];
        for (const [code, what] of forms) yield candidate(`${item.name}: ${what}`, { start: at, end: at, text: code }, use);
      }
    },
  },
  {
    name: "required-optional",
    about: "required / optional / nullable flags swapped or combined with defaults, nil and ngx.null, on fields, elements, values and nested records",
    *generate(context) {
      yield* eachDef(context, function* (def) {
        const forms = [
          [["required", "true"], ["default", "nil"]], [["required", "false"], ["default", "ngx.null"]], [["required", "nil"]], [["required", "true"], ["optional", "true"]],
          [["optional", "true"]], [["nullable", "true"]], [["nullable", "false"]], [["required", "true"], ["nullable", "true"]], [["required", "ngx.null"]],
          [["required", "true"], ["abstract", "true"]], [["required", "true"], ["auto", "true"]], [["required", "true"], ["default", "{}"]], [["required", "true"], ["default", '""']],
        ];
        for (const form of forms) {
          yield candidate(describe(def, form.map(([k, v]) => `${k} = ${v}`).join(", ")), ...form.map(([k, v]) => setAttr(def, k, v)));
        }
        if (def.attrs.has("required")) yield candidate(describe(def, "required removed, default kept"), removeAttr(def, "required"));
        if (def.attrs.has("default")) yield candidate(describe(def, "default removed, required = true"), removeAttr(def, "default"), setAttr(def, "required", "true"));
      });
    },
  },
  {
    name: "attr-bag",
    about: "attributes Kong has but for other places (schema-level keys on a field, field keys on the schema), and several unrelated attributes at once",
    *generate(context) {
      const onField = [
        ["name", '"x"'], ["primary_key", '{ "id" }'], ["cache_key", '{ "x" }'], ["endpoint_key", '"x"'], ["workspaceable", "true"], ["ttl", "true"], ["subschema_key", '"x"'],
        ["dao", '"x"'], ["check", "function() return true end"], ["transformations", "{}"], ["entity_checks", "{}"], ["shorthand_fields", "{}"], ["supported_partials", "{}"],
        ["table_name", '"x"'], ["admin_api_name", '"x"'], ["fields", '{ { a = { type = "string" } } }'], ["legacy", "true"], ["nilable", "true"], ["type", '"record"'],
      ];
      yield* eachDef(context, function* (def) {
        for (const [attr, value] of onField) yield candidate(describe(def, `${attr} = ${value}`), setAttr(def, attr, value));
        yield candidate(describe(def, 'len_min = 1, len_max = 2, description = "a field described", examples = { "ab" }'), appendEntry(def, 'len_min = 1, len_max = 2, description = "a field described", examples = { "ab" }'));
        yield candidate(describe(def, 'required = true, default = "ab", one_of = { "ab" }, match = "^a"'), appendEntry(def, 'required = true, default = "ab", one_of = { "ab" }, match = "^a"'));
      });
      const root = rootOf(context);
      if (!root) return;
      for (const [attr, value] of [["default", "{}"], ["required", "true"], ["elements", '{ type = "string" }'], ["one_of", '{ "a" }'], ["description", '"a plugin schema described"'], ["deprecation", '{ message = "m", removal_in_version = "4.0" }'], ["abstract", "true"], ["auto", "true"]]) {
        yield candidate(`schema: ${attr} = ${value}`, setAttr(root, attr, value));
      }
    },
  },
  {
    name: "collection-validators",
    about: "validators on arrays, sets, maps and records checked against table defaults (length of a map, eq / one_of on tables, match on a table, contains)",
    *generate(context) {
      const pairs = [
        ["len_min", "1", '{ a = "x" }'], ["len_max", "0", '{ a = "x" }'], ["len_eq", "1", '{ "a" }'], ["len_eq", "0", '{ a = "x" }'], ["len_min", "2", '{ "a", "b" }'],
        ["eq", '{ "a" }', '{ "a" }'], ["ne", "{}", "{}"], ["one_of", '{ { "a" } }', '{ "a" }'], ["not_one_of", "{ {} }", "{}"], ["match", '"a"', '{ "a" }'],
        ["starts_with", '"a"', '{ "a" }'], ["contains", '"a"', '{ "a", "b" }'], ["contains", '"c"', '{ "a", "b" }'], ["contains", "1", "{ 1, 2 }"], ["between", "{ 1, 2 }", "{ 1 }"],
        ["gt", "0", "{ 1 }"], ["uuid", "true", "{}"], ["timestamp", "true", "{}"], ["is_regex", "true", "{}"], ["mutually_exclusive_subsets", '{ { "a" }, { "b" } }', '{ "a", "b" }'],
        ["mutually_exclusive_subsets", '{ { "a" }, { "b" } }', '{ "a" }'],
      ];
      yield* eachDef(context, function* (def) {
        if (!["array", "set", "map", "record"].includes(def.fieldType)) return;
        for (const [validator, argument, value] of pairs) {
          yield candidate(describe(def, `${validator} = ${argument}, default = ${value}`), setAttr(def, validator, argument), setAttr(def, "default", value));
        }
      });
    },
  },
  {
    name: "keys-values-validators",
    about: "validators on a map's keys and values, an array's elements and a record's fields, with collection defaults that break or keep them",
    *generate(context) {
      const shapes = [
        ['{ type = "map", keys = { type = "string", match = "^a" }, values = { type = "string" }, default = { b = "x" } }', "key not matching"],
        ['{ type = "map", keys = { type = "string", match = "^a" }, values = { type = "string" }, default = { ab = "x" } }', "key matching"],
        ['{ type = "map", keys = { type = "string", len_max = 1 }, values = { type = "string" }, default = { ab = "x" } }', "key too long"],
        ['{ type = "map", keys = { type = "string" }, values = { type = "integer", between = { 1, 3 } }, default = { a = 5 } }', "value out of range"],
        ['{ type = "map", keys = { type = "string" }, values = { type = "integer", between = { 1, 3 } }, default = { a = 2 } }', "value in range"],
        ['{ type = "map", keys = { type = "string" }, values = { type = "string", one_of = { "x" } }, default = { a = "y" } }', "value not one_of"],
        ['{ type = "map", keys = { type = "integer" }, values = { type = "string" }, default = { "x" } }', "integer keys from a sequence"],
        ['{ type = "map", keys = { type = "string" }, values = { type = "string" }, default = { "x" } }', "string keys, sequence default"],
        ['{ type = "map", keys = { type = "string" }, values = { type = "string", default = "d" }, default = { a = "x" } }', "values with a default"],
        ['{ type = "array", elements = { type = "string", match = "^a" }, default = { "b" } }', "element not matching"],
        ['{ type = "array", elements = { type = "string", starts_with = "a" }, default = { "ab" } }', "element starts_with"],
        ['{ type = "array", elements = { type = "string", len_min = 0 }, default = { "" } }', "empty element with len_min = 0"],
        ['{ type = "array", elements = { type = "string" }, default = { "" } }', "empty element"],
        ['{ type = "set", elements = { type = "number", gt = 1 }, default = { 1 } }', "element not gt"],
        ['{ type = "array", elements = { type = "string", uuid = true }, default = { "x" } }', "element not a uuid"],
        ['{ type = "record", fields = { { a = { type = "string", match = "^a" } } }, default = { a = "b" } }', "record field not matching"],
        ['{ type = "record", fields = { { a = { type = "integer", default = 5, between = { 1, 3 } } } }, default = {} }', "record field default out of range, filled"],
        ['{ type = "record", fields = { { a = { type = "integer" } } }, default = { a = ngx.null } }', "record field ngx.null"],
        ['{ type = "record", fields = { { a = { type = "integer", required = true } } }, default = { a = ngx.null } }', "required record field ngx.null"],
        ['{ type = "record", fields = { { a = { type = "integer" } } }, default = ngx.null }', "record default ngx.null"],
      ];
      for (const record of context.records) {
        for (const [shape, what] of shapes) yield candidate(`${record.isRoot ? "schema" : "record"}: fields += { kv = … } (${what})`, appendItem(record, `{ kv = ${shape} }`));
      }
    },
  },
  {
    name: "binding-forms",
    about: "definitions reached through other bindings: globals, multiple assignment, unpack / select, string keys, typedefs called in other forms",
    *generate(context) {
      const root = rootOf(context);
      if (!root) return;
      const needsTypedefs = !/typedefs/.test(context.text.slice(0, root.start));
      const prelude = needsTypedefs ? 'local typedefs = require "kong.db.schema.typedefs"\n' : "";
      for (const { item, at, defText } of eachInlineField(context)) {
        const bad = '{ type = "string", default = 5 }';
        const forms = [
          [`GLOBAL_DEF = ${defText}\n`, "GLOBAL_DEF", "definition in a global"],
          [`GLOBAL_DEF = ${bad}\n`, "GLOBAL_DEF", "bad definition in a global"],
          [`local A, B = ${defText}, ${bad}\n`, "A", "first of a multiple assignment"],
          [`local A, B = ${defText}, ${bad}\n`, "B", "bad second of a multiple assignment"],
          [`local A, B = ${defText}\n`, "B", "missing second of a multiple assignment (nil)"],
          [`local LIST = { ${bad}, ${defText} }\n`, "LIST[2]", "second item of a local list"],
          [`local LIST = { ${bad}, ${defText} }\n`, "LIST[1]", "bad first item of a local list"],
          [`local LIST = { ${defText} }\n`, "unpack(LIST)", "unpack of a list"],
          [`local LIST = { ${bad} }\n`, "unpack(LIST)", "unpack of a list with a bad definition"],
          [`local MAP = { ["the def"] = ${bad} }\n`, 'MAP["the def"]', "bad definition under a string key"],
          [`local DEF = ${defText}\nlocal ALIAS = DEF\nALIAS.default = {}\n`, "DEF", "changed through an alias"],
          [`${prelude}`, "typedefs.port()", "typedefs.port()"],
          [`${prelude}`, 'typedefs["port"]', 'typedefs["port"]'],
          [`${prelude}`, "typedefs.port { default = ngx.null }", "typedefs.port { default = ngx.null }"],
          [`${prelude}`, 'typedefs.port { default = "80" }', 'typedefs.port { default = "80" }'],
          [`${prelude}`, "typedefs.port(nil)", "typedefs.port(nil)"],
          [`${prelude}local P = typedefs.port\n`, "P { default = 0 }", "a typedef through a local, called"],
          [`${prelude}`, 'typedefs.url { default = "http://x" .. ".com" }', "a typedef default built by concatenation"],
        ];
        for (const [code, use, what] of forms) {
          yield candidate(`${item.name}: ${what}`, code ? { start: at, end: at, text: code } : undefined, replace(item.definition, use));
        }
      }
    },
  },
  {
    name: "helper-functions",
    about: "field definitions produced by helper functions written in several styles (parameters, merging loops, if inside, varargs, methods, add_field statements)",
    *generate(context) {
      for (const { item, at, defText } of eachInlineField(context)) {
        const forms = [
          ["local function make(d, default) d.default = default return d end\n", `make(${defText}, 5)`, "make(def, 5)"],
          ["local function make(d, default) d.default = default return d end\n", `make(${defText}, nil)`, "make(def, nil)"],
          ["local function merge(a, b) for k, v in pairs(b) do a[k] = v end return a end\n", `merge(${defText}, { default = {} })`, "merge(def, { default = {} }) by a pairs loop"],
          ["local function merge(a, b) for k, v in pairs(b) do a[k] = v end return a end\n", `merge(${defText}, { description = "a description long enough" })`, "merge(def, { description = … })"],
          ["local function opt(d, required) if required then d.required = true end return d end\n", `opt(${defText}, false)`, "helper with an if, condition false"],
          ["local function opt(d, bad) if bad then d.default = {} end return d end\n", `opt(${defText}, true)`, "helper with an if, bad branch taken"],
          ["local function first(...) return ... end\n", `first(${defText})`, "varargs helper"],
          ["local function first(...) local t = { ... } return t[1] end\n", `first(${defText}, 5)`, "varargs helper through a table"],
          ["local H = {}\nfunction H:def(d) self.last = d return d end\n", `H:def(${defText})`, "method helper"],
          ["local H = {}\nfunction H.def(d) d.default = {} return d end\n", `H.def(${defText})`, "module-table helper with a bad default"],
          [`local function def() local d = ${defText} d.type = "nope" return d end\n`, "def()", "helper changing the type"],
          [`local defs = {}\nlocal function add(name, d) defs[name] = d end\nadd("x", ${defText})\n`, "defs.x", "stored by an add(name, def) statement"],
          [`local defs = {}\nlocal function add(name, d) d.default = {} defs[name] = d end\nadd("x", ${defText})\n`, "defs.x", "stored by an add statement that breaks the default"],
        ];
        for (const [code, use, what] of forms) yield candidate(`${item.name}: ${what}`, { start: at, end: at, text: code }, replace(item.definition, use));
      }
    },
  },
  {
    name: "string-building",
    about: "defaults, one_of lists, patterns and descriptions built with the string library, format, concatenation, tostring / tonumber and #",
    *generate(context) {
      const exprs = [
        'string.format("%d", 5)', 'string.format("%s-%s", "a", "b")', 'string.format("%.1f", 2)', 'string.format("%5s", "x")', 'string.format("%x", 255)', "tostring(1.5)", "tostring(nil)",
        'tonumber("12")', 'tonumber("1e2")', 'tonumber("z", 36)', 'tonumber("x")', '("ab"):rep(2, ",")', '("Hello"):lower()', '("a-b"):gsub("-", "_")', '("abc"):find("b")',
        '("abc"):byte(1)', "string.char(72, 105)", '("%d"):format(7)', '("x"):len()', '#("abc" .. "de")', '"a" .. ("b"):upper()', '("abc"):sub(-2)', '("abc"):match("b.")',
      ];
      yield* eachDef(context, function* (def) {
        for (const expr of exprs) yield candidate(describe(def, `default = ${expr}`), setAttr(def, "default", expr));
        if (def.fieldType === "string") {
          yield candidate(describe(def, 'one_of = { ("a"):upper() }, default = "A"'), setAttr(def, "one_of", '{ ("a"):upper() }'), setAttr(def, "default", '"A"'));
          yield candidate(describe(def, 'match = "^" .. "%a+" .. "$", default = "ab1"'), setAttr(def, "match", '"^" .. "%a+" .. "$"'), setAttr(def, "default", '"ab1"'));
          yield candidate(describe(def, 'description = string.rep("x", 9)'), setAttr(def, "description", 'string.rep("x", 9)'));
          yield candidate(describe(def, 'description = ("x"):rep(501)'), setAttr(def, "description", '("x"):rep(501)'));
        }
      });
    },
  },
  {
    name: "module-style",
    about: "the schema table built in other styles: fields assigned after construction, a module table returned, setmetatable, the name computed, fields gathered from pieces",
    *generate(context) {
      const root = rootOf(context);
      if (!root) return;
      const rootText = textOf(context, root);
      const at = statementBefore(context, root.start);
      const fields = root.attrs.get("fields");
      const name = root.attrs.get("name");
      const statementEnd = context.text.length;
      const wrap = (before, expression, what) => candidate(what, { start: at, end: at, text: before }, { start: root.start, end: root.end, text: expression });
      yield wrap(`local schema = ${rootText}\n`, "schema", "schema held in a local and returned");
      yield wrap(`local schema = ${rootText}\nschema.name = nil\n`, "schema", "name removed after construction");
      yield wrap(`local schema = ${rootText}\nschema.fields[#schema.fields + 1] = { extra = { type = "nope" } }\n`, "schema", "a bad top-level field appended after construction");
      yield wrap(`local schema = ${rootText}\nschema.entity_checks = { { at_least_one_of = {} } }\n`, "schema", "entity_checks assigned after construction");
      yield wrap(`local schema = ${rootText}\nschema.extra_key = true\n`, "schema", "an unknown top-level key assigned after construction");
      yield wrap(`local schema = ${rootText}\n`, "setmetatable(schema, { __index = function() return nil end })", "returned through setmetatable");
      if (fields) {
        const fieldsText = textOf(context, fields.valueNode);
        yield candidate("fields list held in a local", { start: at, end: at, text: `local FIELDS = ${fieldsText}\n` }, replace(fields.valueNode, "FIELDS"));
        yield candidate("fields list from a function", { start: at, end: at, text: `local function all_fields() return ${fieldsText} end\n` }, replace(fields.valueNode, "all_fields()"));
        yield candidate("fields list with a bad field appended by table.insert", { start: at, end: at, text: `local FIELDS = ${fieldsText}\ntable.insert(FIELDS, { extra = { type = "integer", default = "x" } })\n` }, replace(fields.valueNode, "FIELDS"));
      }
      if (name && name.valueNode.type === "StringLiteral") {
        const value = name.valueNode.raw.slice(1, -1);
        yield candidate("name concatenated", replace(name.valueNode, `"${value.slice(0, 1)}" .. "${value.slice(1)}"`));
        yield candidate("name from a local", { start: at, end: at, text: `local PLUGIN_NAME = "${value}"\n` }, replace(name.valueNode, "PLUGIN_NAME"));
        yield candidate("name from string.format", replace(name.valueNode, `string.format("%s", "${value}")`));
        yield candidate("name upper-cased", replace(name.valueNode, `("${value}"):upper()`));
      }
      yield candidate("a statement after the return", { start: statementEnd, end: statementEnd, text: "\nlocal _ = 1\n" });
    },
  },
];
