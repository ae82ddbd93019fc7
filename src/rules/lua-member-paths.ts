import type { Chunk, Node, StringLiteral } from "luaparse";
import { decodeLuaString } from "../lua/parse.js";
import { analyzeScopes } from "../lua/scope.js";
import type { Binding, ScopeAnalysis } from "../lua/scope.js";
import { walkLua } from "../lua/walk.js";

/**
 * Dotted names of global member chains (`ngx.timer.at`), seen through local aliases
 * (`local ngx = ngx`, `local timer_at = ngx.timer.at`): how handler.lua code is matched against
 * the APIs streamed plugins may not use.
 */
export interface MemberPaths {
  scopes: ScopeAnalysis;
  /** `ngx.timer.at` for `ngx.timer.at`, `timer.at` (timer = ngx.timer) or `ngx["timer"].at`; undefined when not a global chain */
  pathOf(node: Node): string | undefined;
  /** true when the node is the initializer of a local that merely aliases it */
  isAliasInitializer(node: Node): boolean;
}

/** Members followed from a name; longer chains are no API kplug looks for. */
const MAX_MEMBERS = 16;

export function memberPaths(chunk: Chunk): MemberPaths {
  const scopes = analyzeScopes(chunk);
  const aliases = new Map<Binding, string>();
  const aliasInitializers = new Set<Node>();
  const pathOf = (node: Node): string | undefined => {
    // followed in a loop, and only so far: no API of interest is MAX_MEMBERS deep, and `a.b.c…` can be 100,000 long
    const names: string[] = [];
    let current = node;
    while (current.type === "MemberExpression" || (current.type === "IndexExpression" && current.index.type === "StringLiteral")) {
      if (names.length >= MAX_MEMBERS) return undefined;
      names.push(current.type === "MemberExpression" ? current.identifier.name : decodeLuaString((current.index as StringLiteral).value ?? ""));
      current = current.base;
    }
    if (current.type !== "Identifier") return undefined;
    const binding = scopes.bindingOf(current);
    const root = binding ? aliases.get(binding) : current.name;
    return root === undefined ? undefined : [root, ...names.reverse()].join(".");
  };
  // source order: an alias is recorded before the code that uses it
  walkLua(chunk, (node) => {
    if (node.type !== "LocalStatement") return;
    node.variables.forEach((variable, index) => {
      const init = node.init[index];
      const binding = scopes.bindingOf(variable);
      if (!init || !binding || binding.reassignedElsewhere) return;
      const path = pathOf(init);
      if (path === undefined) return;
      aliases.set(binding, path);
      aliasInitializers.add(init);
    });
  });
  return { scopes, pathOf, isAliasInitializer: (node) => aliasInitializers.has(node) };
}
