import { Option } from "commander";
import type { Command } from "commander";

/** decK's `-o json|text`: on every command that has --json, meaning the same. */
export function addOutputOption(command: Command): Command {
  return command.addOption(new Option("-o, --output <format>", "json (same as --json) or text (decK spelling)").choices(["json", "text"]));
}

/** --json or -o json. */
export function wantsJsonOutput(raw: Record<string, unknown>): boolean {
  return raw.json === true || raw.output === "json";
}
