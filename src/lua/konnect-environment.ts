import type { Chunk, Expression, FunctionDeclaration, Identifier, Node } from "luaparse";
import type { SourceLocation } from "./parse.js";
import type { LuaValue } from "./values.js";
import { decodeLuaString } from "./parse.js";
import { callArguments, isCall, walkLua } from "./walk.js";

/**
 * What schema.lua finds around it when Konnect's control plane loads it (the verdict `kplug
 * validate` gives): the file runs by itself, with Lua's standard globals, no `kong` global (see the
 * konnect/no-load-time-context rule) and none of the plugin author's environment variables.
 */

/** Lua's standard global functions: function values in a schema (e.g. `custom_validator = print`). */
const STANDARD_GLOBAL_FUNCTIONS: ReadonlySet<string> = new Set([
  "assert", "collectgarbage", "dofile", "error", "getfenv", "getmetatable", "ipairs", "load", "loadfile", "loadstring",
  "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "require", "select", "setfenv",
  "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
]);

export function isStandardGlobalFunction(name: string): boolean {
  return STANDARD_GLOBAL_FUNCTIONS.has(name);
}

/**
 * Variables a control plane's process may well have (the system's own, and Kong's KONG_* settings):
 * their value is not known. Any other name is one only the plugin's author would set, on their own
 * machines or data planes, never on Konnect's control plane: `os.getenv` gives nil there.
 */
const PROCESS_VARIABLES: ReadonlySet<string> = new Set(["HOME", "HOSTNAME", "LANG", "LC_ALL", "LOGNAME", "PATH", "PWD", "SHELL", "TERM", "TMPDIR", "TZ", "USER"]);

/** `os.getenv(name)` at load time on Konnect: nil, or undefined when the value is not known. */
export function environmentVariable(name: string, location: SourceLocation): LuaValue | undefined {
  if (PROCESS_VARIABLES.has(name) || name.startsWith("KONG_") || name.startsWith("LUA_")) return undefined;
  return { kind: "nil", location };
}

/**
 * Globals a Kong process has besides Lua's standard functions (LuaJIT's libraries and extras,
 * OpenResty's ngx / ndk, `arg` in some launchers): their values are not known here.
 */
const RUNTIME_GLOBALS: ReadonlySet<string> = new Set([
  "_G", "_VERSION", "arg", "bit", "coroutine", "debug", "gcinfo", "io", "jit", "math", "module", "ndk", "newproxy", "ngx", "os", "package", "string", "table",
]);

/**
 * A global name whose value on Konnect is known though the schema does not set it: `kong` is nil
 * there, and so is any name that is none of the runtime's globals and that schema.lua never assigns
 * (`type = boolean` written without quotes reads the global `boolean`: nil).
 */
export function konnectGlobal(name: string, location: SourceLocation, assignedByChunk: boolean): LuaValue | undefined {
  if (name === "kong") return { kind: "nil", location };
  if (assignedByChunk || RUNTIME_GLOBALS.has(name) || isStandardGlobalFunction(name)) return undefined;
  return { kind: "nil", location };
}

/**
 * The error a function raises on Konnect as soon as it runs, when its first statement reads a field
 * of the (nil) `kong` global: `pcall(function() return kong.configuration.database end)` is
 * `false, "attempt to index …"` there. undefined when that is not certain.
 */
export function raisesOnKonnect(fn: FunctionDeclaration, isKongGlobal: (identifier: Identifier) => boolean): string | undefined {
  const first = fn.body[0];
  const expression: Expression | undefined =
    first?.type === "ReturnStatement" ? first.arguments[0] : first?.type === "LocalStatement" || first?.type === "AssignmentStatement" ? first.init[0] : undefined;
  let base = expression;
  let indexed = false;
  while (base?.type === "MemberExpression" || base?.type === "IndexExpression") {
    indexed = true;
    base = base.base;
  }
  if (!indexed || base?.type !== "Identifier" || !isKongGlobal(base)) return undefined;
  return "attempt to index global 'kong' (a nil value)";
}

/**
 * Globals schema.lua sets through the globals table rather than by name: `_G.X = v`, `_G["X"] = v`,
 * `rawset(_G, "X", v)`. `any`: the file may set globals kplug cannot name (`_G[k] = v`, `_G` passed
 * or aliased, setfenv / getfenv), so no global it does not assign by name can be taken as nil.
 */
export interface IndirectGlobals {
  names: ReadonlySet<string>;
  any: boolean;
}

export function indirectGlobals(chunk: Chunk, isGlobal: (identifier: Identifier) => boolean): IndirectGlobals {
  const names = new Set<string>();
  let any = false;
  walkLua(chunk, (node: Node, ancestors) => {
    if (node.type !== "Identifier" || !isGlobal(node)) return;
    if (node.name === "setfenv" || node.name === "getfenv") {
      any = true;
      return;
    }
    if (node.name !== "_G") return;
    const parent = ancestors[ancestors.length - 1];
    // reading `_G.x` / `_G[k]` writes nothing; a write is an assignment target
    if ((parent?.type === "MemberExpression" || parent?.type === "IndexExpression") && parent.base === node) {
      const grand = ancestors[ancestors.length - 2];
      const written = grand?.type === "AssignmentStatement" && grand.variables.includes(parent as never);
      if (!written) return;
      if (parent.type === "MemberExpression") names.add(parent.identifier.name);
      else if (parent.index.type === "StringLiteral") names.add(decodeLuaString(parent.index.value ?? ""));
      else any = true;
      return;
    }
    // rawset(_G, "X", v)
    if (parent && isCall(parent) && parent.base.type === "Identifier" && parent.base.name === "rawset" && callArguments(parent)[0] === node) {
      const key = callArguments(parent)[1];
      if (key?.type === "StringLiteral") names.add(decodeLuaString(key.value ?? ""));
      else any = true;
      return;
    }
    any = true;
  });
  return { names, any };
}
