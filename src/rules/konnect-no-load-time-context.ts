import { evaluatedSchema } from "./schema-support/evaluation.js";
import type { Rule } from "./types.js";

export const konnectNoLoadTimeContextRule: Rule = {
  id: "konnect/no-load-time-context",
  defaultSeverity: "error",
  title: "schema.lua must not use `...` or the `kong` global when it loads",
  why:
    "Konnect runs schema.lua on its own: `...` (the module path Kong passes) is empty and the `kong` global does not exist, so a name computed from the file path or a `kong.configuration` lookup fails with 'attempt to index a nil value'.",
  source: "https://github.com/Kong/priority-updater/issues/7",
  check(plugin, report) {
    const schema = evaluatedSchema(plugin);
    if (!schema) return;
    for (const use of schema.evaluation.loadTimeContext) {
      report(
        use.kind === "vararg"
          ? {
              message: "`...` at load time: Konnect loads schema.lua without a module name, so values computed from it are nil",
              hint: 'write the plugin name as a literal string, e.g. name = "my-plugin"',
              file: schema.module.file,
              location: use.location,
            }
          : {
              message: "the `kong` global is used at load time: it does not exist where Konnect loads schema.lua",
              hint: "move the lookup into handler.lua, or guard it: `if kong then … end`",
              file: schema.module.file,
              location: use.location,
            },
      );
    }
  },
};
