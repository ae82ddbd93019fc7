import { Chalk } from "chalk";
import { ExitCode } from "../errors.js";
import type { PushMode } from "../fleet/types.js";
import { prepareNameOrder } from "../render/name-list.js";
import { toJsonReport } from "../render/validate-json.js";
import type { ValidationReport } from "../validate/types.js";
import type { CommandContext } from "./context.js";
import { loadLocalPlugins, validateForTarget, type LocalPlugins } from "./fleet-local.js";
import { startFleetSession } from "./fleet-session.js";
import { printJson } from "./json-output.js";
import type { KonnectFlags } from "./konnect-options.js";

export interface PushRunFlags extends KonnectFlags {
  /** undefined: the config's konnect.mode, else auto */
  mode?: PushMode;
  dryRun: boolean;
  allowBreaking: boolean;
  validate: boolean;
}

/** `kplug push`: validate, select, push with bounded concurrency, summarize. Returns the exit code. */
export async function runPush(ctx: CommandContext, paths: string[], flags: PushRunFlags): Promise<number> {
  const local = await loadLocalPlugins(ctx, paths);
  const validation = await validateBeforePush(ctx, local, flags);
  if (!validation) return ExitCode.failure;
  const session = startFleetSession(ctx, flags);
  // while the listing is in flight: the push's own code, and a collator for the summary's name order,
  // which ICU is slow to make
  await session.sent;
  const { pushToFleet } = await import("./push-fleet.js");
  prepareNameOrder();
  return pushToFleet(ctx, local, validation, flags, await session.open());
}

/** The reports of the validation before a push, or undefined when it refuses the push (said on stderr). */
async function validateBeforePush(ctx: CommandContext, local: LocalPlugins, flags: PushRunFlags): Promise<ValidationReport[] | undefined> {
  const { io } = ctx;
  const validation: ValidationReport[] = [];
  if (flags.validate) {
    // offline first: no network call for a plugin every control plane would refuse anyway
    const report = await validateForTarget(ctx, local, "schema");
    validation.push(report);
    if (report.errorCount > 0) {
      const error = { code: "validation", message: `refusing to push: ${report.errorCount} validation error(s) for target schema; fix them, or pass --no-validate to push anyway` };
      io.stderr(`${new Chalk({ level: ctx.color("stderr") ? 1 : 0 }).red("kplug:")} ${error.message}\n`);
      if (flags.json) printJson(io, { error, validation: validation.map(toJsonReport) });
      return undefined;
    }
  } else {
    io.stderr("kplug: warning: --no-validate: pushing without validation; Konnect may reject the plugin or data planes may fail to load it\n");
  }
  return validation;
}

