import type { Expression, FunctionDeclaration, Identifier } from "luaparse";
import type { SourceLocation } from "./parse.js";
import type { LuaValue } from "./values.js";

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
