import type { Node } from "luaparse";
import { decodeLuaString } from "../lua/parse.js";
import { walkLua } from "../lua/walk.js";
import { STREAMED_SOURCE } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

const PHASE = "init_worker";

/**
 * The node naming `init_worker` when this node defines it as a member or table key:
 * `function H:init_worker()`, `function H.init_worker()`, `H.init_worker = …`, `H["init_worker"] = …`,
 * `{ init_worker = … }`, `{ ["init_worker"] = … }`. A plain `local function init_worker`, or
 * setting the key to nil, is not a phase.
 */
function initWorkerKey(node: Node): Node | undefined {
  if (node.type === "FunctionDeclaration" && node.identifier?.type === "MemberExpression") {
    return node.identifier.identifier.name === PHASE ? node.identifier.identifier : undefined;
  }
  if (node.type === "AssignmentStatement") {
    // `H.init_worker = nil` removes the phase
    return node.variables.map(memberKey).find((key, index) => key !== undefined && node.init[index]?.type !== "NilLiteral");
  }
  if (node.type === "TableKeyString") return node.key.name === PHASE && node.value.type !== "NilLiteral" ? node.key : undefined;
  if (node.type === "TableKey") return isPhaseString(node.key) && node.value.type !== "NilLiteral" ? node.key : undefined;
  return undefined;
}

function memberKey(target: Node): Node | undefined {
  if (target.type === "MemberExpression" && target.identifier.name === PHASE) return target.identifier;
  if (target.type === "IndexExpression" && isPhaseString(target.index)) return target.index;
  return undefined;
}

function isPhaseString(node: Node): boolean {
  return node.type === "StringLiteral" && decodeLuaString(node.value ?? "") === PHASE;
}

export const streamedNoInitWorkerRule: Rule = {
  id: "streamed/no-init-worker",
  defaultSeverity: "error",
  title: "a streamed plugin's handler must not implement the init_worker phase",
  why:
    "Dedicated Cloud Gateways do not run streamed custom plugins in the init_worker phase; Kong refuses such a handler (`implementing init_worker method is not allowed`).",
  source: STREAMED_SOURCE,
  targets: ["streamed"],
  check(plugin, report) {
    const handler = plugin.handler;
    const chunk = handler?.source.chunk;
    if (!handler || !chunk) return;
    walkLua(chunk, (node) => {
      const key = initWorkerKey(node);
      if (!key) return;
      report({
        message: "the handler implements init_worker: streamed custom plugins can't run in the init_worker phase",
        hint: "move the setup into the first request (e.g. lazily in access), or into module-level code that needs no worker context",
        file: handler.file,
        location: handler.source.locate(key),
      });
    });
  },
};
