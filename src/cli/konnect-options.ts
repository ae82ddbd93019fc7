import { InvalidArgumentError, Option } from "commander";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { parseDuration } from "./duration.js";
import { addOutputOption, wantsJsonOutput } from "./output-option.js";
import { parseLabelSelector, type LabelSelector } from "../konnect/labels.js";

/**
 * The flags every multi-control-plane command shares, so that control planes are selected the same
 * way everywhere. Values are only parsed here; fleet-session.ts turns them into a client and targets.
 */
export interface KonnectFlags {
  /** names, ids or globs; comma lists already split */
  controlPlane: string[];
  label: string[];
  all: boolean;
  /** --exclude: names, ids or globs; comma lists already split */
  exclude: string[];
  /** --control-planes-from: a file with one name, id or glob per line */
  controlPlanesFrom?: string;
  /** --region: one region, a comma list or `all` (repeats joined with commas; checked when connecting) */
  region?: string;
  konnectAddr?: string;
  tokenFile?: string;
  /** which flag gave tokenFile: --token-file or decK's --konnect-token-file */
  tokenFileFlag?: "--token-file" | "--konnect-token-file";
  /** --konnect-token (decK's spelling): the token as a value */
  token?: string;
  concurrency?: number;
  /** --timeout: the whole command's time limit, in ms */
  timeoutMs?: number;
  /** --verbose (push, diff, delete): per control plane detail instead of grouped output */
  verbose: boolean;
  json: boolean;
}

export const REGIONS = ["us", "eu", "au", "me", "in", "sg"] as const;
export const DEFAULT_CONCURRENCY = 8;
/** connections to Konnect follow --concurrency (fleet-session.ts), so this also caps the sockets */
export const MAX_CONCURRENCY = 128;

/** Repeatable and comma-separated: `--control-plane a,b --control-plane c` is a, b, c. */
function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((part) => part.trim()).filter((part) => part !== "")];
}

function collectLabel(value: string, previous: string[] | undefined): string[] {
  const parts = collectList(value, undefined);
  if (parts.length === 0 || parts.some((part) => parseLabelSelector(part) === undefined)) {
    throw new InvalidArgumentError("expected key=value or key!=value, e.g. --label env=prod or --label tier!=canary");
  }
  return [...(previous ?? []), ...parts];
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  return n;
}

/**
 * Adds the shared selection, connection and output flags to a command. `selection: "one"` is for
 * commands that read one control plane (pull): a single --control-plane, no globs, labels or --all,
 * so that --help lists only what the command accepts.
 */
export function addKonnectOptions(command: Command, options: { concurrency?: boolean; selection?: "many" | "one"; verbose?: boolean } = {}): Command {
  if (options.selection === "one") {
    const once = (value: string, previous: string | undefined): string => {
      if (previous !== undefined) throw new InvalidArgumentError("this command reads from one control plane; give --control-plane once");
      return value;
    };
    command
      .addOption(new Option("--control-plane <name|id>", "the control plane to read from, by name or id").argParser(once))
      .addOption(new Option("--konnect-control-plane-name <name>", "same as --control-plane (decK spelling)").argParser(once));
  } else {
    command
      .addOption(new Option("--control-plane <name|id|glob>", "control planes by name, id or name glob such as 'prod-*' (repeatable, comma-separated)").argParser(collectList))
      .addOption(new Option("--label <key=value>", "control planes with this label, or without it with key!=value (repeatable, all must match)").argParser(collectLabel))
      .addOption(new Option("--all", "every control plane the token can see").default(false))
      .addOption(new Option("--control-planes-from <file>", "control planes listed in a file: one name, id or glob per line, # comments"))
      .addOption(new Option("--exclude <name|id|glob>", "leave these out of the selection (repeatable, comma-separated)").argParser(collectList))
      .addOption(new Option("--konnect-control-plane-name <name>", "same as --control-plane (decK spelling; repeatable)").argParser(collectList));
  }
  command
    .addOption(regionOption())
    .addOption(new Option("--konnect-addr <url>", "Konnect API origin for one region, e.g. https://eu.api.konghq.com (env KONNECT_ADDR; per region: config konnect.addresses)"))
    .addOption(new Option("--token-file <path>", "file holding the Konnect token (default: env KONNECT_TOKEN)"))
    // decK's spellings, so that decK users' habits work (README "decK-compatible flags")
    .addOption(new Option("--konnect-token <token>", "the Konnect token itself (decK spelling; it lands in shell history: prefer --token-file)"))
    .addOption(new Option("--konnect-token-file <path>", "same as --token-file (decK spelling)"));
  if (options.concurrency !== false) {
    command.addOption(new Option("--concurrency <n>", `control planes worked on at once (default: ${DEFAULT_CONCURRENCY}, or the config's)`).argParser(parseConcurrency));
  }
  command.addOption(new Option("--timeout <duration>", "give up on the whole command after this long, e.g. 90s, 5m (default: 5m)").argParser(parseDuration));
  if (options.verbose) {
    command.addOption(new Option("--verbose", "per control plane detail: a progress line as each finishes, one row and one report each").default(false));
  }
  command.addOption(new Option("--json", "machine-readable output on stdout").default(false));
  return addOutputOption(command);
}

/**
 * --region: one region, a comma list or all, repeatable (joined with commas; checked when connecting,
 * so the error names the unknown region). Its choices are set for help and shell completion only.
 */
function regionOption(): Option {
  const option = new Option("--region <regions>", "Konnect regions to work in: one, a comma list (us,eu) or all (default: the config's konnect.regions or konnect.region, else us)").argParser(
    (value: string, previous: string | undefined) => (previous === undefined ? value : `${previous},${value}`),
  );
  option.argChoices = [...REGIONS, "all"];
  return option;
}

/** Normalizes commander's option bag (repeatables are undefined when never given). */
export function konnectFlags(raw: Record<string, unknown>): KonnectFlags {
  if (typeof raw.tokenFile === "string" && typeof raw.konnectTokenFile === "string") {
    throw new UsageError("--token-file and --konnect-token-file are the same option, given twice", "pass one of them");
  }
  const tokenFileFlag = typeof raw.konnectTokenFile === "string" ? "--konnect-token-file" : "--token-file";
  const tokenFile = typeof raw.konnectTokenFile === "string" ? raw.konnectTokenFile : raw.tokenFile;
  return {
    // a string from a single-control-plane command (pull), a list from the others
    controlPlane: [
      ...(typeof raw.controlPlane === "string" ? [raw.controlPlane] : ((raw.controlPlane as string[] | undefined) ?? [])),
      ...(typeof raw.konnectControlPlaneName === "string" ? [raw.konnectControlPlaneName] : ((raw.konnectControlPlaneName as string[] | undefined) ?? [])),
    ],
    label: (raw.label as string[] | undefined) ?? [],
    all: raw.all === true,
    exclude: (raw.exclude as string[] | undefined) ?? [],
    ...(typeof raw.controlPlanesFrom === "string" ? { controlPlanesFrom: raw.controlPlanesFrom } : {}),
    ...(typeof raw.region === "string" ? { region: raw.region } : {}),
    ...(typeof raw.konnectAddr === "string" ? { konnectAddr: raw.konnectAddr } : {}),
    ...(typeof tokenFile === "string" ? { tokenFile, tokenFileFlag } : {}),
    ...(typeof raw.konnectToken === "string" ? { token: raw.konnectToken } : {}),
    ...(typeof raw.concurrency === "number" ? { concurrency: raw.concurrency } : {}),
    ...(typeof raw.timeout === "number" ? { timeoutMs: raw.timeout } : {}),
    verbose: raw.verbose === true,
    json: wantsJsonOutput(raw),
  };
}

/** `env=prod` / `env!=prod` → the `=` ones and the `!=` ones (the parser already checked the shape). */
export function labelMaps(labels: string[]): { labels: Record<string, string>; notLabels: Record<string, string> } {
  const selectors = labels.map(parseLabelSelector).filter((s): s is LabelSelector => s !== undefined);
  const map = (negate: boolean): Record<string, string> => Object.fromEntries(selectors.filter((s) => s.negate === negate).map((s) => [s.key, s.value]));
  return { labels: map(false), notLabels: map(true) };
}
