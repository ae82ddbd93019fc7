import { KplugError } from "../errors.js";
import type { FleetTarget, LocalPlugin } from "../fleet/types.js";
import type { KonnectApi } from "../konnect/types.js";
import type { Target } from "../rules/types.js";
import type { CommandContext } from "./context.js";
import type { KonnectFlags } from "./konnect-options.js";

export interface FleetSession {
  api: KonnectApi;
  targets: FleetTarget[];
  concurrency: number;
}

export interface LocalPlugins {
  plugins: LocalPlugin[];
  /** the paths as given (or from the config), for validation */
  paths: string[];
}

export async function openFleetSession(_ctx: CommandContext, _flags: KonnectFlags): Promise<FleetSession> {
  throw new KplugError("not wired yet", { code: "internal" });
}

export async function loadLocalPlugins(_ctx: CommandContext, _paths: string[], _options: { optional?: boolean } = {}): Promise<LocalPlugins> {
  throw new KplugError("not wired yet", { code: "internal" });
}

export async function validateBeforePush(_ctx: CommandContext, _local: LocalPlugins, _target: Target): Promise<boolean> {
  throw new KplugError("not wired yet", { code: "internal" });
}
