import { parseLua } from "../lua/parse.js";
import type { PluginUnderTest, Target } from "../rules/types.js";
import { decodePluginText } from "./read-plugin-file.js";

/** How the schema read from stdin is named in findings. */
export const STDIN_PATH = "<stdin>";

export interface StdinPluginOptions {
  /** --name: required, there is no directory to take it from */
  name: string;
  target: Target;
  strict: boolean;
}

/**
 * A plugin made of one schema.lua read from stdin (`kplug validate -`): no directory, no handler.
 * Bad bytes (binary, not UTF-8, empty, over 1 MiB) are InputErrors, as for a file.
 */
export function stdinPlugin(bytes: Uint8Array, options: StdinPluginOptions): PluginUnderTest {
  const text = decodePluginText(bytes, STDIN_PATH, "schema.lua");
  const file = { path: STDIN_PATH, displayPath: STDIN_PATH, relPath: "schema.lua", text, bytes: bytes.length };
  return {
    name: options.name,
    dir: STDIN_PATH,
    entries: ["schema.lua"],
    target: options.target,
    strict: options.strict,
    schema: { file, source: parseLua(text) },
    handler: undefined,
    otherLua: [],
  };
}
