import type { SourceLocation } from "../lua/parse.js";
import { offsetAt } from "./offsets.js";
import type { TextEdit } from "./types.js";

/**
 * The edit renaming a table key written at `location` (`requird = …` or `["requird"] = …`);
 * undefined when the text there is not the key as expected.
 */
export function renameKeyEdit(text: string, location: SourceLocation, from: string, to: string): TextEdit | undefined {
  const start = offsetAt(text, location.line, location.column);
  if (text.startsWith(from, start) && !/[A-Za-z0-9_]/.test(text.charAt(start + from.length))) return { start, end: start + from.length, text: to };
  const quote = text.charAt(start);
  if ((quote === '"' || quote === "'") && text.startsWith(`${from}${quote}`, start + 1)) return { start: start + 1, end: start + 1 + from.length, text: to };
  return undefined;
}

/** The edit replacing a string literal at `location` by `value`, in the same quotes; undefined unless it is a plain literal. */
export function replaceStringLiteralEdit(text: string, location: SourceLocation, value: string): TextEdit | undefined {
  const start = offsetAt(text, location.line, location.column);
  const end = location.endLine === location.line ? offsetAt(text, location.endLine, location.endColumn) : -1;
  const literal = text.slice(start, end);
  const quote = literal.charAt(0);
  if ((quote !== '"' && quote !== "'") || literal.length < 2 || literal.charAt(literal.length - 1) !== quote || literal.includes("\\")) return undefined;
  if (!/^[0-9A-Za-z-]+$/.test(value)) return undefined;
  return { start, end, text: `${quote}${value}${quote}` };
}
