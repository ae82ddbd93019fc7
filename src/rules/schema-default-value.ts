import { flattenKongError, KONG_MESSAGES, validateField } from "../schema/index.js";
import { evaluatedSchema } from "./schema-support/evaluation.js";
import { schemaFields, tableGet } from "./schema-support/fields.js";
import type { Rule } from "./types.js";

export const schemaDefaultValueRule: Rule = {
  id: "schema/default-value",
  defaultSeverity: "error",
  title: "default is a value the field itself accepts (type, every validator, nested elements and fields, ngx.null)",
  why:
    "Kong validates default against the field itself when the schema loads (default = \"expected an integer\", \"expected one of: a, b\"); a validator that cannot handle the default's type makes Kong fail with 'error in schema prevents from validating this field'.",
  source: "kong/db/schema/metaschema.lua (default = { type = \"self\" }), kong/db/schema/init.lua (Schema:validate_field)",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema?.table) return;
    const file = schema.module.file;
    for (const field of schemaFields(schema).definitions) {
      const defaultValue = tableGet(field.definition, "default")?.value;
      // a default of a known Lua type (1LL, string.format(…)) is decided by Kong's type check
      if (!defaultValue || (defaultValue.kind === "unknown" && !defaultValue.luaType) || defaultValue.kind === "nil") continue;
      const verdict = validateField(field.definition, defaultValue);
      if (verdict.outcome === "invalid") {
        const message = flattenKongError(verdict.error).join("; ");
        report({ message: `${field.path}: default: ${message}`, hint: "make the default a value the field itself accepts", file, location: defaultValue.location });
      } else if (verdict.outcome === "raises") {
        report({
          message: `${field.path}: default: ${KONG_MESSAGES.SCHEMA_CANNOT_VALIDATE}`,
          hint: `a validator of this field raises on this default in Kong (${verdict.reason}): give the default the type the validators expect`,
          file,
          location: defaultValue.location,
        });
      }
    }
  },
};
