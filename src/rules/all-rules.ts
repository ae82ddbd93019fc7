import { handlerUnknownConfigFieldRule } from "./handler-unknown-config-field.js";
import { handlerUnknownPhaseRule } from "./handler-unknown-phase.js";
import { handlerUnusedConfigFieldRule } from "./handler-unused-config-field.js";
import { konnectForbiddenFilesRule } from "./konnect-forbidden-files.js";
import { konnectSchemaSizeRule } from "./konnect-schema-size.js";
import { konnectUniqueNameRule } from "./konnect-unique-name.js";
import { schemaContentRules } from "./schema-content-rules.js";
import { streamedCustomValidationRule } from "./streamed-custom-validation.js";
import { streamedFilesRule } from "./streamed-files.js";
import { streamedHandlerMetadataRule } from "./streamed-handler-metadata.js";
import { streamedNoInitWorkerRule } from "./streamed-no-init-worker.js";
import { streamedNoTimersRule } from "./streamed-no-timers.js";
import type { Rule } from "./types.js";

/**
 * Every rule, in report order: the plugin's files first, then the content of schema.lua, then the
 * streamed-plugin rules, then handler.lua against the schema. `konnect/unique-name` is checked across the plugins of a run.
 */
export const allRules: Rule[] = [
  konnectForbiddenFilesRule,
  ...schemaContentRules,
  konnectUniqueNameRule,
  konnectSchemaSizeRule,
  streamedFilesRule,
  streamedHandlerMetadataRule,
  streamedNoInitWorkerRule,
  streamedNoTimersRule,
  streamedCustomValidationRule,
  handlerUnknownPhaseRule,
  handlerUnknownConfigFieldRule,
  handlerUnusedConfigFieldRule,
];

export const ruleById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.id, rule]));
