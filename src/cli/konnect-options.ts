import { InvalidArgumentError, Option } from "commander";
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { addOutputOption, wantsJsonOutput } from "./output-option.js";

/**
 * The flags every multi-control-plane command shares, so that control planes are selected the same
 * way everywhere. Values are only parsed here; fleet-session.ts turns them into a client and targets.
 */
export interface KonnectFlags {
  controlPlane: string[];
  label: string[];
  all: boolean;
  region?: string;
  konnectAddr?: string;
  tokenFile?: string;
  /** which flag gave tokenFile: --token-file or decK's --konnect-token-file */
  tokenFileFlag?: "--token-file" | "--konnect-token-file";
  /** --konnect-token (decK's spelling): the token as a value */
  token?: string;
  concurrency?: number;
  json: boolean;
}

export const REGIONS = ["us", "eu", "au", "me", "in", "sg"] as const;
export const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 64;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function collectLabel(value: string, previous: string[] | undefined): string[] {
  const at = value.indexOf("=");
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError("expected key=value, e.g. --label env=prod");
  return collect(value, previous);
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  return n;
}

/** Adds the shared selection, connection and output flags to a command. */
export function addKonnectOptions(command: Command, options: { concurrency?: boolean } = {}): Command {
  command
    .addOption(new Option("--control-plane <name|id>", "a control plane by name or id (repeatable)").argParser(collect))
    .addOption(new Option("--label <key=value>", "control planes with this label (repeatable, all must match)").argParser(collectLabel))
    .addOption(new Option("--all", "every control plane the token can see").default(false))
    .addOption(new Option("--region <region>", "Konnect region (default: us, or the config's)").choices(REGIONS))
    .addOption(new Option("--konnect-addr <url>", "Konnect API origin, e.g. https://eu.api.konghq.com (env KONNECT_ADDR)"))
    .addOption(new Option("--token-file <path>", "file holding the Konnect token (default: env KONNECT_TOKEN)"))
    // decK's spellings, so that decK users' habits work (README "decK-compatible flags")
    .addOption(new Option("--konnect-token <token>", "the Konnect token itself (decK spelling; it lands in shell history: prefer --token-file)"))
    .addOption(new Option("--konnect-token-file <path>", "same as --token-file (decK spelling)"))
    .addOption(new Option("--konnect-control-plane-name <name>", "same as --control-plane (decK spelling; repeatable)").argParser(collect));
  if (options.concurrency !== false) {
    command.addOption(new Option("--concurrency <n>", `control planes worked on at once (default: ${DEFAULT_CONCURRENCY}, or the config's)`).argParser(parseConcurrency));
  }
  command.addOption(new Option("--json", "machine-readable output on stdout").default(false));
  return addOutputOption(command);
}

/** Normalizes commander's option bag (repeatables are undefined when never given). */
export function konnectFlags(raw: Record<string, unknown>): KonnectFlags {
  if (typeof raw.tokenFile === "string" && typeof raw.konnectTokenFile === "string") {
    throw new UsageError("--token-file and --konnect-token-file are the same option, given twice", "pass one of them");
  }
  const tokenFileFlag = typeof raw.konnectTokenFile === "string" ? "--konnect-token-file" : "--token-file";
  const tokenFile = typeof raw.konnectTokenFile === "string" ? raw.konnectTokenFile : raw.tokenFile;
  return {
    controlPlane: [...((raw.controlPlane as string[] | undefined) ?? []), ...((raw.konnectControlPlaneName as string[] | undefined) ?? [])],
    label: (raw.label as string[] | undefined) ?? [],
    all: raw.all === true,
    ...(typeof raw.region === "string" ? { region: raw.region } : {}),
    ...(typeof raw.konnectAddr === "string" ? { konnectAddr: raw.konnectAddr } : {}),
    ...(typeof tokenFile === "string" ? { tokenFile, tokenFileFlag } : {}),
    ...(typeof raw.konnectToken === "string" ? { token: raw.konnectToken } : {}),
    ...(typeof raw.concurrency === "number" ? { concurrency: raw.concurrency } : {}),
    json: wantsJsonOutput(raw),
  };
}

/** `env=prod` → { env: "prod" } (the parser already checked the shape). */
export function labelMap(labels: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const label of labels) {
    const at = label.indexOf("=");
    map[label.slice(0, at)] = label.slice(at + 1);
  }
  return map;
}
