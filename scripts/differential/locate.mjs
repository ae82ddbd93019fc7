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
        for (const item of fields.valueNode.fields) {
          if (item.type !== "TableValue" || item.value.type !== "TableConstructorExpression") continue;
          for (const entry of item.value.fields) if (entry.type === "TableKeyString") names.push(entry.key.name);
        }
        const isRoot = table.attrs.has("name") && !type;
        records.push({ ...table, fieldNames: names, isRoot });
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
  return { definitions, records };
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
