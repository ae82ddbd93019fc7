import type { Chunk, Node } from "luaparse";
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

export function memberPaths(chunk: Chunk): MemberPaths {
  const scopes = analyzeScopes(chunk);
  const aliases = new Map<Binding, string>();
  const aliasInitializers = new Set<Node>();
  const pathOf = (node: Node): string | undefined => {
    if (node.type === "Identifier") {
      const binding = scopes.bindingOf(node);
      return binding ? aliases.get(binding) : node.name;
    }
    if (node.type === "MemberExpression") {
      const base = pathOf(node.base);
      return base === undefined ? undefined : `${base}.${node.identifier.name}`;
    }
    if (node.type === "IndexExpression" && node.index.type === "StringLiteral") {
      const base = pathOf(node.base);
      return base === undefined ? undefined : `${base}.${decodeLuaString(node.index.value ?? "")}`;
    }
    return undefined;
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
