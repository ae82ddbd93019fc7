import { join } from "node:path";
import type { PluginUnderTest, Target } from "../../src/rules/types.js";
import { loadPlugin } from "../../src/validate/load.js";
import { fixturesRoot } from "../helpers/plugin.js";

/** A fixture plugin directory loaded by the real loader (entries and extra Lua files included). */
export function loadFixture(relativeDir: string, target: Target, strict = false): Promise<PluginUnderTest> {
  const dir = join(fixturesRoot, relativeDir);
  return loadPlugin({ dir, schemaPath: join(dir, "schema.lua"), name: dir.split("/").pop() ?? "plugin", target }, { strict, cwd: fixturesRoot });
}
