import { child } from "./context.js";
import type { CheckContext, Place } from "./context.js";
import { constantOf } from "./from-schema.js";
import { kongValidator } from "./kong-validators.js";
import { kongVerdict } from "./kong-value.js";
import { KONG_MESSAGES } from "../schema/index.js";
import { typedefValue } from "../lua/typedefs.js";
import type { LuaTable } from "../lua/values.js";
import { processRecord, validateRecord } from "./record.js";
import { attr, planOf, recordPlanOf } from "./schema-model.js";
import type { FieldRef } from "./schema-model.js";
import type { ConfigValue } from "./value.js";
import { isSequence, luaEquals, luaToString } from "./value.js";

/*
 * Kong's `Schema:validate_field` (kong/db/schema/init.lua) for a config value: null handling, the
 * type check, nested aggregates, then the validators in Kong's order; the first failure is the
 * field's error, reported at the value's place.
 */

/** Kong's `is_reference` (kong/pdk/vault.lua): `{vault://…}`. */
export function isVaultReference(value: ConfigValue): boolean {
  return value.kind === "string" && value.value.startsWith("{vault://") && value.value.endsWith("}");
}

export function validateField(ctx: CheckContext, field: FieldRef, value: ConfigValue, place: Place, required?: boolean): boolean {
  const plan = planOf(field);
  if (value.kind === "string" && value.placeholder !== undefined) {
    ctx.notCheckable(place, `${value.placeholder} is set by decK from the environment when it syncs; its value is not known here`);
    return true;
  }
  const { eq, ne } = plan;
  const errText = plan.err;
  if (value.kind === "null") {
    if (typeof ne === "object" && ne.kind === "null") return fail(ctx, place, errText ?? "value must not be null");
    if (eq !== undefined && !(typeof eq === "object" && eq.kind === "null")) {
      return fail(ctx, place, `value must be ${typeof eq === "object" ? luaToString(eq) : "a value not known statically"}`);
    }
    if (required ?? plan.required) return fail(ctx, place, "required field missing", "set a value: Kong requires this field");
    return true;
  }
  if (typeof eq === "object" && eq.kind === "null") return fail(ctx, place, errText ?? "value must be null");
  if (plan.abstract) return fail(ctx, place, "error in schema definition: abstract field was not specialized");
  const deprecation = plan.deprecation;
  if (deprecation?.kind === "table") {
    const message = deprecation.fields.find((f) => f.key === "message")?.value;
    const oldDefault = constantOf(deprecation.fields.find((f) => f.key === "old_default")?.value);
    if (oldDefault === undefined || typeof oldDefault !== "object" || !luaEquals(oldDefault, value)) {
      ctx.deprecation(place, message?.kind === "string" ? message.value : `${field.name} is deprecated`);
    }
  }

  const type = plan.type;
  switch (type) {
    case "array":
    case "set": {
      if (!isSequence(value)) return fail(ctx, place, `expected ${type === "array" ? "an array" : "a set"}`);
      const elements = plan.elements;
      if (!elements) return notCheckable(ctx, place, "its elements are not known statically");
      let ok = true;
      const items = value.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i] as ConfigValue;
        if (!validateField(ctx, elements, item, child(place, i + 1, item.at), true)) ok = false;
      }
      if (!ok) return false;
      break;
    }
    case "map": {
      if (value.kind !== "table") return fail(ctx, place, "expected a map");
      const keys = plan.keys;
      const values = plan.values;
      if (!keys || !values) return notCheckable(ctx, place, "its keys or values are not known statically");
      // Kong stops at the first bad pair and files its error under the map itself
      const pairs: [ConfigValue, ConfigValue, Place["at"]][] = [
        ...value.items.map((item, i): [ConfigValue, ConfigValue, Place["at"]] => [{ kind: "number", value: i + 1 }, item, item.at]),
        ...[...value.fields].map(([key, item]): [ConfigValue, ConfigValue, Place["at"]] => [{ kind: "string", value: key, at: value.keyAt?.get(key) }, item, value.keyAt?.get(key)]),
      ];
      for (const [key, item, keyAt] of pairs) {
        const display = `${place.display}[${JSON.stringify(luaToString(key))}]`;
        const keyPlace: Place = { tree: place.tree, display, at: keyAt ?? place.at, keyAt: place.keyAt };
        if (!validateField(ctx, keys, key, keyPlace, true)) return false;
        const valuePlace: Place = { tree: place.tree, display, at: item.at ?? keyPlace.at };
        if (!validateField(ctx, values, item, valuePlace, true)) return false;
      }
      break;
    }
    case "record": {
      if (value.kind !== "table") return fail(ctx, place, "expected a record");
      const model = recordPlanOf(field);
      if (model.unknown) return notCheckable(ctx, place, `the record's definition is not known statically (${model.unknown})`);
      // Kong validates a processed copy, then runs the record's own validators on the value itself
      const processed = processRecord(ctx, model, value, place);
      if (!processed) return false;
      if (!validateRecord(ctx, model, processed, place)) return false;
      break;
    }
    case "foreign":
      return validateForeignKey(ctx, value, place);
    case "integer":
    case "string":
    case "number":
    case "boolean":
    case "function":
      break;
    case "json":
      return notCheckable(ctx, place, "JSON-schema fields are checked by Kong with its JSON-schema library, which kplug does not run");
    case undefined:
      return notCheckable(ctx, place, "its type is not known statically");
    default:
      return fail(ctx, place, `invalid type: ${type}`);
  }

  // the type check and every validator but custom_validator: src/schema, Kong's value semantics
  // (shallow: the elements, pairs and fields were walked above)
  const verdict = kongVerdict(field, value);
  if ("raises" in verdict) return fail(ctx, place, `a validator raises a Lua error on this value (${verdict.raises}); Kong answers with an error`, "check the value's type and form");
  if ("unknown" in verdict) return notCheckable(ctx, place, verdict.unknown);
  if (!verdict.ok) return fail(ctx, place, verdict.message);
  // Kong's validate_field accepts a vault reference in a referenceable string before any validator
  if (type === "string" && plan.referenceable && isVaultReference(value)) return true;
  if (plan.hasCustomValidator) return runCustomValidator(ctx, field, value, place, errText);
  return true;
}

function runCustomValidator(ctx: CheckContext, field: FieldRef, value: ConfigValue, place: Place, errText: string | undefined): boolean {
  const fn = attr(field.def, "custom_validator");
  if (fn?.kind !== "function") return notCheckable(ctx, place, "its custom_validator is not known statically");
  if (fn.node === undefined) {
    const kong = kongValidator(field.def.typedef);
    if (!kong) return notCheckable(ctx, place, `its custom_validator is Kong's own (typedefs.${field.def.typedef ?? "?"}), which kplug does not run`);
    const verdict = kong(value);
    return verdict.ok ? true : fail(ctx, place, errText ?? verdict.message);
  }
  if (!ctx.runner) return notCheckable(ctx, place, "its custom_validator needs the Lua sandbox, which could not start");
  const result = ctx.runner.call([...field.path, "custom_validator"], [value]);
  if (!result.ok && result.unreachable) return notCheckable(ctx, place, "its custom_validator is built from Kong modules the sandbox does not have");
  if (!result.ok) return fail(ctx, place, `custom_validator raised a Lua error: ${result.error}`, "Kong answers such a config with an error; fix the value or the validator");
  const [ok, message] = result.results;
  if (ok !== undefined && !(ok.kind === "boolean" && !ok.value) && ok.kind !== "null") return true;
  if (ok?.kind === "null") return true; // ngx.null is truthy in Lua
  const text = errText ?? (message?.kind === "string" || message?.kind === "number" ? luaToString(message) : `failed validating: ${luaToString(value)}`);
  return fail(ctx, place, text);
}

/**
 * The plugins entity's scoping fields reference routes, services, consumers and consumer groups,
 * whose primary key is `id` (a UUID): Kong's `validate_primary_key` wants `{ id = <uuid> }`; a
 * string or an object without id is "missing primary key" (decK fills ids in from names itself).
 */
function validateForeignKey(ctx: CheckContext, value: ConfigValue, place: Place): boolean {
  // indexing a number or boolean raises in Lua; a string indexes the string library (nil)
  if (value.kind === "number" || value.kind === "boolean") return fail(ctx, place, `a foreign key must be an object with an id; Lua raises on a ${value.kind}`);
  const id = value.kind === "table" ? value.fields.get("id") : undefined;
  const idPlace = child(place, "id", id?.at);
  if (id === undefined) return fail(ctx, idPlace, KONG_MESSAGES.MISSING_PK, "write { id: <uuid> }, or let decK resolve the name");
  if (id.kind === "null") return fail(ctx, idPlace, KONG_MESSAGES.REQUIRED);
  const verdict = kongVerdict(ID_FIELD, id);
  if ("ok" in verdict && !verdict.ok) return fail(ctx, idPlace, verdict.message);
  return true;
}

/** Kong's typedefs.uuid, the `id` of every entity a plugin can be scoped to. */
const ID_FIELD: FieldRef = { name: "id", def: typedefValue("uuid", { line: 0, column: 0, endLine: 0, endColumn: 0 }) as LuaTable, path: ["<entity>", "id"] };

function fail(ctx: CheckContext, place: Place, message: string, hint?: string): false {
  ctx.error(place, message, hint);
  return false;
}

function notCheckable(ctx: CheckContext, place: Place, reason: string): true {
  ctx.notCheckable(place, reason);
  return true;
}
