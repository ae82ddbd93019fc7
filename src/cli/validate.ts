import { Command, InvalidArgumentError, Option } from "commander";
import type { CommandFactory } from "./context.js";

export type ValidateFormat = "pretty" | "json" | "github" | "sarif";

export interface ValidateFlags {
  name?: string;
  target?: "schema" | "streamed";
  strict: boolean;
  format?: ValidateFormat;
  maxWarnings?: number;
  quiet: boolean;
  /** --fix: apply the certain fixes to the files, then report what is left */
  fix?: boolean;
  /** --fix-dry-run: print the fixes as a diff, write nothing */
  fixDryRun?: boolean;
  /** --watch: re-validate on every save until Ctrl-C */
  watch?: boolean;
  /** --deck: decK state files whose plugin configurations are checked */
  deck?: string[];
}

function parseMaxWarnings(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number, e.g. --max-warnings 0");
  return Number(value);
}

export const validateCommand: CommandFactory = (ctx) =>
  new Command("validate")
    .description("check plugins offline against Konnect's rules and Kong's plugin metaschema (exit 0 valid, 1 errors, 2 bad input)")
    .argument("[paths...]", "plugin directories, schema.lua files, repository roots or globs (default: the config's plugins, else .); - reads one schema.lua from stdin (with --name)")
    .addOption(new Option("--name <name>", "the plugin name the schema must declare (default: the directory name)"))
    .addOption(new Option("--target <target>", "schema: /plugin-schemas; streamed: /custom-plugins and Dedicated Cloud Gateways").choices(["schema", "streamed"]))
    .addOption(new Option("--strict", "follow Konnect's documented rules literally: require() of Kong's own modules, ngx in custom validators and streamed/custom-validation become errors").default(false))
    .addOption(new Option("--format <format>", "pretty, json, github (workflow annotations) or sarif 2.1.0").choices(["pretty", "json", "github", "sarif"]))
    .addOption(new Option("--json", "same as --format json").default(false).hideHelp())
    .addOption(new Option("--max-warnings <n>", "fail (exit 1) when there are more warnings than this").argParser(parseMaxWarnings))
    .addOption(new Option("-q, --quiet", "report errors only").default(false))
    .addOption(new Option("--fix", "apply the certain fixes (typedefs written inline, schema name, misspelled attributes), keeping formatting").default(false))
    .addOption(new Option("--fix-dry-run", "print the fixes --fix would make as a diff; write nothing").default(false))
    .addOption(new Option("-w, --watch", "re-validate the plugins on every save; Ctrl-C to stop").default(false))
    .addOption(new Option("--deck <file>", "also check the plugin instances in this decK state file (YAML or JSON; repeatable; globs)").argParser(collect))
    .addOption(new Option("-o, --output <format>", "json (same as --format json) or text (pretty; decK spelling)").choices(["json", "text"]))
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      const { runValidate } = await import("./validate-run.js");
      const flags: ValidateFlags = {
        ...(typeof raw.name === "string" ? { name: raw.name } : {}),
        ...(raw.target === "schema" || raw.target === "streamed" ? { target: raw.target } : {}),
        strict: raw.strict === true,
        ...formatOf(raw),
        ...(typeof raw.maxWarnings === "number" ? { maxWarnings: raw.maxWarnings } : {}),
        quiet: raw.quiet === true,
        fix: raw.fix === true,
        fixDryRun: raw.fixDryRun === true,
        watch: raw.watch === true,
        ...(Array.isArray(raw.deck) ? { deck: raw.deck as string[] } : {}),
      };
      ctx.exitCode = await runValidate(ctx, paths, flags);
    });

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** --format wins; then --json or -o json; -o text is pretty. */
function formatOf(raw: Record<string, unknown>): { format?: ValidateFormat } {
  if (typeof raw.format === "string") return { format: raw.format as ValidateFormat };
  if (raw.json === true || raw.output === "json") return { format: "json" };
  return raw.output === "text" ? { format: "pretty" } : {};
}
