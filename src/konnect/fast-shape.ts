import type { z } from "zod";

/** whether a value certainly passes a schema; `false` only means "ask zod" */
export type ShapeCheck = (value: unknown) => boolean;

/**
 * A plain-JavaScript check derived from a response schema (schemas.ts), for the hot path: a fleet run
 * parses ~1,000 responses, and zod's parse (with its per-schema compile on first use) was a visible part
 * of kplug's CPU per request. The check accepts only what zod accepts, and for such a value zod's output
 * equals the value itself (these schemas have no transforms or defaults), so parseResponse may return the
 * value as it is; anything the check refuses goes through zod, which gives the error. An object with an
 * own `__proto__` key is refused: zod drops that key from its output.
 *
 * Supported: loose objects, strings, finite numbers, booleans, arrays, string records, optional and
 * nullable. Anything else (checks such as .min(), unions, transforms) gives undefined: zod only.
 */
export function shapeCheckOf(schema: z.ZodType): ShapeCheck | undefined {
  const def = defOf(schema);
  if (def.checks && def.checks.length > 0) return undefined;
  switch (def.type) {
    case "string":
      return (value) => typeof value === "string";
    case "number":
      return (value) => typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return (value) => typeof value === "boolean";
    case "unknown":
      return () => true;
    case "optional": {
      const inner = shapeCheckOf(def.innerType as z.ZodType);
      return inner && ((value) => value === undefined || inner(value));
    }
    case "nullable": {
      const inner = shapeCheckOf(def.innerType as z.ZodType);
      return inner && ((value) => value === null || inner(value));
    }
    case "array": {
      const element = shapeCheckOf(def.element as z.ZodType);
      return element && ((value) => Array.isArray(value) && value.every((item) => element(item)));
    }
    case "record": {
      const keyType = defOf(def.keyType);
      const valueCheck = shapeCheckOf(def.valueType as z.ZodType);
      if (keyType.type !== "string" || (keyType.checks && keyType.checks.length > 0) || !valueCheck) return undefined;
      return (value) => isPlainRecord(value) && Object.values(value).every((item) => valueCheck(item));
    }
    case "object": {
      // only loose objects: a strict one refuses unknown keys, a plain one strips them from its output
      if (!def.catchall || defOf(def.catchall).type !== "unknown") return undefined;
      const fields: Array<[string, ShapeCheck]> = [];
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const check = shapeCheckOf(field);
        if (!check) return undefined;
        fields.push([key, check]);
      }
      return (value) => isPlainRecord(value) && fields.every(([key, check]) => check(value[key]));
    }
    default:
      return undefined;
  }
}

interface ZodDef {
  type: string;
  checks?: unknown[];
  innerType?: unknown;
  element?: unknown;
  keyType?: unknown;
  valueType?: unknown;
  catchall?: unknown;
  shape?: Record<string, z.ZodType>;
}

/** zod 4's description of a schema (`schema._zod.def`) */
function defOf(schema: unknown): ZodDef {
  return (schema as { _zod: { def: ZodDef } })._zod.def;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Object.hasOwn(value, "__proto__");
}
