import type { Rule } from "./types.js";

/** Konnect's `lua_schema` limit for /plugin-schemas: JSON Schema maxLength, so characters (Kong/koko `maxPluginSchemaSize`). */
export const SCHEMA_MAX_CHARACTERS = 8192;
/** Streamed plugins: "Plugin files are limited to 100 KB per upload"; KB read as 1000 bytes, the stricter reading. */
export const STREAMED_UPLOAD_MAX_BYTES = 100_000;

export const konnectSchemaSizeRule: Rule = {
  id: "konnect/schema-size",
  defaultSeverity: "error",
  title: "schema.lua must fit Konnect's size limits: 8192 characters for /plugin-schemas, 100 KB per streamed upload",
  why:
    "Konnect's plugin-schema API has stored `lua_schema` with a maximum length of 8192 characters (Kong/koko `maxPluginSchemaSize`; not documented, so a warning); a streamed plugin upload (schema.lua and handler.lua) is limited to 100 KB (Dedicated Cloud Gateways reference) and refused above it.",
  source: "https://developer.konghq.com/dedicated-cloud-gateways/reference/",
  check(plugin, report) {
    const schema = plugin.schema?.file;
    if (!schema) return;
    if (plugin.target === "schema") {
      // no text has more characters than UTF-16 units: most schemas are settled without counting
      if (schema.text.length <= SCHEMA_MAX_CHARACTERS) return;
      const characters = codePoints(schema.text);
      if (characters <= SCHEMA_MAX_CHARACTERS) return;
      report({
        message: `schema.lua is ${characters} characters: Konnect's plugin-schema API has accepted at most ${SCHEMA_MAX_CHARACTERS} (an undocumented limit)`,
        hint: "shorten descriptions and comments, or share repeated field definitions through locals",
        file: schema,
        severity: "warning",
      });
      return;
    }
    const handlerBytes = plugin.handler?.file.bytes ?? 0;
    const total = schema.bytes + handlerBytes;
    if (total <= STREAMED_UPLOAD_MAX_BYTES) return;
    report({
      message: `schema.lua (${schema.bytes} bytes) and handler.lua (${handlerBytes} bytes) make a ${total}-byte upload: streamed plugin uploads are limited to 100 KB`,
      hint: "strip comments and dead code; move large static data out of the plugin",
      file: schema,
    });
  },
};

/** Code points, as `[...text].length` counts them (a lone surrogate is one), without the array. */
function codePoints(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}
