import type { Expression } from "luaparse";
import { decodeLuaString } from "../lua/parse.js";
import { findHandlerTable } from "./handler-table.js";
import type { HandlerField } from "./handler-table.js";
import { STREAMED_SOURCE } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

/** Kong's `custom_plugins` entity checks VERSION as `x.y.z`. */
const SEMVER = /^\d+\.\d+\.\d+$/;

type Literal = { kind: "number"; value: number } | { kind: "string"; value: string } | { kind: "other"; what: string } | { kind: "computed" };

function literalOf(expression: Expression): Literal {
  if (expression.type === "NumericLiteral") return { kind: "number", value: expression.value };
  if (expression.type === "UnaryExpression" && expression.operator === "-" && expression.argument.type === "NumericLiteral") {
    return { kind: "number", value: -expression.argument.value };
  }
  if (expression.type === "StringLiteral") return { kind: "string", value: decodeLuaString(expression.value ?? "") };
  if (expression.type === "BooleanLiteral" || expression.type === "NilLiteral") return { kind: "other", what: expression.type === "NilLiteral" ? "nil" : "a boolean" };
  if (expression.type === "TableConstructorExpression" || expression.type === "FunctionDeclaration") return { kind: "other", what: expression.type === "FunctionDeclaration" ? "a function" : "a table" };
  return { kind: "computed" };
}

export const streamedHandlerMetadataRule: Rule = {
  id: "streamed/handler-metadata",
  defaultSeverity: "error",
  title: "a streamed plugin's handler must declare an integer PRIORITY and a VERSION string \"x.y.z\"",
  why:
    "Konnect validates the handler of a streamed custom plugin before distributing it: PRIORITY orders it among the other plugins and must be an integer; VERSION must be a version string x.y.z.",
  source: STREAMED_SOURCE,
  targets: ["streamed"],
  check(plugin, report) {
    const handler = plugin.handler;
    const chunk = handler?.source.chunk;
    if (!handler || !chunk) return;
    const table = findHandlerTable(chunk);
    if (!table) {
      report({
        message: "cannot find the table handler.lua returns, so PRIORITY and VERSION cannot be checked",
        hint: "end handler.lua with `return Handler`, where `local Handler = { PRIORITY = 1000, VERSION = \"1.0.0\" }`",
        file: handler.file,
        severity: "warning",
      });
      return;
    }
    const missing = (key: string, example: string): void =>
      report({
        message: `the handler table does not declare ${key}`,
        hint: `add ${key} = ${example} to the handler table`,
        file: handler.file,
        location: handler.source.locate(table.returned),
      });
    const computed = (key: string, field: HandlerField): void =>
      report({
        message: `${key} is computed: kplug cannot check it statically`,
        hint: `write ${key} as a literal in handler.lua`,
        file: handler.file,
        location: handler.source.locate(field.value),
        severity: "warning",
      });

    const priority = table.fields.get("PRIORITY");
    if (!priority) missing("PRIORITY", "1000");
    else {
      const value = literalOf(table.resolve(priority.value));
      if (value.kind === "computed") computed("PRIORITY", priority);
      else if (value.kind !== "number" || !Number.isInteger(value.value)) {
        report({
          message: `PRIORITY must be an integer, not ${describe(value)}`,
          hint: "use a whole number, e.g. PRIORITY = 1000",
          file: handler.file,
          location: handler.source.locate(priority.value),
        });
      }
    }

    const version = table.fields.get("VERSION");
    if (!version) missing("VERSION", '"1.0.0"');
    else {
      const value = literalOf(table.resolve(version.value));
      if (value.kind === "computed") computed("VERSION", version);
      else if (value.kind !== "string" || !SEMVER.test(value.value)) {
        report({
          message: `VERSION must be a version string "x.y.z", not ${describe(value)}`,
          hint: 'write it as major.minor.patch, e.g. VERSION = "1.0.0"',
          file: handler.file,
          location: handler.source.locate(version.value),
        });
      }
    }
  },
};

function describe(value: Literal): string {
  if (value.kind === "number") return String(value.value);
  if (value.kind === "string") return `"${value.value}"`;
  if (value.kind === "other") return value.what;
  return "a computed value";
}
