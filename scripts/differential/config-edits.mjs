// More kinds of configuration edits for the config differential (scripts/differential-config.mjs):
// the mistakes users make in decK files that the per-field edits there do not reach — the shape of
// containers (objects for arrays, arrays for records, {} vs []), null in every position, nested
// records inside arrays and maps, shorthand fields, the entity fields (protocols, scoping, null
// entity fields), each entity check made to fail or pass, and strings/numbers/booleans coerced.
// Each generator yields [kind, description, entity].

const UUID = "5b9c4c4e-1d0b-4f6a-9d7e-3c1a2b3c4d5e";

export function getIn(obj, path) {
  return path.reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

export function setIn(obj, path, value) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== "object") o[k] = {};
    o = o[k];
  }
  o[path[path.length - 1]] = value;
  return obj;
}

/** A value of the field's type that passes its own validators where the sketch says how. */
export function sample(f, depth = 0) {
  if (f.default !== undefined && f.default !== null) return structuredClone(f.default);
  if (f.one_of?.length) return f.one_of[0];
  switch (f.type) {
    case "string": {
      const base = f.starts_with ?? "";
      const len = Math.max(f.len_min ?? 1, 3);
      return (base + "abcdefgh").slice(0, Math.max(len, base.length + 1));
    }
    case "integer":
    case "number":
      return f.between ? f.between[0] : 1;
    case "boolean":
      return true;
    case "array":
    case "set":
      return [];
    case "map":
      return {};
    case "record":
      return depth > 5 ? {} : requiredOf(f, depth + 1);
    default:
      return "x";
  }
}

export function requiredOf(record, depth = 0) {
  const out = {};
  for (const f of record.fields ?? []) if (f.required && f.default === undefined) out[f.name] = sample(f, depth);
  return out;
}

/** A value that is another JSON type than the field's. */
export function wrongTypeValue(f) {
  switch (f.type) {
    case "string":
      return 42;
    case "integer":
    case "number":
      return "12";
    case "boolean":
      return "true";
    case "array":
    case "set":
    case "map":
    case "record":
      return "x";
    default:
      return 1;
  }
}

/** Values of other scalar types that users write by mistake (YAML quoting, numbers as strings). */
function coercions(f) {
  switch (f.type) {
    case "integer":
      return [["1.0 (an integral float)", 1.0], ['"1"', "1"], ["true", true], ["1e20", 1e20], ["-0", -0]];
    case "number":
      return [['"1.5"', "1.5"], ["0.5", 0.5], ["false", false], ["-1e-300", -1e-300]];
    case "boolean":
      return [["1", 1], ['"yes"', "yes"], ['"false"', "false"], ["0", 0]];
    case "string":
      return [["true", true], ["1.5", 1.5], ["[\"a\"]", ["a"]], ['"  "', "  "]];
    default:
      return [];
  }
}

const STRING_FORMS = [
  "http://example.com", "https://user@example.com:8443/p?q#f", "example.com/path", "//example.com", "http://", "ftp:",
  "example.com", "example.com:80", "example.com:99999", "-bad-.example", "a..b", "1.2.3.4", "1.2.3.4:80", "256.1.1.1",
  "01.2.3.4", "::1", "[::1]:8000", "fe80::1%eth0", "10.0.0.0/8", "10.0.0.0/33", "10.0.0.0/08", "2001:db8::/32",
  "*.example.com", "example.*", "a.*.b", "/a/b", "/a b", "/a%zz", "/a%41", "X-Header_1", "X Header", "session", "a=b", "é",
];

/** Shapes of containers that are not the field's: {} for an array, [] for a record… */
function shapes(f) {
  switch (f.type) {
    case "array":
    case "set":
      return [["{} (an empty object)", {}], ["{a: sample}", { a: f.elements ? sample(f.elements) : 1 }], ["[null]", [null]], ["[[sample]]", [[f.elements ? sample(f.elements) : 1]]]];
    case "map":
      return [["[] (an empty array)", []], ["[sample]", [f.values ? sample(f.values) : 1]], ["{k: null}", { k: null }], ["{\"\": sample}", { "": f.values ? sample(f.values) : 1 }]];
    case "record":
      return [["[] (an empty array)", []], ["[{}]", [{}]], ["42", 42]];
    default:
      return [];
  }
}

/** Edits inside a record: at path `at` (record fields), for a record value reached from the base. */
function* insideRecord(kind, record, at, base, entity, show) {
  const recordValue = getIn(base, at) ?? requiredOf(record);
  for (const f of record.fields ?? []) {
    const set = (value) => entity(setIn(structuredClone(base), at, { ...structuredClone(recordValue), [f.name]: value }));
    yield [kind, `${show}.${f.name}: wrong type`, set(wrongTypeValue(f))];
    yield [kind, `${show}.${f.name}: null`, set(null)];
    if (f.type === "record" && f.fields) yield [kind, `${show}.${f.name}.zz_unknown`, set({ ...requiredOf(f), zz_unknown: 1 })];
  }
  yield [kind, `${show}: {} (required fields missing)`, entity(setIn(structuredClone(base), at, {}))];
  yield [kind, `${show}.zz_unknown`, entity(setIn(structuredClone(base), at, { ...structuredClone(recordValue), zz_unknown: 1 }))];
}

function* fieldEdits(fields, path, base, entity, depth) {
  for (const f of fields ?? []) {
    const at = [...path, f.name];
    const show = at.join(".");
    const set = (value) => entity(setIn(structuredClone(base), at, value));
    for (const [what, value] of coercions(f)) yield ["coercion", `${show}: ${what}`, set(value)];
    // strings of the forms Kong's typedef validators judge (hosts, IPs, CIDRs, URLs, paths, header names)
    if (f.type === "string" && !f.one_of) for (const value of STRING_FORMS) yield ["string-form", `${show}: ${JSON.stringify(value)}`, set(value)];
    for (const [what, value] of shapes(f)) yield ["container-shape", `${show}: ${what}`, set(value)];
    if (f.default !== undefined) yield ["default", `${show}: absent (default ${JSON.stringify(f.default)})`, entity(deleteIn(structuredClone(base), at))];
    // records inside arrays and maps: Kong validates each element as a record
    const elements = f.type === "array" || f.type === "set" ? f.elements : undefined;
    if (elements?.type === "record") {
      const element = requiredOf(elements);
      const withElement = setIn(structuredClone(base), at, [element]);
      yield ["nested-record", `${show}[1]: required fields`, entity(withElement)];
      yield* insideRecord("nested-record", elements, [...at, 0], withElement, entity, `${show}[1]`);
    }
    if (f.type === "map" && f.values?.type === "record") {
      const withValue = setIn(structuredClone(base), at, { k: requiredOf(f.values) });
      yield ["nested-record", `${show}.k: required fields`, entity(withValue)];
      yield* insideRecord("nested-record", f.values, [...at, "k"], withValue, entity, `${show}.k`);
    }
    if (f.type === "record" && depth >= 1 && depth < 4) yield* insideRecord("nested-record", f, at, base, entity, show);
    if (f.type === "record" && depth < 4) {
      yield* shorthandEdits(f, at, base, entity);
      yield* entityCheckEdits(f, at, base, entity);
      yield* fieldEdits(f.fields, at, base, entity, depth + 1);
    }
  }
}

function deleteIn(obj, path) {
  const parent = getIn(obj, path.slice(0, -1));
  if (parent && typeof parent === "object") delete parent[path[path.length - 1]];
  return obj;
}

function* shorthandEdits(record, at, base, entity) {
  for (const s of record.shorthand_fields ?? []) {
    const show = [...at, s.name].join(".");
    const set = (value) => entity(setIn(structuredClone(base), [...at, s.name], value));
    yield ["shorthand", `${show}: sample`, set(sample(s))];
    yield ["shorthand", `${show}: wrong type`, set(wrongTypeValue(s))];
    yield ["shorthand", `${show}: null`, set(null)];
    if (s.type === "string") yield ["shorthand", `${show}: ""`, set("")];
    if (s.type === "number" || s.type === "integer") yield ["shorthand", `${show}: 2`, set(2)];
  }
}

/** A value for field `name` (dotted, relative to the record at `at`) that is non-empty. */
function nonEmptyFor(record, name) {
  const f = fieldAt(record, name);
  if (!f) return "x";
  const v = sample(f);
  if (v === "" || (typeof v === "object" && v !== null && Object.keys(v).length === 0)) {
    if (f.type === "array" || f.type === "set") return [f.elements ? sample(f.elements) : "x"];
    if (f.type === "string") return "abc";
  }
  return v;
}

function fieldAt(record, dotted) {
  let r = record;
  let f;
  for (const part of dotted.split(".")) {
    f = (r?.fields ?? []).find((x) => x.name === part);
    r = f;
  }
  return f;
}

function* entityCheckEdits(record, at, base, entity) {
  for (const check of record.entity_checks ?? []) {
    const [name, arg] = Object.entries(check)[0] ?? [];
    if (!name || arg === null || arg === undefined) continue;
    // the plugin schema's own checks name fields "config.x" (from the entity); a record's, from the record
    const from = (field) => (at.length === 0 && field.startsWith("config.") ? field.slice("config.".length) : field);
    const edit = (description, assignments) => {
      const copy = structuredClone(base);
      for (const [field, value] of assignments) setIn(copy, [...at, ...from(field).split(".")], value);
      return ["entity-check", `${name} ${description}`, entity(copy)];
    };
    const names = Array.isArray(arg) ? arg.filter((n) => typeof n === "string") : [];
    const sketchOf = (field) => nonEmptyFor(record, from(field));
    switch (name) {
      case "at_least_one_of":
      case "only_one_of":
      case "mutually_exclusive":
      case "mutually_required":
      case "distinct":
        yield edit("all null", names.map((n) => [n, null]));
        yield edit("all set", names.map((n) => [n, sketchOf(n)]));
        if (names.length > 1) yield edit("only the first set", [[names[0], sketchOf(names[0])], ...names.slice(1).map((n) => [n, null])]);
        if (name === "distinct" && names.length > 1) yield edit("equal values", names.map((n) => [n, sketchOf(names[0])]));
        break;
      case "mutually_exclusive_sets": {
        const set1 = arg.set1 ?? [];
        const set2 = arg.set2 ?? [];
        yield edit("both sets set", [...set1, ...set2].map((n) => [n, sketchOf(n)]));
        yield edit("first set only", set1.map((n) => [n, sketchOf(n)]));
        break;
      }
      case "conditional": {
        const ifValue = conditionValue(arg.if_match);
        if (ifValue === undefined || typeof arg.then_field !== "string") break;
        yield edit("if holds, then null", [[arg.if_field, ifValue], [arg.then_field, null]]);
        yield edit("if holds, then sample", [[arg.if_field, ifValue], [arg.then_field, sketchOf(arg.then_field)]]);
        const thenValue = conditionValue(arg.then_match);
        if (thenValue !== undefined) yield edit("if holds, then matches", [[arg.if_field, ifValue], [arg.then_field, thenValue]]);
        break;
      }
      case "conditional_at_least_one_of": {
        const ifValue = conditionValue(arg.if_match);
        if (ifValue === undefined) break;
        const then = arg.then_at_least_one_of ?? [];
        yield edit("if holds, none set", [[arg.if_field, ifValue], ...then.map((n) => [n, null])]);
        if (then[0]) yield edit("if holds, first set", [[arg.if_field, ifValue], [then[0], sketchOf(then[0])]]);
        break;
      }
      default:
        break;
    }
  }
}

/** A value satisfying an if_match/then_match table: eq, one_of, or a type. */
function conditionValue(match) {
  if (!match || typeof match !== "object") return undefined;
  if (match.eq !== undefined) return match.eq;
  if (Array.isArray(match.one_of) && match.one_of.length > 0) return match.one_of[0];
  if (match.gt !== undefined && typeof match.gt === "number") return match.gt + 1;
  if (Array.isArray(match.between)) return match.between[0];
  if (match.type === "boolean") return true;
  if (match.required === true || match.len_min !== undefined) return "abc";
  return undefined;
}

const ENTITY_EDITS = [
  ["protocols", "[\"http\"]", { protocols: ["http"] }],
  ["protocols", "[\"grpc\", \"grpcs\"]", { protocols: ["grpc", "grpcs"] }],
  ["protocols", "[\"tcp\"]", { protocols: ["tcp"] }],
  ["protocols", "[] (empty)", { protocols: [] }],
  ["protocols", "\"http\" (a string)", { protocols: "http" }],
  ["protocols", "[\"http\", \"http\"] (duplicate)", { protocols: ["http", "http"] }],
  ["protocols", "[\"HTTP\"] (case)", { protocols: ["HTTP"] }],
  ["protocols", "{} (an object)", { protocols: {} }],
  ["entity-null", "protocols: null", { protocols: null }],
  ["entity-null", "enabled: null", { enabled: null }],
  ["entity-null", "tags: null", { tags: null }],
  ["entity-null", "instance_name: null", { instance_name: null }],
  ["entity-null", "config: null", { config: null }],
  ["entity-null", "route: null", { route: null }],
  ["entity-null", "consumer_group: null", { consumer_group: null }],
  ["entity-field", "enabled: false", { enabled: false }],
  ["entity-field", "enabled: 1", { enabled: 1 }],
  ["entity-field", "tags: []", { tags: [] }],
  ["entity-field", "tags: \"a\" (a string)", { tags: "a" }],
  ["entity-field", "tags: [\"\"]", { tags: [""] }],
  ["entity-field", "tags: [1]", { tags: [1] }],
  ["entity-field", "instance_name: \"ok-name_1.2~\"", { instance_name: "ok-name_1.2~" }],
  ["entity-field", "instance_name: 7", { instance_name: 7 }],
  ["entity-field", "instance_name: \"\"", { instance_name: "" }],
  ["entity-field", "config: [] (an empty array)", { config: [] }],
  ["entity-field", "config: \"x\"", { config: "x" }],
  ["entity-field", "unknown entity field", { zz_unknown: 1 }],
  ["scope", "consumer_group set", { consumer_group: { id: UUID } }],
  ["scope", "service and route set", { service: { id: UUID }, route: { id: UUID } }],
  ["scope", "route: {id: not a uuid}", { route: { id: "not-a-uuid" } }],
  ["scope", "service: \"a string\"", { service: "svc" }],
  ["scope", "consumer: {} (no id)", { consumer: {} }],
  ["scope", "id: not a uuid", { id: "1234" }],
  ["scope", "ordering", { ordering: { before: { access: ["rate-limiting"] } } }],
];

/** Every new edit of a plugin's base config. */
export function* moreVariants(sketch, base) {
  const entity = (config, extra = {}) => ({ config, ...extra });
  for (const [kind, description, extra] of ENTITY_EDITS) {
    const { config, ...rest } = extra;
    yield [kind, description, "config" in extra ? { config, ...rest } : entity(structuredClone(base), rest)];
  }
  yield* shorthandEdits(sketch, [], base, entity);
  yield* entityCheckEdits(sketch, [], base, entity);
  yield* fieldEdits(sketch.fields, [], base, entity, 0);
}
