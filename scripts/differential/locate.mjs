// Finds, in a parsed schema.lua, the tables the differential harness edits: field definitions
// (a table constructor with `type = "<string>"`) and records (a table constructor with `fields = { … }`).
const FIELD_TYPES = new Set(["array", "set", "string", "number", "boolean", "integer", "foreign", "map", "record", "function", "json"]);

export function findDefinitions(chunk) {
  const definitions = [];
  const records = [];
  const visit = (node, parents) => {
    if (!node || typeof node.type !== "string") return;
    if (node.type === "TableConstructorExpression") {
      const table = describeTable(node);
      const type = table.attrs.get("type");
      if (type && type.valueNode.type === "StringLiteral" && FIELD_TYPES.has(literal(type.valueNode))) {
        definitions.push({ ...table, fieldType: literal(type.valueNode), role: roleOf(parents), name: nameOf(parents) });
      }
      const fields = table.attrs.get("fields");
      if (fields && fields.valueNode.type === "TableConstructorExpression") {
        const names = [];
        // each `{ name = { … } }` entry of the fields array, with its text range (for moving fields)
        const items = [];
        fields.valueNode.fields.forEach((item, index) => {
          if (item.type !== "TableValue" || item.value.type !== "TableConstructorExpression") return;
          for (const entry of item.value.fields) {
            if (entry.type !== "TableKeyString") continue;
            names.push(entry.key.name);
            items.push({ name: entry.key.name, index, start: item.range[0], end: item.range[1], definition: entry.value });
          }
        });
        const isRoot = table.attrs.has("name") && !type;
        const list = { start: fields.valueNode.range[0], end: fields.valueNode.range[1], ranges: fields.valueNode.fields.map((item) => item.range) };
        records.push({ ...table, fieldNames: names, fieldItems: items, fieldsList: list, isRoot });
      }
    }
    for (const key of Object.keys(node)) {
      if (key === "range" || key === "loc") continue;
      const child = node[key];
      if (Array.isArray(child)) for (const c of child) visit(c, [...parents, node]);
      else if (child && typeof child === "object" && typeof child.type === "string") visit(child, [...parents, node]);
    }
  };
  visit(chunk, []);
  // the record whose fields array holds each record (the smallest enclosing one)
  for (const record of records) {
    const holders = records.filter((other) => other !== record && other.fieldsList.start < record.start && record.end <= other.fieldsList.end);
    record.parent = holders.sort((a, b) => b.start - a.start)[0];
  }
  // where each top-level statement starts (to declare a local before the statement that uses it)
  const statementStarts = chunk.body.map((statement) => statement.range[0]);
  return { definitions, records, statementStarts };
}

/** Keys of a table constructor (the last of duplicates, as Lua keeps it) with their text ranges. */
function describeTable(node) {
  const attrs = new Map();
  const entries = [];
  node.fields.forEach((field, index) => {
    const entry = { index, start: field.range[0], end: field.range[1], valueNode: field.value };
    entries.push(entry);
    if (field.type === "TableKeyString") {
      entry.key = field.key.name;
      entry.keyStart = field.key.range[0];
      entry.keyEnd = field.key.range[1];
      attrs.set(field.key.name, entry);
    }
  });
  return { start: node.range[0], end: node.range[1], entries, attrs };
}

function literal(node) {
  return node.raw.slice(1, -1);
}

/** field (in a fields array), shorthand, elements/keys/values, or other (a local, a typedef override…). */
function roleOf(parents) {
  const parent = parents[parents.length - 1];
  if (parent?.type === "TableKeyString" && ["elements", "keys", "values"].includes(parent.key.name)) return parent.key.name;
  const holder = parents[parents.length - 4];
  if (parent?.type === "TableKeyString" && parents[parents.length - 3]?.type === "TableValue" && holder?.type === "TableConstructorExpression") {
    const owner = parents[parents.length - 5];
    if (owner?.type === "TableKeyString" && owner.key.name === "fields") return "field";
    if (owner?.type === "TableKeyString" && owner.key.name === "shorthand_fields") return "shorthand";
  }
  return "other";
}

function nameOf(parents) {
  const parent = parents[parents.length - 1];
  return parent?.type === "TableKeyString" ? parent.key.name : undefined;
}
