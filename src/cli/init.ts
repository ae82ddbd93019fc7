import { Command, Option } from "commander";
import type { CommandFactory } from "./context.js";
import { addOutputOption, wantsJsonOutput } from "./output-option.js";

export const initCommand: CommandFactory = (ctx) =>
  addOutputOption(
    new Command("init")
      .description("create a new plugin that passes `kplug validate --strict`: schema.lua, handler.lua, kplug config, decK kong.yaml, CI workflow")
      .argument("<name>", "the plugin name (lowercase letters, digits and -)")
      .argument("[dir]", "the project directory (default: .)")
      .addOption(new Option("--target <target>", "schema: /plugin-schemas; streamed: Dedicated Cloud Gateways").choices(["schema", "streamed"]).default("schema"))
      .addOption(new Option("--force", "overwrite files that exist").default(false))
      .addOption(new Option("--json", "machine-readable output on stdout").default(false)),
  ).action(async (name: string, dir: string | undefined, raw: Record<string, unknown>) => {
    const { resolve } = await import("node:path");
    const { UsageError } = await import("../errors.js");
    const { pluginNameProblem } = await import("../init/plugin-name.js");
    const { scaffoldFiles } = await import("../init/templates.js");
    const { writeScaffold } = await import("../init/write.js");
    const { displayPathOf } = await import("../validate/read-plugin-file.js");
    const problem = pluginNameProblem(name);
    if (problem) throw new UsageError(`plugin name "${name}" ${problem}`, "choose another name, e.g. acme-header-stamp");
    const target = raw.target === "streamed" ? "streamed" : "schema";
    const absolute = resolve(ctx.io.cwd, dir ?? ".");
    const shownDir = displayPathOf(absolute, ctx.io.cwd);
    const files = scaffoldFiles(name, target);
    await writeScaffold(absolute, files, { force: raw.force === true, shownDir });
    if (wantsJsonOutput(raw)) {
      ctx.io.stdout(`${JSON.stringify({ plugin: name, target, dir: shownDir, files: files.map((f) => f.path) }, null, 2)}\n`);
      return;
    }
    const cd = shownDir === "." ? "" : `cd ${shownDir} && `;
    ctx.io.stdout(`${files.map((f) => `created ${shownDir === "." ? "" : `${shownDir}/`}${f.path}`).join("\n")}\n`);
    ctx.io.stderr(
      `kplug: new ${target === "streamed" ? "streamed " : ""}plugin ${name}. Next:\n` +
        `  ${cd}kplug validate --watch     # re-checks on every save\n` +
        `  kplug push --control-plane <name>   # once valid; KONNECT_TOKEN or --token-file\n`,
    );
  });
