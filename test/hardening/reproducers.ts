/**
 * The inputs that crashed `kplug validate` (exit 70) or exhausted it, as found by fuzzing (issue 9).
 * Each is a schema.lua text; the tests check that each now ends in findings, never an internal error.
 */
const field = (name: string, definition: string): string => `{ ${name} = ${definition} }`;
const schema = (name: string, fields: string): string => `return { name = "${name}", fields = { { config = { type = "record", fields = { ${fields} } } } } }\n`;

export const reproducers = {
  /** 1,644 nested table constructors (LuaJIT: "chunk has too many syntax levels") */
  nestedTables: `return ${"{".repeat(1644)}${"}".repeat(1644)}\n`,
  /** 1,849 nested parentheses */
  nestedParens: `return ${"(".repeat(1849)}1${")".repeat(1849)}\n`,
  /** a 5,000-term `..` chain: right-associative, so 5,000 syntax levels in LuaJIT */
  concatChain: `return { name = ${Array(5000).fill('"a"').join(" .. ")}, fields = {} }\n`,
  /** a 5,000-term `+` chain: valid LuaJIT (left-associative, one level) but a 5,000-deep tree */
  additionChain: `local x = 1\n${schema("addition-chain", field("a", `{ type = "number", default = ${Array(5000).fill("x").join(" + ")} }`))}`,
  /** a 20,000-term chain of numbers inside a table constructor (constant folding follows it) */
  numericChain: schema("numeric-chain", field("a", `{ type = "number", default = ${Array(20000).fill("1").join(" + ")} }`)),
  /** 493 nested records */
  nestedRecords: `return { name = "nested-records", fields = { ${`{ r = { type = "record", fields = { `.repeat(493)}${" } } }".repeat(493)} } }\n`,
  /** the first token is not Lua */
  strayFirstToken: "@ return {}\n",
  /** a leading no-break space (U+00A0): LuaJIT takes bytes above ASCII as part of a name */
  leadingNoBreakSpace: "\u00a0return { name = 'nbsp', fields = {} }\n",
  /** two byte-order marks: the reader drops the first, the second starts a name in LuaJIT */
  doubleBom: "\ufeff\ufeffreturn { name = 'double-bom', fields = {} }\n",
  /** a table that contains itself */
  selfReference: `local f = {}\nf[1] = { config = { type = "record", fields = f } }\nreturn { name = "self-reference", fields = f }\n`,
  /** a 461-byte `..` bomb: each local repeats the previous one 8 times */
  concatBomb: `local a = "aaaaaaaaaaaaaaaa"\n${Array.from({ length: 9 }, (_, i) => `local ${"b".repeat(i + 1)} = ${Array(8).fill(i === 0 ? "a" : "b".repeat(i)).join("..")}`).join("\n")}\n${schema("concat-bomb", field("s", `{ type = "string", default = ${"b".repeat(9)} }`))}`,
  /** `s = s .. s` 26 times: a 268 MB default */
  doubling: `local s = "abcdefghijklmnopq"\n${"s = s .. s\n".repeat(26)}${schema("doubling", field("s", `{ type = "string", default = s }`))}`,
  /** a small table shared twice per level, 40 levels: 2^40 places once expanded */
  sharedTables: `local t0 = { type = "string" }\n${Array.from({ length: 40 }, (_, i) => `local t${i + 1} = { type = "record", fields = { { a = t${i} }, { b = t${i} } } }`).join("\n")}\n${schema("shared-tables", field("deep", "t40"))}`,
  /** records nested 300 deep through locals (no syntax nesting) */
  deepThroughLocals: `local r0 = { type = "string" }\n${Array.from({ length: 300 }, (_, i) => `local r${i + 1} = { type = "record", fields = { { f = r${i} } } }`).join("\n")}\n${schema("deep-through-locals", field("deep", "r300"))}`,
  /** nested `typedefs.x { … }` calls: each level used to be evaluated twice */
  nestedTypedefCalls: `local typedefs = require "kong.db.schema.typedefs"\nreturn { name = "typedef-calls", fields = { ${"typedefs.host { ".repeat(60)}${" }".repeat(60)} } }\n`,
  /** one non-ASCII character and a 680 KB line */
  longNonAsciiLine: `-- é\nlocal t = { ${Array.from({ length: 40_000 }, (_, i) => `"é${i}"`).join(", ")} }\n${schema("long-line", field("a", `{ type = "string", one_of = t }`))}`,
} as const;

export type ReproducerName = keyof typeof reproducers;
