/**
 * Kong's value semantics, for kplug's rules and for checking plugin configurations:
 * `validateField(field, value)` answers what Kong's `Schema:validate_field` answers.
 */
export { flattenKongError, validateField } from "./validate-field.js";
export type { FieldVerdict, KongErrorTree } from "./validate-field.js";
export { KONG_MESSAGES } from "./kong-messages.js";
export { luaValueFromJson } from "./lua-semantics.js";
export { luaNumberToString } from "../lua/number-text.js";
export { LuaPatternError, luaPatternMatches } from "../lua/pattern.js";
