import type { CommandFactory } from "./context.js";
import { emulatorCommand } from "./emulator.js";

/** Every kplug command, in help order. Each file parses flags, calls core, renders. */
export const commandFactories: CommandFactory[] = [emulatorCommand];
