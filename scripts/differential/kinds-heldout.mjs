// Kinds of single edits written the way a maintainer writing held-out tests would (added after the
// other kind files measured ~99% on themselves): the mistakes plugin authors make when they know
// JSON Schema or other validators better than Kong's (enum / pattern / minimum attributes, flags as
// strings), values at the edges of Lua's number and string semantics (NaN, infinities, 2^53, -0,
// multibyte text against byte lengths), Lua patterns and PCRE regexes that do not compile, entity
// checks with validators inside their conditions, transformations, json fields, nested ngx.null,
// field keys of odd forms and the chunk's own return forms.
import { addToArrayAttr, appendEntry, appendItem, setAttr } from "./edits.mjs";

const candidate = (description, ...edits) => ({ description, edits: edits.filter(Boolean) });
const describe = (def, what) => `${def.name ?? "?"} (${def.fieldType}, ${def.role}): ${what}`;
/** Variants are written as latin1 (byte for byte): UTF-8 text is inserted as its bytes. */
const utf8 = (text) => Buffer.from(text, "utf8").toString("latin1");
const NUMERIC = new Set(["number", "integer"]);
const COLLECTIONS = new Set(["array", "set"]);
const FN = "function(v) return {} end";

function* defsOf(context, types) {
  for (const def of context.definitions) if (!types || types.has(def.fieldType)) yield def;
}

const rootOf = (context) => context.records.find((record) => record.isRoot);
const configOf = (context) => {
  const root = rootOf(context);
  const item = root?.fieldItems.find((i) => i.name === "config");
  return item ? context.records.find((record) => record.start === item.definition.range[0]) : undefined;
};
/** the first two field names of a record (made up when it has fewer) */
const twoNames = (record) => [record.fieldNames[0] ?? "a", record.fieldNames[1] ?? "b"];
const quoteLua = (text) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export const HELDOUT_KINDS = [
  {
    name: "jsonschema-style-attrs",
    about: "attributes authors bring from JSON Schema or other validators (enum, pattern, minimum, maxLength, format, nullable, optional, min/max, items, properties, examples) instead of Kong's",
    *generate(context) {
      const attrs = [
        ["enum", '{ "a", "b" }'], ["pattern", '"^a"'], ["minimum", "1"], ["maximum", "10"], ["minLength", "1"], ["maxLength", "5"], ["min", "0"], ["max", "9"],
        ["format", '"uri"'], ["nullable", "true"], ["optional", "true"], ["items", '{ type = "string" }'], ["properties", "{}"], ["examples", '{ "a" }'], ["examples", '"a"'],
        ["example", '"a"'], ["title", '"T"'], ["enum_values", '{ "a" }'], ["values_of", '{ "a" }'], ["regex", '"^a"'], ["len", "3"], ["length", "3"], ["size", "3"], ["gte", "1"], ["lt", "5"],
        ["err", '"bad value"'], ["err", "5"], ["indexed", "true"], ["index", "true"], ["hidden", "true"], ["secret", "true"], ["sensitive", "true"],
      ];
      for (const def of defsOf(context)) for (const [attr, value] of attrs) yield candidate(describe(def, `${attr} = ${value}`), setAttr(def, attr, value));
    },
  },
  {
    name: "flag-nonboolean",
    about: "boolean attributes (required, auto, unique, immutable, encrypted, referenceable, abstract, transient, is_regex, uuid, timestamp, generate_admin_api) given strings, numbers, tables or ngx.null",
    *generate(context) {
      const flags = ["required", "auto", "unique", "unique_across_ws", "immutable", "encrypted", "referenceable", "abstract", "transient", "generate_admin_api"];
      const values = ['"true"', '"false"', "1", "0", "{}", "ngx.null", "nil", "not nil", "1 == 1"];
      for (const def of defsOf(context)) for (const flag of flags) for (const value of values) yield candidate(describe(def, `${flag} = ${value}`), setAttr(def, flag, value));
    },
  },
  {
    name: "number-edges",
    about: "numeric defaults and bounds at the edges of Lua numbers: 2^53, 2^63, -0, 1/0, -1/0, 0/0, math.huge, tiny and huge exponents, integers written as floats",
    *generate(context) {
      const values = ["2^53", "2^53 + 1", "2^63", "-0", "0/0", "1/0", "-1/0", "math.huge", "-math.huge", "math.pi", "1e-320", "1e308 * 10", "3.0", "1e2", "0x7fffffff", "-(2^31)", "2^-1"];
      for (const def of defsOf(context, NUMERIC)) {
        for (const value of values) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
          yield candidate(describe(def, `between = { 0, 100 }, default = ${value}`), setAttr(def, "between", "{ 0, 100 }"), setAttr(def, "default", value));
          yield candidate(describe(def, `between = { ${value}, ${value} }, default = 1`), setAttr(def, "between", `{ ${value}, ${value} }`), setAttr(def, "default", "1"));
          yield candidate(describe(def, `gt = ${value}, default = 1`), setAttr(def, "gt", value), setAttr(def, "default", "1"));
          yield candidate(describe(def, `one_of = { ${value} }, default = ${value}`), setAttr(def, "one_of", `{ ${value} }`), setAttr(def, "default", value));
          yield candidate(describe(def, `timestamp = true, default = ${value}`), setAttr(def, "timestamp", "true"), setAttr(def, "default", value));
        }
      }
    },
  },
  {
    name: "utf8-lengths",
    about: "multibyte UTF-8 text (counted in bytes by Kong) against len_eq / len_min / len_max, starts_with and description's 10..500 length",
    *generate(context) {
      const texts = ["é", "ééééé", "日本", "€", "aé", "😀", "ÿ"];
      for (const def of defsOf(context)) {
        for (const text of texts) {
          const value = quoteLua(utf8(text));
          const bytes = Buffer.byteLength(text, "utf8");
          const chars = [...text].length;
          if (def.fieldType === "string") {
            yield candidate(describe(def, `len_max = ${chars}, default = "${text}" (${bytes} bytes)`), setAttr(def, "len_max", String(chars)), setAttr(def, "default", value));
            yield candidate(describe(def, `len_eq = ${chars}, default = "${text}" (${bytes} bytes)`), setAttr(def, "len_eq", String(chars)), setAttr(def, "default", value));
            yield candidate(describe(def, `len_min = ${bytes}, default = "${text}"`), setAttr(def, "len_min", String(bytes)), setAttr(def, "default", value));
            yield candidate(describe(def, `starts_with = "${text}", default = "${text}x"`), setAttr(def, "starts_with", value), setAttr(def, "default", quoteLua(utf8(`${text}x`))));
            yield candidate(describe(def, `one_of = { "${text}" }, default = "${text}"`), setAttr(def, "one_of", `{ ${value} }`), setAttr(def, "default", value));
          }
        }
        for (const [label, text] of [["5 × é (10 bytes)", "ééééé"], ["4 × é + a (9 bytes)", "ééééa"], ["3 × 日 (9 bytes)", "日日日"], ["167 × 日 (501 bytes)", "日".repeat(167)], ["250 × é (500 bytes)", "é".repeat(250)], ["10 × \\n", "\n".repeat(10)]]) {
          yield candidate(describe(def, `description = ${label}`), setAttr(def, "description", quoteLua(utf8(text)).replace(/\n/g, "\\n")));
        }
      }
    },
  },
  {
    name: "lua-pattern-edge",
    about: "match / not_match / match_all / match_none / match_any with Lua patterns that are malformed only at match time (%1, %b, %f, [], trailing %) or valid but unusual, against string defaults",
    *generate(context) {
      const patterns = ["%1", "(a)%1", "(a)%2", "%bx", "%b", "%f", "%fa", "%f[%a]a", "[^]", "[]]", "[%]", "[a-]", "a-", "()", "%()", "((a)", "[%w_-]+$", "%z", "%x%x", "^%s*$", "a*+", "%.", "%", "[a-%%]", "%Z", "^%-", "$^", "%w+%f[%W]"];
      const defaults = ["abc", "a", "", "aa", "(a)", "ab cd", "1f"];
      for (const def of defsOf(context, new Set(["string"]))) {
        for (const pattern of patterns) {
          const p = quoteLua(pattern);
          const d = defaults[(pattern.length + pattern.charCodeAt(0)) % defaults.length];
          yield candidate(describe(def, `match = ${p}`), setAttr(def, "match", p));
          yield candidate(describe(def, `match = ${p}, default = "${d}"`), setAttr(def, "match", p), setAttr(def, "default", quoteLua(d)));
          yield candidate(describe(def, `not_match = ${p}, default = "${d}"`), setAttr(def, "not_match", p), setAttr(def, "default", quoteLua(d)));
          yield candidate(describe(def, `match_none = { { pattern = ${p}, err = "e" } }, default = "${d}"`), setAttr(def, "match_none", `{ { pattern = ${p}, err = "e" } }`), setAttr(def, "default", quoteLua(d)));
          yield candidate(describe(def, `match_any = { patterns = { "^z", ${p} } }, default = "${d}"`), setAttr(def, "match_any", `{ patterns = { "^z", ${p} }, err = "e" }`), setAttr(def, "default", quoteLua(d)));
        }
      }
    },
  },
  {
    name: "regex-defaults",
    about: "is_regex = true with defaults that are or are not PCRE regexes (unbalanced groups and classes, bad quantifiers, lookbehinds, named groups, escapes, flags, unicode classes)",
    *generate(context) {
      const regexes = ["(", ")", "[a-", "[z-a]", "a{2,1}", "a{,2}", "a**", "?", "+a", "(?<=a+)b", "(?<=ab)c", "(?<n>a)\\k<n>", "(?P<n>a)", "\\", "\\d+\\.\\d+", "(?i)abc", "\\p{L}+", "\\x{41}", "[[:alpha:]]", "[[:foo:]]", "a|", "|", "()", "(?#comment)a", "\\Qa.b\\E", "a{1000000}", "(?", "\\8", "^/api/v[0-9]+/.*$", "~/path"];
      for (const def of defsOf(context, new Set(["string"]))) {
        for (const regex of regexes) yield candidate(describe(def, `is_regex = true, default = ${quoteLua(regex)}`), setAttr(def, "is_regex", "true"), setAttr(def, "default", quoteLua(regex)));
      }
      for (const def of defsOf(context, COLLECTIONS)) {
        for (const regex of ["(", "a+", "[x"]) yield candidate(describe(def, `elements is_regex, default = { ${quoteLua(regex)} }`), setAttr(def, "elements", '{ type = "string", is_regex = true }'), setAttr(def, "default", `{ ${quoteLua(regex)} }`));
      }
    },
  },
  {
    name: "uuid-timestamp-values",
    about: "uuid = true and timestamp = true with defaults in every near-miss form (upper case, no dashes, braces, nil uuid, wrong length; zero, negative, fractional, string timestamps)",
    *generate(context) {
      const uuids = ["00000000-0000-0000-0000-000000000000", "6F9619FF-8B86-D011-B42D-00C04FC964FF", "6f9619ff8b86d011b42d00c04fc964ff", "{6f9619ff-8b86-d011-b42d-00c04fc964ff}", "6f9619ff-8b86-d011-b42d-00c04fc964f", "6f9619ff-8b86-d011-b42d-00c04fc964fg", "6f9619ff-8b86-d011-b42d-00c04fc964ff ", "6f9619ff_8b86_d011_b42d_00c04fc964ff"];
      for (const def of defsOf(context, new Set(["string"]))) {
        for (const value of uuids) yield candidate(describe(def, `uuid = true, default = "${value}"`), setAttr(def, "uuid", "true"), setAttr(def, "default", quoteLua(value)));
      }
      for (const def of defsOf(context, NUMERIC)) {
        for (const value of ["0", "-1", "0.5", "1e12", "1", '"1"', "ngx.null"]) yield candidate(describe(def, `timestamp = true, default = ${value}`), setAttr(def, "timestamp", "true"), setAttr(def, "default", value));
      }
    },
  },
  {
    name: "bounds-with-defaults",
    about: "between / gt / len_* written reversed, equal, open or crossed (len_min > len_max) with a default inside, outside or at the edge",
    *generate(context) {
      for (const def of defsOf(context, NUMERIC)) {
        for (const [between, value] of [["{ 10, 1 }", "5"], ["{ 5, 5 }", "5"], ["{ 5, 5 }", "4"], ["{ 1, 10 }", "10"], ["{ 1, 10 }", "0"], ["{ -10, -1 }", "-5"], ["{ 0.5, 1.5 }", "1"], ["{ 1, 10 }", "10.5"], ["{ 1, 10 }", '"5"']]) {
          yield candidate(describe(def, `between = ${between}, default = ${value}`), setAttr(def, "between", between), setAttr(def, "default", value));
        }
        for (const [gt, value] of [["5", "5"], ["5", "5.0001"], ["-1", "0"], ["0", "-0"]]) yield candidate(describe(def, `gt = ${gt}, default = ${value}`), setAttr(def, "gt", gt), setAttr(def, "default", value));
        yield candidate(describe(def, "between = { 1, 10 }, gt = 20, default = 5"), setAttr(def, "between", "{ 1, 10 }"), setAttr(def, "gt", "20"), setAttr(def, "default", "5"));
      }
      for (const def of defsOf(context, new Set(["string", "array", "set", "map"]))) {
        const value = def.fieldType === "string" ? '"abc"' : def.fieldType === "map" ? "{ a = 1, b = 2, c = 3 }" : '{ "a", "b", "c" }';
        for (const [min, max] of [["5", "2"], ["3", "3"], ["0", "0"], ["4", "10"], ["1", "2"]]) {
          yield candidate(describe(def, `len_min = ${min}, len_max = ${max}`), setAttr(def, "len_min", min), setAttr(def, "len_max", max));
          yield candidate(describe(def, `len_min = ${min}, len_max = ${max}, default = ${value}`), setAttr(def, "len_min", min), setAttr(def, "len_max", max), setAttr(def, "default", value));
        }
        yield candidate(describe(def, `len_eq = 3, len_min = 4, default = ${value}`), setAttr(def, "len_eq", "3"), setAttr(def, "len_min", "4"), setAttr(def, "default", value));
      }
    },
  },
  {
    name: "one-of-defaults",
    about: "one_of / not_one_of lists that are empty, hold duplicates, numbers as strings, floats for integers, or the default itself, each with a default",
    *generate(context) {
      for (const def of defsOf(context, new Set(["string", "number", "integer"]))) {
        const isString = def.fieldType === "string";
        const lists = isString
          ? [["{}", '"a"'], ['{ "a", "a" }', '"a"'], ['{ "a", "b" }', '"A"'], ['{ "1", "2" }', "1"], ['{ "a", "b" }', '""'], ['{ "a", "" }', '""'], ['{ "a " }', '"a"'], ['{ "a", "b" }', "nil"]]
          : [["{}", "1"], ["{ 1, 1 }", "1"], ['{ "1", "2" }', "1"], ["{ 1.0, 2.0 }", "1"], ["{ 1.5 }", "1.5"], ["{ 1, 2 }", "3"], ["{ -1 }", "-1"], ["{ 0 }", "-0"], ["{ 0/0 }", "0/0"]];
        for (const [list, value] of lists) {
          yield candidate(describe(def, `one_of = ${list}, default = ${value}`), setAttr(def, "one_of", list), value === "nil" ? undefined : setAttr(def, "default", value));
          yield candidate(describe(def, `not_one_of = ${list}, default = ${value}`), setAttr(def, "not_one_of", list), value === "nil" ? undefined : setAttr(def, "default", value));
        }
        yield candidate(describe(def, "one_of and not_one_of holding the same value"), setAttr(def, "one_of", isString ? '{ "a" }' : "{ 1 }"), setAttr(def, "not_one_of", isString ? '{ "a" }' : "{ 1 }"));
      }
    },
  },
  {
    name: "collection-default-forms",
    about: "set defaults with duplicates, arrays with holes, maps with array parts or non-string keys, records with extra or missing keys, and len_* / contains / mutually_exclusive_subsets against them",
    *generate(context) {
      for (const def of defsOf(context, new Set(["array", "set"]))) {
        for (const value of ['{ "a", "a" }', '{ "a", nil, "b" }', '{ nil, "a" }', '{ [1] = "a", [3] = "b" }', '{ "a", b = "c" }', "{ {} }", '{ "a", 1 }', "{ 1, 2 }", '{ "" }']) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
          yield candidate(describe(def, `len_eq = 2, default = ${value}`), setAttr(def, "len_eq", "2"), setAttr(def, "default", value));
        }
        yield candidate(describe(def, 'contains = "a", default = { "a", "a" }'), setAttr(def, "contains", '"a"'), setAttr(def, "default", '{ "a", "a" }'));
        yield candidate(describe(def, 'contains = 1, default = { "1" }'), setAttr(def, "contains", "1"), setAttr(def, "default", '{ "1" }'));
        for (const value of ['{ "a", "c" }', '{ "a", "b" }', '{ "c", "d" }', "{}", '{ "x" }']) {
          yield candidate(describe(def, `mutually_exclusive_subsets = { { "a", "b" }, { "c" } }, default = ${value}`), setAttr(def, "mutually_exclusive_subsets", '{ { "a", "b" }, { "c" } }'), setAttr(def, "default", value));
        }
      }
      for (const def of defsOf(context, new Set(["map"]))) {
        for (const value of ['{ "a" }', "{ [1] = 1 }", "{ [true] = 1 }", "{ a = 1, [2] = 2 }", '{ [""] = 1 }', "{ a = {} }", "{ a = ngx.null }"]) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
          yield candidate(describe(def, `len_eq = 2, default = ${value}`), setAttr(def, "len_eq", "2"), setAttr(def, "default", value));
        }
      }
      for (const def of defsOf(context, new Set(["record"]))) {
        const [a = "a"] = context.records.find((record) => record.start === def.start)?.fieldNames ?? [];
        for (const value of ["{}", `{ ${a} = ngx.null }`, `{ ${a} = {} }`, `{ ${a} = "x", extra = 1 }`, "{ 1 }", `{ ${a} = 1 }`, `{ ${a} = "x" }`, `{ ${a} = true }`]) {
          yield candidate(describe(def, `default = ${value}`), setAttr(def, "default", value));
        }
      }
    },
  },
  {
    name: "ngx-null-nested",
    about: "ngx.null inside lists and tables (one_of, array / set / map / record defaults, between, eq on collections) and through a local alias",
    *generate(context) {
      for (const def of defsOf(context)) {
        const local = { start: 0, end: 0, text: "local null = ngx.null\n" };
        yield candidate(describe(def, "default = null (local alias of ngx.null)"), local, setAttr(def, "default", "null"));
        yield candidate(describe(def, "default = null, required = true (alias)"), local, setAttr(def, "default", "null"), setAttr(def, "required", "true"));
        yield candidate(describe(def, "one_of = { ngx.null }"), setAttr(def, "one_of", "{ ngx.null }"));
        yield candidate(describe(def, "not_one_of = { ngx.null }, default = ngx.null"), setAttr(def, "not_one_of", "{ ngx.null }"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, "ne = ngx.null, default = ngx.null"), setAttr(def, "ne", "ngx.null"), setAttr(def, "default", "ngx.null"));
        yield candidate(describe(def, "default = ngx.null, between = { 1, 2 }"), setAttr(def, "default", "ngx.null"), setAttr(def, "between", "{ 1, 2 }"));
        yield candidate(describe(def, "default = ngx.null, len_min = 1"), setAttr(def, "default", "ngx.null"), setAttr(def, "len_min", "1"));
        yield candidate(describe(def, "default = ngx.null, auto = true"), setAttr(def, "default", "ngx.null"), setAttr(def, "auto", "true"));
        if (COLLECTIONS.has(def.fieldType)) {
          for (const value of ["{ ngx.null }", '{ "a", ngx.null }', "{ null }"]) yield candidate(describe(def, `default = ${value}`), value.includes("{ null") ? local : undefined, setAttr(def, "default", value));
        }
        if (def.fieldType === "map") yield candidate(describe(def, "default = { k = ngx.null }"), setAttr(def, "default", "{ k = ngx.null }"));
        if (def.fieldType === "record") yield candidate(describe(def, "default = ngx.null"), setAttr(def, "default", "ngx.null"));
      }
    },
  },
  {
    name: "conditional-inner",
    about: "conditional / conditional_at_least_one_of entity checks whose if_match / then_match / else_match hold validators with wrong arguments, unknown keys, field-only attributes or nested companions",
    *generate(context) {
      const matches = [
        '{ one_of = "a" }', '{ one_of = { "a", 1 } }', "{ between = { 2, 1 } }", '{ between = { "a", "b" } }', "{ len_min = -1 }", '{ len_min = "1" }', "{ match = 5 }", '{ match = "[a" }',
        "{ eq = ngx.null }", "{ eq = {} }", '{ required = "yes" }', '{ type = "string" }', "{ default = 1 }", "{ foo = 1 }", "{ gt = true }", '{ uuid = "x" }', "{ is_regex = 1 }",
        '{ elements = { type = "string", one_of = { 1 } } }', '{ elements = { one_of = { "a" } } }', '{ values = { type = "string" } }', '{ keys = "x" }', '{ match_any = { patterns = "a" } }',
        '{ match_all = { { err = "e" } } }', "{ contains = ngx.null }", '{ mutually_exclusive_subsets = { "a" } }', "{ custom_validator = 5 }", "{}", '{ unique = true }', '{ description = "x" }',
      ];
      for (const record of context.records) {
        const [a, b] = twoNames(record);
        for (const match of matches) {
          yield candidate(`${a}/${b}: conditional if_match = ${match}`, addToArrayAttr(record, "entity_checks", `{ conditional = { if_field = "${a}", if_match = ${match}, then_field = "${b}", then_match = { required = true } } }`));
          yield candidate(`${a}/${b}: conditional then_match = ${match}`, addToArrayAttr(record, "entity_checks", `{ conditional = { if_field = "${a}", if_match = { required = true }, then_field = "${b}", then_match = ${match} } }`));
          yield candidate(`${a}/${b}: conditional_at_least_one_of else_match = ${match}`, addToArrayAttr(record, "entity_checks", `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { required = true }, then_at_least_one_of = { "${b}" }, else_match = ${match}, else_then_at_least_one_of = { "${a}" } } }`));
        }
        yield candidate(`${a}/${b}: conditional without if_field`, addToArrayAttr(record, "entity_checks", `{ conditional = { if_match = { required = true }, then_field = "${b}", then_match = { required = true } } }`));
        yield candidate(`${a}/${b}: conditional with else_then_err`, addToArrayAttr(record, "entity_checks", `{ conditional_at_least_one_of = { if_field = "${a}", if_match = { eq = 1 }, then_at_least_one_of = { "${b}" }, then_err = "e", else_then_err = 5 } }`));
      }
    },
  },
  {
    name: "entity-check-lists",
    about: "entity checks with lists of the wrong size or form (one name, duplicates, dotted paths into records and missing fields, sets of the wrong type, keyed tables) on every record, several checks at once",
    *generate(context) {
      for (const record of context.records) {
        const [a, b] = twoNames(record);
        const where = record.isRoot ? "schema" : "record";
        const checks = [
          `{ mutually_exclusive_sets = { set1 = {}, set2 = {} } }`, `{ mutually_exclusive_sets = { set1 = { "${a}", "${b}" }, set2 = { "${a}" } } }`, `{ mutually_exclusive_sets = { set1 = { "${a}" }, set2 = { "${b}" }, extra = {} } }`,
          `{ mutually_exclusive_sets = { { "${a}" }, { "${b}" } } }`, `{ mutually_exclusive_sets = { set1 = { "${a}" }, set2 = "${b}" } }`, `{ mutually_exclusive_sets = { set1 = { "${a}" }, set2 = { ngx.null } } }`,
          `{ at_least_one_of = { "${a}", ngx.null } }`, `{ only_one_of = { "${a}", 5 } }`, `{ distinct = { "${a}", { "${b}" } } }`, `{ mutually_required = { "${a}", "${b}", "${a}" } }`,
          `{ mutually_exclusive = { "${a}" } }`, `{ at_least_one_of = { [1] = "${a}", [2] = "${b}" } }`, `{ at_least_one_of = { "${a}", x = "${b}" } }`, `{ at_least_one_of = { "${a}.${b}" } }`,
          `{ custom_entity_check = { field_sources = {}, fn = function() return true end } }`, `{ custom_entity_check = { field_sources = { "${a}" } } }`, `{ custom_entity_check = { fn = function() return true end } }`,
          `{ custom_entity_check = { field_sources = { "${a}" }, fn = function() return true end, run_with_missing_fields = "yes" } }`, `{ custom_entity_check = { field_sources = { "${a}", 1 }, fn = function() return true end } }`,
          `{ custom_entity_check = { field_sources = "${a}", fn = function() return true end } }`, `{ custom_entity_check = { field_sources = { "${a}" }, fn = function() return true end, run_with_invalid_fields = true, extra = 1 } }`,
        ];
        for (const check of checks) yield candidate(`${where}: entity_checks += ${check}`, addToArrayAttr(record, "entity_checks", check));
        yield candidate(`${where}: two checks in one list, one bad`, addToArrayAttr(record, "entity_checks", `{ at_least_one_of = { "${a}" } }, { only_one_of = "${b}" }`));
      }
    },
  },
  {
    name: "transformations-forms",
    about: "transformations on the schema and on records: input / needs naming existing, dotted, missing or non-string fields, on_write / on_read missing or not functions, extra keys",
    *generate(context) {
      const root = rootOf(context);
      const config = configOf(context);
      if (!root || !config) return;
      const [a, b] = twoNames(config);
      const W = "on_write = function(...) return {} end";
      const entries = [
        `{ input = { "config.${a}" }, ${W} }`, `{ input = { "config.${a}" }, needs = { "config.${b}" }, ${W} }`, `{ input = { "config.nope" }, ${W} }`, `{ needs = { "nope" }, ${W} }`, `{ input = { "${a}" }, ${W} }`,
        `{ input = { "config" }, on_read = function(...) return {} end }`, `{ input = { "config" } }`, "{}", `{ input = "config", ${W} }`, `{ input = { 1 }, ${W} }`, `{ input = { "config" }, on_write = "f" }`,
        `{ input = { "config" }, ${W}, extra = 1 }`, `{ input = { "protocols" }, ${W} }`, `{ input = { "config.${a}.x" }, ${W} }`, `{ ${W} }`, `{ input = {}, ${W} }`, `{ input = { "config", "config" }, ${W} }`,
      ];
      for (const entry of entries) {
        yield candidate(`schema: transformations = { ${entry} }`, setAttr(root, "transformations", `{ ${entry} }`));
        yield candidate(`config record: transformations = { ${entry.replace(/config\./g, "")} }`, setAttr(config, "transformations", `{ ${entry.replace(/config\./g, "")} }`));
      }
      yield candidate("schema: transformations = {}", setAttr(root, "transformations", "{}"));
      yield candidate("schema: transformations = { 1 }", setAttr(root, "transformations", "{ 1 }"));
    },
  },
  {
    name: "json-field",
    about: "type = \"json\" fields in config with json_schema inline / namespace / parent_subschema_key / optional / default, right and wrong, and json_schema on other types",
    *generate(context) {
      const config = configOf(context);
      if (!config) return;
      const [a] = twoNames(config);
      const shapes = [
        '{ inline = { type = "object" } }', '{ inline = { type = "string" } }', "{ inline = {} }", '{ inline = "x" }', "{}", '{ namespace = "x" }', '{ namespace = "x", parent_subschema_key = "' + a + '" }',
        '{ parent_subschema_key = "nope" }', '{ inline = { type = "object" }, namespace = "x" }', '{ inline = { type = "object" }, optional = true }', '{ inline = { type = "object" }, optional = "yes" }',
        '{ inline = { type = "object" }, extra = 1 }', '{ inline = { type = "nope" } }', '{ inline = { type = "object", properties = { a = { type = "string" } } } }', '{ default = { type = "object" } }',
      ];
      for (const shape of shapes) {
        yield candidate(`config: json field with json_schema = ${shape}`, appendItem(config, `{ j = { type = "json", json_schema = ${shape} } }`));
        yield candidate(`config: json field with json_schema = ${shape}, required = true`, appendItem(config, `{ j = { type = "json", required = true, json_schema = ${shape} } }`));
      }
      yield candidate("config: json field without json_schema", appendItem(config, '{ j = { type = "json" } }'));
      yield candidate("config: json field with a default", appendItem(config, '{ j = { type = "json", json_schema = { inline = { type = "object" } }, default = { a = 1 } } }'));
      yield candidate("config: json field with default = \"x\"", appendItem(config, '{ j = { type = "json", json_schema = { inline = { type = "string" } }, default = "x" } }'));
      yield candidate("config: string field with json_schema", appendItem(config, '{ j = { type = "string", json_schema = { inline = { type = "string" } } } }'));
      yield candidate("config: json field with len_min", appendItem(config, '{ j = { type = "json", json_schema = { inline = { type = "string" } }, len_min = 1 } }'));
    },
  },
  {
    name: "field-key-forms",
    about: "field entries keyed in other forms: [\"a-b\"], [\"\"], [1], [true], dotted and spaced names, Lua keywords and names of attributes (type, default, fields, name) as field names",
    *generate(context) {
      const F = '{ type = "string" }';
      const keys = ['["a-b"]', '[""]', "[1]", "[true]", '["a.b"]', '["a b"]', '["end"]', '["1a"]', "type", "default", "fields", "name", "config", "required", "elements", "id", "created_at", "_a", "A", "ttl", '["$ref"]', "[1.5]"];
      for (const record of context.records) {
        const where = record.isRoot ? "schema" : "record";
        for (const key of keys) {
          yield candidate(`${where}: fields += { ${key} = ${F} }`, appendItem(record, `{ ${key} = ${F} }`));
          if (!record.isRoot) yield candidate(`${where}: fields += { ${key} = { type = "integer", default = 1 } }`, appendItem(record, `{ ${key} = { type = "integer", default = 1 } }`));
        }
        yield candidate(`${where}: fields += an entry keyed by a computed string`, appendItem(record, `{ [("x"):rep(2)] = ${F} }`));
      }
    },
  },
  {
    name: "chunk-return-forms",
    about: "how the chunk returns its table: extra return values, parenthesised, in a do block, behind a condition, after error() / assert, or with statements after it",
    *generate(context) {
      const text = context.text;
      const match = /\breturn\s+([A-Za-z_][A-Za-z0-9_]*)\s*;?\s*$/.exec(text);
      const brace = /\breturn\s*\{/.exec(text);
      if (match) {
        const name = match[1];
        const at = match.index;
        const end = text.length;
        const forms = [
          `return ${name}, 1`, `return (${name})`, `do return ${name} end`, `if ${name} then return ${name} end`, `if not ${name} then return nil end\nreturn ${name}`, `return ${name}, nil, "x"`,
          `assert(${name}.name, "no name")\nreturn ${name}`, `assert(false, "nope")\nreturn ${name}`, `error("stop")\nreturn ${name}`, `return ${name}\n-- trailing comment`, `return ${name};`,
          `local ok = pcall(error)\nreturn ${name}`, `return setmetatable(${name}, {})`, `return setmetatable({}, { __index = ${name} })`, `return { name = ${name}.name, fields = ${name}.fields }`,
          `return ${name}.fields and ${name}`, `return ${name} or {}`, `return nil or ${name}`, `return rawget({ s = ${name} }, "s")`, `return select(1, ${name})`, `return (function() return ${name} end)()`,
        ];
        for (const form of forms) yield candidate(`chunk ends: ${form.replace(/\n/g, " ⏎ ")}`, { start: at, end, text: `${form}\n` });
      }
      if (brace) {
        yield candidate("chunk: return { … } wrapped in parentheses", { start: brace.index, end: brace.index + brace[0].length, text: "return ({" }, { start: text.trimEnd().length, end: text.length, text: ")\n" });
        yield candidate("chunk: local before the returned table", { start: brace.index, end: brace.index, text: "local unused = 1\n" });
        yield candidate("chunk: do ... end around the return", { start: brace.index, end: brace.index, text: "do " }, { start: text.trimEnd().length, end: text.length, text: " end\n" });
      }
    },
  },
  {
    name: "shorthand-semantics",
    about: "shorthand_fields whose func / translate_backwards / deprecation reach config fields in other forms, with defaults and validators that Kong checks as the shorthand's own",
    *generate(context) {
      const config = configOf(context);
      if (!config) return;
      const [a] = twoNames(config);
      const shorthands = [
        `{ old = { type = "string", func = function(v) return { ${a} = v } end, translate_backwards = { "${a}" } } }`,
        `{ old = { type = "string", func = function(v) return { ${a} = v } end, translate_backwards = {} } }`,
        `{ old = { type = "string", func = function(v) return { ${a} = v } end, translate_backwards = { "${a}", 1 } } }`,
        `{ old = { type = "string", len_min = 3, default = "ab", func = ${FN} } }`,
        `{ old = { type = "integer", between = { 1, 5 }, default = 9, func = ${FN} } }`,
        `{ old = { type = "string", one_of = { "a" }, default = "b", func = ${FN} } }`,
        `{ old = { type = "string", required = true, func = ${FN} } }`,
        `{ old = { type = "string", unique = true, func = ${FN} } }`,
        `{ old = { type = "set", elements = { type = "string", one_of = { "a" } }, default = { "b" }, func = ${FN} } }`,
        `{ old = { type = "map", keys = { type = "string" }, values = { type = "string" }, func = ${FN} } }`,
        `{ old = { type = "json", func = ${FN} } }`,
        `{ old = { type = "boolean", func = ${FN}, deprecation = { message = "use ${a}", removal_in_version = "4.0", replaced_with = { { path = { "${a}" } } } } } }`,
        `{ old = { type = "boolean", func = ${FN}, deprecation = { message = "use ${a}", removal_in_version = "4.0", old_default = 5 } } }`,
        `{ old = { type = "string", func = ${FN}, custom_validator = function(v) return true end } }`,
        `{ old = { type = "string", func = ${FN}, description = "short" } }`,
        `{ old = { type = "string", func = ${FN}, elements = { type = "string" } } }`,
        `{ old = { type = "string", func = ${FN}, fields = {} } }`,
        `{ old = { type = "string", func = ${FN}, abstract = true } }`,
        `{ old = { type = "string", func = ${FN}, auto = true } }`,
        `{ old = { type = "string", func = ${FN}, unique_across_ws = true, unique = true } }`,
        `{ ${a} = { type = "string", func = ${FN} } }`,
        `{ old = { type = "number", func = ${FN}, timestamp = true, default = -1 } }`,
      ];
      for (const shorthand of shorthands) yield candidate(`config: shorthand_fields = { ${shorthand} }`, setAttr(config, "shorthand_fields", `{ ${shorthand} }`));
      const root = rootOf(context);
      if (root) yield candidate("schema: shorthand_fields naming config", setAttr(root, "shorthand_fields", `{ { config = { type = "string", func = ${FN} } } }`));
    },
  },
  {
    name: "default-nested-records",
    about: "record defaults set on a nested record and its fields at once (defaults that disagree with a field's own default, partial records, required fields inside) and records nested in arrays / maps with defaults",
    *generate(context) {
      for (const record of context.records) {
        if (record.isRoot) continue;
        const holder = context.definitions.find((def) => def.start === record.start);
        if (!holder || holder.fieldType !== "record") continue;
        const [a, b] = twoNames(record);
        for (const value of ["{}", `{ ${a} = "x" }`, `{ ${a} = 1, ${b} = 2 }`, `{ ${a} = ngx.null }`, `{ ${a} = { } }`, `{ nope = 1 }`, `{ ${a} = true, nope = ngx.null }`]) {
          yield candidate(`record ${holder.name}: default = ${value}`, setAttr(holder, "default", value));
          yield candidate(`record ${holder.name}: default = ${value}, required = true`, setAttr(holder, "default", value), setAttr(holder, "required", "true"));
        }
        yield candidate(`record ${holder.name}: a required field without default added`, appendItem(record, '{ must = { type = "string", required = true } }'));
        yield candidate(`record ${holder.name}: a required field without default added, record default = {}`, appendItem(record, '{ must = { type = "string", required = true } }'), setAttr(holder, "default", "{}"));
        yield candidate(`record ${holder.name}: a required field with default, record default = {}`, appendItem(record, '{ must = { type = "string", required = true, default = "d" } }'), setAttr(holder, "default", "{}"));
        yield candidate(`record ${holder.name}: a bad default inside, record default = {}`, appendItem(record, '{ must = { type = "integer", between = { 1, 2 }, default = 3 } }'), setAttr(holder, "default", "{}"));
      }
    },
  },
  {
    name: "config-record-forms",
    about: "the config record itself changed: required / default / nullable on it, empty fields, entity_checks and shorthand_fields moved to the schema's top level, config typed as map / json / array",
    *generate(context) {
      const root = rootOf(context);
      const config = configOf(context);
      if (!root || !config) return;
      const holder = context.definitions.find((def) => def.start === config.start);
      if (!holder) return;
      const [a, b] = twoNames(config);
      for (const [attr, value] of [["required", "true"], ["required", "false"], ["default", "{}"], ["default", `{ ${a} = 1 }`], ["default", "ngx.null"], ["abstract", "true"], ["immutable", "true"], ["description", '"The configuration"'], ["nullable", "true"], ["auto", "true"], ["transient", "true"], ["deprecation", '{ message = "m", removal_in_version = "4" }']]) {
        yield candidate(`config: ${attr} = ${value}`, setAttr(holder, attr, value));
      }
      yield candidate("config: fields = {}", setAttr(config, "fields", "{}"));
      yield candidate("config: type = \"map\" (fields kept)", setAttr(holder, "type", '"map"'), setAttr(holder, "keys", '{ type = "string" }'), setAttr(holder, "values", '{ type = "string" }'));
      yield candidate("config: type = \"json\" (fields kept)", setAttr(holder, "type", '"json"'), setAttr(holder, "json_schema", '{ inline = { type = "object" } }'));
      yield candidate("schema: entity_checks naming config fields by path", setAttr(root, "entity_checks", `{ { at_least_one_of = { "config.${a}", "config.${b}" } } }`));
      yield candidate("schema: entity_checks naming config fields without path", setAttr(root, "entity_checks", `{ { at_least_one_of = { "${a}", "${b}" } } }`));
      yield candidate("schema: conditional on config fields by path", setAttr(root, "entity_checks", `{ { conditional = { if_field = "config.${a}", if_match = { eq = true }, then_field = "config.${b}", then_match = { required = true } } } }`));
      yield candidate("schema: entity_checks = {} and config entity_checks = {}", setAttr(root, "entity_checks", "{}"), setAttr(config, "entity_checks", "{}"));
      yield candidate("schema: a second config entry", appendItem(root, `{ config = ${context.text.slice(holder.start, holder.end)} }`));
      yield candidate("schema: config given by a function call", appendEntry(root, "unused = tostring(1)"));
    },
  },
  {
    name: "author-typos",
    about: "typos plugin authors make: type names unquoted (type = string, a global) or from other languages (int, bool, str, float, list, object, dict, text), flags and defaults as bare identifiers, validators written as strings",
    *generate(context) {
      for (const def of defsOf(context)) {
        for (const type of ["string", "number", "integer", "boolean", "array", "record", "map"]) yield candidate(describe(def, `type = ${type} (unquoted)`), setAttr(def, "type", type));
        for (const type of ["int", "bool", "str", "float", "list", "object", "dict", "text", "String", "Integer", "uuid", "url", "timestamp", "table", "any", "self", "null"]) yield candidate(describe(def, `type = "${type}"`), setAttr(def, "type", `"${type}"`));
        for (const [attr, value] of [["required", "yes"], ["required", "True"], ["default", "none"], ["default", "null"], ["default", "undefined"], ["one_of", '"a,b"'], ["one_of", '"a|b"'], ["between", '"1-10"'], ["len_min", "one"], ["match", "^a"]]) {
          yield candidate(describe(def, `${attr} = ${value}`), setAttr(def, attr, value));
        }
      }
    },
  },
  {
    name: "legacy-forms",
    about: "schemas written in Kong 0.x / 1.x style or half-ported: no_consumer / self_check / api_only at the top, fields as a map, old types (url, timestamp, table with schema), func / enum / immutable attributes of the old DAO",
    *generate(context) {
      const root = rootOf(context);
      const config = configOf(context);
      if (!root) return;
      for (const [key, value] of [["no_consumer", "true"], ["no_route", "true"], ["api_only", "true"], ["self_check", "function(schema, conf) return true end"], ["cache_key", '{ "name" }'], ["primary_key", '{ "id" }']]) {
        yield candidate(`schema: ${key} = ${value}`, setAttr(root, key, value));
      }
      if (!config) return;
      const [a] = twoNames(config);
      yield candidate("config: fields written as a map (0.x style)", setAttr(config, "fields", `{ ${a} = { type = "string" } }`));
      yield candidate("config: one map-style entry among array entries", appendItem(config, 'legacy = { type = "string" }'));
      for (const def of defsOf(context)) {
        if (def.role !== "field") continue;
        for (const [attr, value] of [["func", "function(v) return true end"], ["enum", '{ "a", "b" }'], ["immutable", "true"], ["schema", '{ fields = { x = { type = "string" } } }'], ["dao_insert_value", "true"], ["queryable", "true"], ["overwrite", "true"]]) {
          yield candidate(describe(def, `${attr} = ${value}`), setAttr(def, attr, value));
        }
        for (const type of ["url", "timestamp", "table", "id"]) yield candidate(describe(def, `type = "${type}" (0.x type)`), setAttr(def, "type", `"${type}"`));
      }
    },
  },
  {
    name: "foreign-fields",
    about: "foreign fields (references to Kong entities) inside config, nested records, arrays and maps and at the top level: real and made-up references, on_delete, defaults, required, eq = ngx.null",
    *generate(context) {
      const root = rootOf(context);
      const config = configOf(context);
      const forms = [
        '{ type = "foreign", reference = "consumers" }', '{ type = "foreign", reference = "services", on_delete = "cascade" }', '{ type = "foreign", reference = "nope" }',
        '{ type = "foreign" }', '{ type = "foreign", reference = "routes", default = ngx.null }', '{ type = "foreign", reference = "routes", required = true }',
        '{ type = "foreign", reference = "consumers", eq = ngx.null }', '{ type = "foreign", reference = "consumers", default = { id = "x" } }', '{ type = "foreign", reference = 5 }',
        '{ type = "foreign", reference = "consumer_groups" }', '{ type = "foreign", reference = "certificates", on_delete = "restrict" }', '{ type = "foreign", reference = "consumers", on_delete = "nullify" }',
      ];
      for (const form of forms) {
        if (config) {
          yield candidate(`config: fields += { ref = ${form} }`, appendItem(config, `{ ref = ${form} }`));
          yield candidate(`config: fields += { refs = array of ${form} }`, appendItem(config, `{ refs = { type = "array", elements = ${form} } }`));
          yield candidate(`config: fields += { by_name = map to ${form} }`, appendItem(config, `{ by_name = { type = "map", keys = { type = "string" }, values = ${form} } }`));
        }
        if (root) yield candidate(`schema: fields += { ref = ${form} }`, appendItem(root, `{ ref = ${form} }`));
      }
      for (const record of context.records) {
        if (record.isRoot || record === config) continue;
        yield candidate("nested record: fields += a foreign to consumers", appendItem(record, '{ owner = { type = "foreign", reference = "consumers" } }'));
      }
    },
  },
];
