// Text edits on a table constructor found by locate.mjs (ranges are offsets in the latin1 text).

/** Replace the value of `key` (its last occurrence) or add `key = value` at the end. */
export function setAttr(table, key, value) {
  const entry = table.attrs.get(key);
  if (entry) return { start: entry.valueNode.range[0], end: entry.valueNode.range[1], text: value };
  return appendEntry(table, `${key} = ${value}`);
}

/** Add an entry after the last one (a later duplicate key wins in Lua). */
export function appendEntry(table, text) {
  const last = table.entries[table.entries.length - 1];
  if (!last) return { start: table.start + 1, end: table.start + 1, text: ` ${text} ` };
  return { start: last.end, end: last.end, text: `, ${text}` };
}

/** Add an entry before the first one (an existing later duplicate key wins in Lua). */
export function prependEntry(table, text) {
  return { start: table.start + 1, end: table.start + 1, text: ` ${text},` };
}

/** Remove the entry of `key` with its separator. */
export function removeAttr(table, key) {
  const entry = table.attrs.get(key);
  if (!entry) return undefined;
  const next = table.entries[entry.index + 1];
  const previous = table.entries[entry.index - 1];
  if (next) return { start: entry.start, end: next.start, text: "" };
  if (previous) return { start: previous.end, end: entry.end, text: "" };
  return { start: entry.start, end: entry.end, text: "" };
}

export function renameAttr(table, key, newKey) {
  const entry = table.attrs.get(key);
  if (!entry) return undefined;
  return { start: entry.keyStart, end: entry.keyEnd, text: newKey };
}

/** Add an entry to the array held by `key` of a record, or create `key = { entry }`. */
export function addToArrayAttr(record, key, entryText) {
  const entry = record.attrs.get(key);
  if (entry && entry.valueNode.type === "TableConstructorExpression") {
    const list = entry.valueNode;
    const last = list.fields[list.fields.length - 1];
    if (!last) return { start: list.range[0] + 1, end: list.range[0] + 1, text: ` ${entryText} ` };
    return { start: last.range[1], end: last.range[1], text: `, ${entryText}` };
  }
  if (entry) return undefined;
  return appendEntry(record, `${key} = { ${entryText} }`);
}

/** Remove one entry of a fields array together with a separator. */
export function removeItem(record, item) {
  const ranges = record.fieldsList.ranges;
  const next = ranges[item.index + 1];
  const previous = ranges[item.index - 1];
  if (next) return { start: item.start, end: next[0], text: "" };
  if (previous) return { start: previous[1], end: item.end, text: "" };
  return { start: item.start, end: item.end, text: "" };
}

/** Add an entry at the end of a record's fields array. */
export function appendItem(record, text) {
  const ranges = record.fieldsList.ranges;
  const last = ranges[ranges.length - 1];
  if (!last) return { start: record.fieldsList.start + 1, end: record.fieldsList.start + 1, text: ` ${text} ` };
  return { start: last[1], end: last[1], text: `, ${text}` };
}
