import { configCandidates } from "../config/search.js";
import { cliConfig } from "./config.js";
import { ExitCode } from "../errors.js";
import { colorEnabled } from "../render/terminal.js";
import { version } from "../version.js";
import type { CommandContext, GlobalOptions } from "./context.js";
import { processIO } from "./io.js";
import { reportKplugError, wantsJson } from "./report-error.js";
import type { ValidateFlags, ValidateFormat } from "./validate.js";
import { runValidate } from "./validate-run.js";
import { printRules } from "./rules-run.js";

/**
 * kplug's cold-start path: `validate`, `rules` and `--version` without building the commander
 * program (bin/kplug.js loads this as one bundle with a V8 code cache). It accepts only the exact
 * spellings it knows and returns undefined for anything else — another flag, `=` values, a value
 * that looks like a flag, --help, --debug, stdin, a glob, a config file it cannot read (see
 * readableConfig) — so that the full CLI (src/cli/main.ts) handles it: this path never changes what
 * kplug does, only how fast.
 */
export async function fastMain(argv: readonly string[]): Promise<number | undefined> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const parsed = parse(argv);
  if (!parsed) return undefined;
  const cwd = process.cwd();
  if (parsed.globals.config !== undefined) return undefined;
  const candidates = configCandidates(cwd);
  if (candidates.length > 0 && (parsed.command !== "validate" || !candidates.every((path) => path.endsWith(".json")))) return undefined;

  const controller = new AbortController();
  const io = processIO(controller.signal);
  const ctx: CommandContext = {
    io,
    exitCode: ExitCode.ok,
    cleanups: [],
    globals: () => parsed.globals,
    color: (stream) => colorEnabled(io.env, stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY, parsed.globals.color),
  };
  if (candidates.length > 0 && !(await readableConfig(ctx))) return undefined;
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    if (parsed.command === "rules") printRules(io, parsed.json);
    else ctx.exitCode = await runValidate(ctx, parsed.paths, parsed.flags);
    return ctx.exitCode;
  } catch (error) {
    return reportKplugError(error, io, false, wantsJson([...argv]));
  } finally {
    await Promise.allSettled(ctx.cleanups.map((cleanup) => cleanup()));
    process.off("SIGINT", onSigint);
  }
}

/**
 * Whether this path can run with the config file as the full CLI would: a JSON file read directly
 * (dist/cli/config-reader.cjs), valid, naming no glob and no decK file. Anything else (a problem to
 * report, cosmiconfig's own settings, globs, decK) goes to the full CLI, which reads the file again
 * and says what it always said. The config read here is the run's (cliConfig keeps it per command).
 */
async function readableConfig(ctx: CommandContext): Promise<boolean> {
  try {
    const config = (await cliConfig(ctx))?.config;
    if (!config) return true;
    return config.deck === undefined && (config.plugins ?? []).every((entry) => !GLOB_SYNTAX.test(typeof entry === "string" ? entry : entry.path));
  } catch {
    return false;
  }
}

type Parsed =
  | { command: "validate"; globals: GlobalOptions; paths: string[]; flags: ValidateFlags; json: boolean }
  | { command: "rules"; globals: GlobalOptions; paths: string[]; flags: ValidateFlags; json: boolean };

const FORMATS: readonly string[] = ["pretty", "json", "github", "sarif"];
/** any glob metacharacter (the discoverer's own test is narrower; falling back more often is safe) */
const GLOB_SYNTAX = /[*?[\]{}!()]/;

/** The command line in the fast path's terms, or undefined when anything is not known to it. */
function parse(argv: readonly string[]): Parsed | undefined {
  const globals: GlobalOptions = { debug: false, color: true };
  let command: "validate" | "rules" | undefined;
  const paths: string[] = [];
  const raw: { name?: string; target?: string; strict?: boolean; format?: string; json?: boolean; output?: string; maxWarnings?: string; quiet?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("-")) return undefined;
      i++;
      return next;
    };
    if (!arg.startsWith("-")) {
      if (command === undefined) {
        if (arg !== "validate" && arg !== "rules") return undefined;
        command = arg;
      } else if (command === "validate") paths.push(arg);
      else return undefined;
      continue;
    }
    if (arg === "--no-color") globals.color = false;
    else if (arg === "-c" || arg === "--config") {
      const file = value();
      if (file === undefined) return undefined;
      globals.config = file;
    } else if (command === undefined) return undefined;
    else if (arg === "--json") raw.json = true;
    else if (arg === "-o" || arg === "--output") {
      const output = value();
      if (output !== "json" && output !== "text") return undefined;
      raw.output = output;
    } else if (command !== "validate") return undefined;
    else if (arg === "--strict") raw.strict = true;
    else if (arg === "-q" || arg === "--quiet") raw.quiet = true;
    else if (arg === "--name" || arg === "--target" || arg === "--format" || arg === "--max-warnings") {
      const given = value();
      if (given === undefined) return undefined;
      if (arg === "--name") raw.name = given;
      else if (arg === "--target") raw.target = given;
      else if (arg === "--format") raw.format = given;
      else raw.maxWarnings = given;
    } else return undefined;
  }
  if (command === undefined) return undefined;
  // a glob is matched by tinyglobby, which the fast bundle leaves out (see scripts/build.mjs)
  if (paths.some((path) => GLOB_SYNTAX.test(path))) return undefined;
  // values commander would reject with its own message
  if (raw.target !== undefined && raw.target !== "schema" && raw.target !== "streamed") return undefined;
  if (raw.format !== undefined && !FORMATS.includes(raw.format)) return undefined;
  if (raw.maxWarnings !== undefined && !/^\d+$/.test(raw.maxWarnings)) return undefined;
  const format: ValidateFormat | undefined =
    raw.format !== undefined ? (raw.format as ValidateFormat) : raw.json === true || raw.output === "json" ? "json" : raw.output === "text" ? "pretty" : undefined;
  const flags: ValidateFlags = {
    ...(raw.name !== undefined ? { name: raw.name } : {}),
    ...(raw.target === "schema" || raw.target === "streamed" ? { target: raw.target } : {}),
    strict: raw.strict === true,
    ...(format ? { format } : {}),
    ...(raw.maxWarnings !== undefined ? { maxWarnings: Number(raw.maxWarnings) } : {}),
    quiet: raw.quiet === true,
  };
  return { command, globals, paths, flags, json: raw.json === true || raw.output === "json" };
}
