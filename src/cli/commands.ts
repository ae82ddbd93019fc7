import type { CommandFactory } from "./context.js";
import { emulatorCommand } from "./emulator.js";
import { validateCommand } from "./validate.js";
import { rulesCommand } from "./rules.js";
import { pushCommand } from "./push.js";
import { listCommand } from "./list.js";
import { statusCommand } from "./status.js";
import { pullCommand } from "./pull.js";
import { diffCommand } from "./diff.js";
import { deleteCommand } from "./delete.js";
import { initCommand } from "./init.js";
import { completionCommand } from "./completion.js";

/** Every kplug command, in help order. Each file parses flags, calls core, renders. */
export const commandFactories: CommandFactory[] = [initCommand, validateCommand, rulesCommand, pushCommand, listCommand, statusCommand, pullCommand, diffCommand, deleteCommand, emulatorCommand, completionCommand];
