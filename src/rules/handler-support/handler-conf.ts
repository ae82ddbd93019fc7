import type { Chunk, FunctionDeclaration, Identifier, MemberExpression, Node } from "luaparse";
import { findHandlerTable } from "../handler-table.js";
import { analyzeScopes } from "../../lua/scope.js";
import type { Binding } from "../../lua/scope.js";
import { MAX_TABLE_DEPTH } from "../../lua/limits.js";
import { walkLua } from "../../lua/walk.js";

/** A function-valued key of the handler table: `function H:access(conf)`, `access = function(self, conf)`. */
export interface HandlerMethod {
  name: string;
  /** where the name is written */
  key: Node;
  fn: FunctionDeclaration;
  /** declared with `:` (self is implicit, so conf is the first parameter) */
  colon: boolean;
}

/** `conf.a.b`: a read (or write) of the plugin configuration through a conf parameter. */
export interface ConfAccess {
  /** field names from conf down: ["a", "b"] */
  path: string[];
  /** the identifier of the last name (`b`) */
  node: Identifier;
}

/** Parameters that hold a plugin configuration by convention, in helpers as well as in phases. */
/** Evaluated tables nest at most this deep (src/lua/limits.ts), so a longer conf path has no field to match. */
const MAX_CONF_PATH = MAX_TABLE_DEPTH;

const CONF_PARAMETER_NAMES = new Set(["conf", "config", "plugin_conf", "plugin_config"]);

/** The function-valued keys of the table handler.lua returns (table constructor, assignments, `function H:x()`). */
export function handlerMethods(chunk: Chunk): HandlerMethod[] {
  const table = findHandlerTable(chunk);
  if (!table) return [];
  const methods = new Map<string, HandlerMethod>();
  for (const [name, field] of table.fields) {
    if (field.value.type === "FunctionDeclaration") methods.set(name, { name, key: field.key, fn: field.value, colon: false });
  }
  const returned = table.returned.type === "ReturnStatement" ? table.returned.arguments[0] : undefined;
  if (returned?.type === "Identifier") {
    const scopes = analyzeScopes(chunk);
    const binding = scopes.bindingOf(returned);
    for (const statement of chunk.body) {
      if (statement.type !== "FunctionDeclaration" || statement.identifier?.type !== "MemberExpression") continue;
      const { base, identifier, indexer } = statement.identifier;
      if (base.type !== "Identifier" || (binding ? scopes.bindingOf(base) !== binding : base.name !== returned.name)) continue;
      methods.set(identifier.name, { name: identifier.name, key: identifier, fn: statement, colon: indexer === ":" });
    }
  }
  return [...methods.values()];
}

/**
 * Every `conf.x` / `conf.x.y` in the chunk, where conf is a phase method's configuration parameter
 * or any parameter named conf / config / plugin_conf / plugin_config. Only `.name` steps count:
 * `conf[k]` is dynamic, and `conf.x:lower()` ends the path at x.
 */
export function confAccesses(chunk: Chunk, phases: readonly HandlerMethod[]): ConfAccess[] {
  const scopes = analyzeScopes(chunk);
  const confParameters = new Set<Binding>();
  const addParameter = (parameter: Node | undefined): void => {
    if (parameter?.type !== "Identifier") return;
    const binding = scopes.bindingOf(parameter);
    if (binding) confParameters.add(binding);
  };
  for (const method of phases) addParameter(method.fn.parameters[method.colon ? 0 : 1]);
  walkLua(chunk, (node) => {
    if (node.type !== "FunctionDeclaration") return;
    for (const parameter of node.parameters) if (parameter.type === "Identifier" && CONF_PARAMETER_NAMES.has(parameter.name)) addParameter(parameter);
  });
  const accesses: ConfAccess[] = [];
  walkLua(chunk, (node, ancestors) => {
    if (node.type !== "MemberExpression" || node.indexer !== ".") return;
    // from the outermost member of a chain only, once: `a.b.c…` can be 100,000 long
    const parent = ancestors[ancestors.length - 1];
    if (parent?.type === "MemberExpression" && parent.indexer === "." && parent.base === node) return;
    const chain: MemberExpression[] = [];
    let current: Node = node;
    while (current.type === "MemberExpression" && current.indexer === ".") {
      chain.push(current);
      current = current.base;
    }
    if (current.type !== "Identifier") return;
    const binding = scopes.bindingOf(current);
    if (!binding || !confParameters.has(binding)) return;
    // every member of the chain is an access (`conf.a.b`: a.b, then a), outermost first as the walk meets them
    // paths deeper than any config record can nest are not reported (each is a copy of the names: quadratic)
    const names = chain.map((member) => member.identifier.name).reverse();
    chain.forEach((member, index) => {
      const length = chain.length - index;
      if (length <= MAX_CONF_PATH) accesses.push({ path: names.slice(0, length), node: member.identifier });
    });
  });
  return accesses;
}
