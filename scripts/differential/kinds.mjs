// Kinds of single edits the differential harness makes to a schema. Each kind lists every candidate
// edit of a base schema; the harness samples some per kind. An edit is one change a plugin author
// could make (one attribute, one entry, one key), sometimes with the companion it needs to be
// meaningful (a validator together with the default it is checked against).
import { addToArrayAttr, appendEntry, prependEntry, removeAttr, renameAttr, setAttr } from "./edits.mjs";

const UUID = '"0d6b1c6e-2b58-4a7a-9a8e-0b4f8d2f0e5c"';

/** Lua values of every kind, as source text. */
export const VALUES = [
  '"x"', '"abc"', '""', '"5"', '"/a"', '"ab-cd"', UUID, '"http"',
  "5", "0", "-3", "2.5", "70000",
  "true", "false",
  "{}", '{ "a", "b" }', "{ 1, 2 }", '{ a = "b" }', "{ a = 1 }", '{ "a", a = 1 }',
  "function() end",
  "ngx.null",
];

/** Validators with an argument the metaschema accepts. */
export const VALIDATORS = [
  ["between", "{ 1, 10 }"], ["eq", '"abc"'], ["eq", "5"], ["ne", '"abc"'], ["ne", "5"], ["gt", "3"],
  ["len_eq", "3"], ["len_min", "2"], ["len_max", "3"], ["match", '"^%a+$"'], ["not_match", '"%d"'],
  ["match_all", '{ { pattern = "^a", err = "must start with a" } }'], ["match_none", '{ { pattern = "b", err = "no b" } }'],
  ["match_any", '{ patterns = { "^a", "c$" }, err = "a or c" }'], ["starts_with", '"ab"'], ["one_of", '{ "abc", "x" }'],
  ["one_of", "{ 5, 7 }"], ["not_one_of", '{ "abc" }'], ["not_one_of", "{ 5 }"], ["contains", '"a"'], ["is_regex", "true"],
  ["timestamp", "true"], ["uuid", "true"], ["custom_validator", "function(v) return true end"],
  ["mutually_exclusive_subsets", '{ { "a" }, { "b" } }'],
];

/** A value of the field's own type that passes no particular validator. */
const RIGHT_TYPED = {
  string: '"abc"', number: "5", integer: "5", boolean: "true", array: "{}", set: "{}", map: "{}", record: "{}",
  function: "function() end", foreign: "ngx.null", json: '{ a = 1 }',
};

const FIELD_TYPES = ["array", "set", "string", "number", "boolean", "integer", "foreign", "map", "record", "function", "json"];

const describe = (def, what) => `${def.name ?? "?"} (${def.fieldType}, ${def.role}): ${what}`;
const candidate = (description, ...edits) => ({ description, edits: edits.filter(Boolean) });
/** field definitions Kong's metaschema walks (inline ones; typedef overrides and locals used elsewhere too) */
const defsOf = (context) => context.definitions;
/** records whose entity_checks / shorthand_fields can be edited (the schema and record fields) */
const recordsOf = (context) => context.records;

function* each(context, fn) {
  for (const def of defsOf(context)) yield* fn(def);
}

export const EDIT_KINDS = [
  {
    name: "default-type",
    about: "default set to a value of each Lua type (string, number, boolean, table, function, ngx.null)",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const value of VALUES) yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
      });
    },
  },
  {
    name: "default-validator",
    about: "a validator plus a default of the right or the wrong Lua type (Kong checks the default with every validator)",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const [validator, argument] of VALIDATORS) {
          for (const value of VALUES) {
            if (value === "ngx.null") continue;
            yield candidate(describe(def, `${validator} = ${argument}, default = ${value}`), setAttr(def, validator, argument), setAttr(def, "default", value));
          }
        }
      });
    },
  },
  {
    name: "validator-attr",
    about: "one validator added to a field as it is (its existing default, if any, is checked with it)",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const [validator, argument] of VALIDATORS) yield candidate(describe(def, `${validator} = ${argument}`), setAttr(def, validator, argument));
      });
    },
  },
  {
    name: "coercion",
    about: "numbers where strings are expected and strings holding numbers where numbers are expected",
    *generate(context) {
      yield* each(context, function* (def) {
        const pairs = [
          ["starts_with", '"5"', "5"], ["starts_with", '"5"', "55"], ["starts_with", '"1"', "5"], ["match", '"^%d+$"', "12"], ["match", '"^%a+$"', "12"],
          ["len_min", "1", "5"], ["len_max", "1", "55"], ["one_of", '{ "5", "6" }', "5"], ["one_of", "{ 5, 6 }", '"5"'], ["eq", '"5"', "5"],
          ["eq", "5", '"5"'], ["between", "{ 1, 10 }", '"5"'], ["gt", "1", '"5"'], ["not_one_of", '{ "5" }', "5"], ["contains", "5", '{ "5" }'],
          ["not_match", '"%a"', "5"], ["match_any", '{ patterns = { "^5" }, err = "e" }', "5"], ["len_eq", "2", "12"],
        ];
        for (const [validator, argument, value] of pairs) {
          yield candidate(describe(def, `${validator} = ${argument}, default = ${value}`), setAttr(def, validator, argument), setAttr(def, "default", value));
        }
        yield candidate(describe(def, "default = 5 (number)"), setAttr(def, "default", "5"));
        yield candidate(describe(def, 'default = "5" (string)'), setAttr(def, "default", '"5"'));
        yield candidate(describe(def, "default = 5.0"), setAttr(def, "default", "5.0"));
        yield candidate(describe(def, "default = 1e3"), setAttr(def, "default", "1e3"));
        yield candidate(describe(def, "default = 0x10"), setAttr(def, "default", "0x10"));
      });
    },
  },
  {
    name: "ngx-null",
    about: "ngx.null as a default, in eq / ne, with required",
    *generate(context) {
      yield* each(context, function* (def) {
        const right = RIGHT_TYPED[def.fieldType] ?? '"abc"';
        yield candidate(describe(def, "default = ngx.null"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, "default = ngx.null, required = true"), setAttr(def, "default", "ngx.null"), setAttr(def, "required", "true"));
        yield candidate(describe(def, "default = ngx.null, required = false"), setAttr(def, "default", "ngx.null"), setAttr(def, "required", "false"));
        yield candidate(describe(def, "eq = ngx.null"), setAttr(def, "eq", "ngx.null"));
        yield candidate(describe(def, `eq = ngx.null, default = ${right}`), setAttr(def, "eq", "ngx.null"), setAttr(def, "default", right));
        yield candidate(describe(def, "eq = ngx.null, default = ngx.null"), setAttr(def, "eq", "ngx.null"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, "ne = ngx.null"), setAttr(def, "ne", "ngx.null"));
        yield candidate(describe(def, "ne = ngx.null, default = ngx.null"), setAttr(def, "ne", "ngx.null"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, `ne = ngx.null, default = ${right}`), setAttr(def, "ne", "ngx.null"), setAttr(def, "default", right));
        yield candidate(describe(def, `eq = ${right}, default = ngx.null`), setAttr(def, "eq", right), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, "required = true, eq = ngx.null"), setAttr(def, "eq", "ngx.null"), setAttr(def, "required", "true"));
        yield candidate(describe(def, "one_of = { ngx.null }"), setAttr(def, "one_of", "{ ngx.null }"));
      });
    },
  },
  {
    name: "required-default",
    about: "required = true / false with and without a default",
    *generate(context) {
      yield* each(context, function* (def) {
        const right = RIGHT_TYPED[def.fieldType] ?? '"abc"';
        yield candidate(describe(def, "required = true"), setAttr(def, "required", "true"));
        yield candidate(describe(def, "required = false"), setAttr(def, "required", "false"));
        yield candidate(describe(def, `required = true, default = ${right}`), setAttr(def, "required", "true"), setAttr(def, "default", right));
        yield candidate(describe(def, `required = false, default = ${right}`), setAttr(def, "required", "false"), setAttr(def, "default", right));
        yield candidate(describe(def, "required = true, no default"), setAttr(def, "required", "true"), removeAttr(def, "default"));
        yield candidate(describe(def, "required = true, default = nil"), setAttr(def, "required", "true"), setAttr(def, "default", "nil"));
      });
    },
  },
  {
    name: "abstract",
    about: "abstract = true/false with and without a default",
    *generate(context) {
      yield* each(context, function* (def) {
        const right = RIGHT_TYPED[def.fieldType] ?? '"abc"';
        yield candidate(describe(def, "abstract = true"), setAttr(def, "abstract", "true"));
        yield candidate(describe(def, `abstract = true, default = ${right}`), setAttr(def, "abstract", "true"), setAttr(def, "default", right));
        yield candidate(describe(def, "abstract = true, default = ngx.null"), setAttr(def, "abstract", "true"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, `abstract = false, default = ${right}`), setAttr(def, "abstract", "false"), setAttr(def, "default", right));
        yield candidate(describe(def, "abstract = true, no default"), setAttr(def, "abstract", "true"), removeAttr(def, "default"));
      });
    },
  },
  {
    name: "function-type",
    about: "type = \"function\" with a function default, another default, or none",
    *generate(context) {
      yield* each(context, function* (def) {
        yield candidate(describe(def, 'type = "function"'), setAttr(def, "type", '"function"'));
        for (const value of ["function() end", '"x"', "5", "{}", "ngx.null"]) {
          yield candidate(describe(def, `type = "function", default = ${value}`), setAttr(def, "type", '"function"'), setAttr(def, "default", value));
        }
        yield candidate(describe(def, 'type = "function", no default'), setAttr(def, "type", '"function"'), removeAttr(def, "default"));
      });
    },
  },
  {
    name: "deprecation",
    about: "deprecation = { … } in valid and invalid shapes (message, removal_in_version, old_default, replaced_with paths)",
    *generate(context) {
      const shapes = [
        '{ message = "use y", removal_in_version = "4.0" }',
        '{ message = "use y" }',
        '{ removal_in_version = "4.0" }',
        '{ message = "use y", removal_in_version = 4 }',
        '{ message = 5, removal_in_version = "4.0" }',
        '{ message = "use y", removal_in_version = "4.0", old_default = 5 }',
        '{ message = "use y", removal_in_version = "4.0", old_default = "x" }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = { "config", "y" } } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = {} } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = { 1 } } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = "y" } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { {} } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { "y" } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = "y" }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = { "y" }, reverse_mapping_function = function(v) return v end } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = { "y" }, reverse_mapping_function = "f" } } }',
        '{ message = "use y", removal_in_version = "4.0", replaced_with = { { path = { "y" }, extra = 1 } } }',
        '{ message = "use y", removal_in_version = "4.0", extra = true }',
        '"deprecated"',
        "true",
        "{}",
      ];
      yield* each(context, function* (def) {
        for (const shape of shapes) yield candidate(describe(def, `deprecation = ${shape}`), setAttr(def, "deprecation", shape));
      });
    },
  },
  {
    name: "field-sources",
    about: "custom_entity_check entries: field_sources shapes, fn, run_with_* flags",
    *generate(context) {
      for (const record of recordsOf(context)) {
        const known = record.fieldNames[0] ?? "a";
        const shapes = [
          `{ field_sources = { "${known}" }, fn = function() return true end }`,
          '{ field_sources = { "nope" }, fn = function() return true end }',
          "{ field_sources = { 1 }, fn = function() return true end }",
          `{ field_sources = "${known}", fn = function() return true end }`,
          '{ field_sources = { a = "b" }, fn = function() return true end }',
          "{ field_sources = {}, fn = function() return true end }",
          `{ field_sources = { "${known}" } }`,
          `{ field_sources = { "${known}" }, fn = "f" }`,
          `{ field_sources = { "${known}" }, fn = function() return true end, run_with_missing_fields = true }`,
          `{ field_sources = { "${known}" }, fn = function() return true end, run_with_missing_fields = "yes" }`,
          `{ field_sources = { "${known}" }, fn = function() return true end, run_with_invalid_fields = 1 }`,
          `{ field_sources = { "${known}" }, fn = function() return true end, extra = 1 }`,
          "{ fn = function() return true end }",
        ];
        for (const shape of shapes) {
          yield candidate(`${record.isRoot ? "schema" : "record"}: entity_checks += { custom_entity_check = ${shape} }`, addToArrayAttr(record, "entity_checks", `{ custom_entity_check = ${shape} }`));
        }
      }
    },
  },
  {
    name: "entity-check-names",
    about: "entity checks naming missing or existing fields, malformed checkers",
    *generate(context) {
      for (const record of recordsOf(context)) {
        const [a = "a", b = "b"] = record.fieldNames;
        const checks = [
          '{ at_least_one_of = { "nope" } }',
          `{ at_least_one_of = { "${a}", "nope" } }`,
          `{ only_one_of = { "${a}", "${b}" } }`,
          '{ distinct = { "nope", "other" } }',
          `{ mutually_required = { "${a}", "nope" } }`,
          `{ mutually_exclusive = { "${a}", "${b}" } }`,
          `{ mutually_exclusive_sets = { set1 = { "${a}" }, set2 = { "nope" } } }`,
          `{ conditional = { if_field = "nope", if_match = { eq = 1 }, then_field = "${a}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { required = true }, then_field = "nope", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { requird = true }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { len_min = "x" }, then_field = "${b}", then_match = { required = true } } }`,
          `{ conditional = { if_field = "${a}", if_match = { one_of = { "x" } }, then_field = "${b}", then_match = { type = "string" } } }`,
          `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { required = true }, then_at_least_one_of = { "nope" } } }`,
          `{ at_least_one_of = { "${a}" }, only_one_of = { "${b}" } }`,
          '{ at_least_once = { "a" } }',
          "{}",
          `{ at_least_one_of = "${a}" }`,
          "{ at_least_one_of = { 1 } }",
          `{ at_least_one_of = { "config.${a}" } }`,
          `{ at_least_one_of = { "${a}.nope" } }`,
          '"at_least_one_of"',
        ];
        for (const check of checks) {
          yield candidate(`${record.isRoot ? "schema" : "record"}: entity_checks += ${check}`, addToArrayAttr(record, "entity_checks", check));
        }
      }
    },
  },
  {
    name: "one-of-types",
    about: "one_of / not_one_of holding values of mixed types, with and without a default",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const list of ['{ "a", 1 }', '{ true, "a" }', '{ {}, "a" }', "{ 1.5, 2 }", '{ "1", "2" }', "{ 1, 2 }", "{}", '{ a = "b" }']) {
          yield candidate(describe(def, `one_of = ${list}`), setAttr(def, "one_of", list));
          yield candidate(describe(def, `not_one_of = ${list}`), setAttr(def, "not_one_of", list));
          for (const value of ['"a"', "1", "2", "true", '"1"']) {
            yield candidate(describe(def, `one_of = ${list}, default = ${value}`), setAttr(def, "one_of", list), setAttr(def, "default", value));
          }
        }
      });
    },
  },
  {
    name: "unique-across-ws",
    about: "unique_across_ws on fields, elements, keys, values and shorthands, with and without unique",
    *generate(context) {
      yield* each(context, function* (def) {
        yield candidate(describe(def, "unique_across_ws = true"), setAttr(def, "unique_across_ws", "true"));
        yield candidate(describe(def, "unique_across_ws = true, unique = true"), setAttr(def, "unique_across_ws", "true"), setAttr(def, "unique", "true"));
        yield candidate(describe(def, "unique_across_ws = true, unique = false"), setAttr(def, "unique_across_ws", "true"), setAttr(def, "unique", "false"));
        yield candidate(describe(def, "unique_across_ws = false"), setAttr(def, "unique_across_ws", "false"));
        yield candidate(describe(def, "unique = true"), setAttr(def, "unique", "true"));
      });
    },
  },
  {
    name: "shorthand",
    about: "shorthand_fields entries of many shapes (checked by Kong as records, not as fields)",
    *generate(context) {
      const F = "func = function(v) return {} end";
      const entries = [
        `{ sh = { type = "string", ${F} } }`,
        `{ sh = { type = "record", fields = {}, ${F} } }`,
        `{ sh = { type = "function", ${F} } }`,
        `{ sh = { type = "foreign", ${F} } }`,
        '{ sh = { type = "string" } }',
        '{ sh = { type = "string", func = "f" } }',
        `{ sh = { ${F} } }`,
        `{ sh = { type = "string", between = { 1, 2 }, ${F} } }`,
        `{ sh = { type = "array", ${F} } }`,
        `{ sh = { type = "array", elements = { type = "string" }, ${F} } }`,
        `{ sh = { type = "array", elements = { type = "string", one_of = { "a", 1 } }, ${F} } }`,
        `{ sh = { type = "map", keys = { type = "string" }, ${F} } }`,
        `{ sh = { type = "string", requird = true, ${F} } }`,
        `{ sh = { type = "string", default = 5, ${F} } }`,
        `{ sh = { type = "string", default = "x", ${F} } }`,
        `{ sh = { type = "string", translate_backwards = { "a" }, ${F} } }`,
        `{ sh = { type = "string", translate_backwards = "a", ${F} } }`,
        `{ sh = { type = "string", unique_across_ws = true, ${F} } }`,
        `{ sh = { type = "string", description = "short", ${F} } }`,
        `{ sh = { type = "string", deprecation = { message = "m", removal_in_version = "4" }, ${F} } }`,
        `{ sh = { type = "string", ${F} }, sh2 = { type = "string", ${F} } }`,
        `{ sh = "string" }`,
        `{ { type = "string", ${F} } }`,
        `{ sh = { type = "integer", one_of = { "a" }, ${F} } }`,
        `{ sh = { type = "boolean", len_eq = 1, ${F} } }`,
      ];
      for (const record of recordsOf(context)) {
        for (const entry of entries) {
          yield candidate(`${record.isRoot ? "schema" : "record"}: shorthand_fields += ${entry}`, addToArrayAttr(record, "shorthand_fields", entry));
        }
      }
    },
  },
  {
    name: "duplicate-key",
    about: "an attribute written twice in one table constructor (the last one counts in Lua)",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const [key, entry] of def.attrs) {
          const bad = badValueFor(key, entry.valueNode);
          yield candidate(describe(def, `${key} = ${bad} written before ${key}`), prependEntry(def, `${key} = ${bad}`));
          yield candidate(describe(def, `${key} = ${bad} written after ${key}`), appendEntry(def, `${key} = ${bad}`));
        }
      });
    },
  },
  {
    name: "attr-typo",
    about: "an attribute name misspelt or replaced by a name Kong does not have",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const key of def.attrs.keys()) {
          for (const typo of typosOf(key)) yield candidate(describe(def, `${key} → ${typo}`), renameAttr(def, key, typo));
        }
        for (const name of ["nilable", "legacy", "enum", "optional", "indexed", "func", "min", "translate_backwards"]) {
          yield candidate(describe(def, `${name} = true`), setAttr(def, name, "true"));
        }
      });
    },
  },
  {
    name: "remove-attr",
    about: "one attribute removed (type, required, elements, fields, default, validators…)",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const key of def.attrs.keys()) yield candidate(describe(def, `remove ${key}`), removeAttr(def, key));
      });
    },
  },
  {
    name: "type-change",
    about: "type changed to every other type, or to a name that is not a type",
    *generate(context) {
      yield* each(context, function* (def) {
        for (const type of [...FIELD_TYPES, "any", "str", "self", "table"]) {
          if (type !== def.fieldType) yield candidate(describe(def, `type = "${type}"`), setAttr(def, "type", `"${type}"`));
        }
        yield candidate(describe(def, "type = 5"), setAttr(def, "type", "5"));
      });
    },
  },
  {
    name: "collection-default",
    about: "defaults of arrays, sets, maps and records whose elements, keys, values or fields are right or wrong",
    *generate(context) {
      const byType = {
        array: ['{ "a" }', "{ 1 }", "{ true }", "{ {} }", '{ "a", "a" }', '{ "" }', '{ [2] = "a" }', '{ "a", x = 1 }', '{ "abc", "x" }'],
        set: ['{ "a" }', "{ 1 }", '{ "a", "a" }', '{ "" }', "{ {} }", '{ "abc" }'],
        map: ['{ a = "b" }', "{ a = 1 }", '{ "a" }', '{ a = "" }', "{ a = {} }", '{ [1] = "a" }', '{ a = { "x" } }'],
        record: ["{ nope = 1 }", '{ a = "b" }', "{ {} }", '{ "x" }'],
      };
      yield* each(context, function* (def) {
        const values = byType[def.fieldType];
        if (!values) return;
        for (const value of values) yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
        if (def.fieldType === "record") {
          const fields = def.attrs.get("fields");
          const first = fields?.valueNode.fields?.[0]?.value?.fields?.[0]?.key?.name;
          if (first) {
            for (const value of VALUES.slice(0, 12)) yield candidate(describe(def, `default = { ${first} = ${value} }`), setAttr(def, "default", `{ ${first} = ${value} }`));
          }
        }
      });
    },
  },
  {
    name: "length-between",
    about: "len_eq / len_min / len_max / between / gt with right and wrong arguments, on every type, with defaults",
    *generate(context) {
      const pairs = [
        ["len_eq", "2"], ["len_min", "1"], ["len_min", "0"], ["len_max", "100"], ["len_min", "2.5"], ["len_max", '"3"'], ["len_eq", "-1"],
        ["between", "{ 1, 10 }"], ["between", "{ 10, 1 }"], ["between", "{ 1 }"], ["between", '{ "a", "b" }'], ["between", "{ 1, 2, 3 }"], ["between", "{ 1.5, 2.5 }"],
        ["gt", "0"], ["gt", '"0"'], ["gt", "2.5"],
      ];
      yield* each(context, function* (def) {
        for (const [attr, argument] of pairs) {
          yield candidate(describe(def, `${attr} = ${argument}`), setAttr(def, attr, argument));
          for (const value of ['"ab"', "2", "{ 1, 2 }", "true"]) {
            yield candidate(describe(def, `${attr} = ${argument}, default = ${value}`), setAttr(def, attr, argument), setAttr(def, "default", value));
          }
        }
      });
    },
  },
  {
    name: "match-pattern",
    about: "match family and is_regex with valid and invalid Lua patterns / regexes, and defaults that match or not",
    *generate(context) {
      const patterns = ['"^%a+$"', '"[a"', '"%"', '"(a"', '"a)"', '"%f[%a]"', '"[%a-z]+"', '"%b()"', '"^a-b$"', '"^[%w_-]+$"', '"%d+"', '"^(%a+)=(%d)$"', '"[^/]"', '"^%l+$"', '"%g"', '"[]"'];
      const defaults = ['"abc"', '"a1"', '"Abc"', '"a=1"', '""', '"(x)"', '"ab-cd"'];
      yield* each(context, function* (def) {
        for (const pattern of patterns) {
          yield candidate(describe(def, `match = ${pattern}`), setAttr(def, "match", pattern));
          for (const value of defaults) {
            yield candidate(describe(def, `match = ${pattern}, default = ${value}`), setAttr(def, "match", pattern), setAttr(def, "default", value));
            yield candidate(describe(def, `not_match = ${pattern}, default = ${value}`), setAttr(def, "not_match", pattern), setAttr(def, "default", value));
            yield candidate(describe(def, `match_all = { { pattern = ${pattern} } }, default = ${value}`), setAttr(def, "match_all", `{ { pattern = ${pattern}, err = "e" } }`), setAttr(def, "default", value));
            yield candidate(describe(def, `match_any = { patterns = { ${pattern} } }, default = ${value}`), setAttr(def, "match_any", `{ patterns = { ${pattern} }, err = "e" }`), setAttr(def, "default", value));
          }
        }
        for (const value of ['"[a-z]+"', '"(a"', '"a{2}"', '"\\\\d+"', '"*"', '"(?<n>a)"', '"x"']) {
          yield candidate(describe(def, `is_regex = true, default = ${value}`), setAttr(def, "is_regex", "true"), setAttr(def, "default", value));
        }
        for (const value of [UUID, '"not-a-uuid"', '"0D6B1C6E-2B58-4A7A-9A8E-0B4F8D2F0E5C"']) {
          yield candidate(describe(def, `uuid = true, default = ${value}`), setAttr(def, "uuid", "true"), setAttr(def, "default", value));
        }
      });
    },
  },
  {
    name: "attr-arg-type",
    about: "attribute arguments of the wrong type or shape (required = \"yes\", between = { 1 }, description too short…)",
    *generate(context) {
      const pairs = [
        ["required", '"yes"'], ["required", "1"], ["description", '"short"'], ["description", `"${"x".repeat(501)}"`], ["description", "5"], ["description", '"exactly10!"'],
        ["err", "5"], ["err", '"custom message"'], ["examples", '"x"'], ["examples", '{ 1, "a" }'], ["auto", '"x"'], ["unique", "1"], ["on_delete", '"nope"'], ["on_delete", '"cascade"'],
        ["reference", "5"], ["reference", '"consumers"'], ["immutable", '"x"'], ["encrypted", "1"], ["referenceable", '"x"'], ["referenceable", "true"], ["transient", '"x"'], ["transient", "true"],
        ["generate_admin_api", "1"], ["json_schema", '{ inline = { type = "object" } }'], ["one_of", '"a"'], ["not_one_of", "5"], ["is_regex", '"yes"'], ["timestamp", "1"], ["uuid", '"x"'],
        ["custom_validator", '"x"'], ["custom_validator", "true"], ["mutually_exclusive_subsets", '{ "a" }'], ["mutually_exclusive_subsets", "{ { 1 } }"], ["match", "5"], ["starts_with", "5"],
        ["match_all", '{ { err = "e" } }'], ["match_all", '{ pattern = "a" }'], ["match_none", '{ { pattern = 5 } }'], ["match_any", '{ patterns = "a" }'], ["match_any", '{ err = "e" }'],
        ["elements", '"string"'], ["elements", '{ type = "string" }'], ["keys", '{ type = "string" }'], ["values", '{ type = "string" }'], ["fields", "{}"], ["fields", '"x"'],
        ["entity_checks", '"x"'], ["entity_checks", "{}"], ["shorthand_fields", '"x"'], ["gt", "{}"], ["len_min", "true"],
      ];
      yield* each(context, function* (def) {
        for (const [attr, value] of pairs) yield candidate(describe(def, `${attr} = ${value}`), setAttr(def, attr, value));
      });
    },
  },
  {
    name: "new-field",
    about: "a new field definition added to a fields array (every type, with and without its companions)",
    *generate(context) {
      const definitions = [
        '{ type = "string" }', '{ type = "array" }', '{ type = "array", elements = { type = "string" } }', '{ type = "set", elements = { type = "integer" } }',
        '{ type = "map", keys = { type = "string" } }', '{ type = "map", keys = { type = "string" }, values = { type = "number" } }', '{ type = "record" }',
        '{ type = "record", fields = {} }', '{ type = "record", fields = { { a = { type = "string", default = 1 } } } }', '{ type = "json" }', '{ type = "foreign" }',
        '{ type = "foreign", reference = "consumers" }', '{ type = "function" }', '{ type = "record", abstract = true }', '{ type = "boolean", default = "no" }',
        '{ type = "array", elements = { type = "record", fields = { { a = { type = "integer", between = { 1, 5 }, default = 9 } } } } }', "{}", '"string"',
        '{ type = "string", default = "a", one_of = { "b" } }', '{ type = "integer", default = 1.5 }', '{ type = "number", default = 1.5 }', '{ type = "map", keys = { type = "string" }, values = { type = "string" }, default = { a = "" } }',
        '{ type = "record", fields = { { a = { type = "string", required = true } } }, default = {} }',
        '{ type = "record", fields = { { a = { type = "string", required = true, default = "x" } } }, default = {} }',
        '{ type = "set", elements = { type = "string" }, default = { "a", "a" } }',
      ];
      for (const record of recordsOf(context)) {
        const name = record.isRoot ? "consumer" : "added_field";
        for (const definition of definitions) {
          yield candidate(`${record.isRoot ? "schema" : "record"}: fields += { ${name} = ${definition} }`, addToArrayAttr(record, "fields", `{ ${name} = ${definition} }`));
        }
      }
    },
  },
  {
    name: "custom-validator",
    about: "custom_validator functions that accept or reject the default",
    *generate(context) {
      const fns = ["function(v) return true end", 'function(v) return nil, "bad" end', "function(v) return false end", "function(v) return v end", 'function(v) error("boom") end', "function() end"];
      yield* each(context, function* (def) {
        const right = RIGHT_TYPED[def.fieldType] ?? '"abc"';
        for (const fn of fns) {
          yield candidate(describe(def, `custom_validator = ${fn}`), setAttr(def, "custom_validator", fn));
          yield candidate(describe(def, `custom_validator = ${fn}, default = ${right}`), setAttr(def, "custom_validator", fn), setAttr(def, "default", right));
        }
      });
    },
  },
];

/** A value of another Lua type than the one written (for duplicate keys). */
function badValueFor(key, valueNode) {
  if (key === "type") return '"nope"';
  if (key === "description") return '"short"';
  switch (valueNode.type) {
    case "StringLiteral":
      return "5";
    case "NumericLiteral":
      return '"5"';
    case "BooleanLiteral":
      return '"yes"';
    case "TableConstructorExpression":
      return '"x"';
    case "FunctionDeclaration":
      return '"f"';
    default:
      return "{ nope = 1 }";
  }
}

function typosOf(key) {
  const out = new Set();
  if (key.length > 3) out.add(key.slice(0, -1));
  if (key.length > 2) out.add(key.slice(0, 1) + key.slice(2));
  out.add(`${key}s`);
  out.add(key.toUpperCase());
  return [...out].filter((typo) => typo !== key);
}
