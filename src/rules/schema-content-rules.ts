import { konnectNoLoadTimeContextRule } from "./konnect-no-load-time-context.js";
import { konnectNoRequireRule } from "./konnect-no-require.js";
import { konnectSchemaNameRule } from "./konnect-schema-name.js";
import { konnectSelfContainedValidatorsRule } from "./konnect-self-contained-validators.js";
import { luaEvaluationLimitsRule } from "./lua-evaluation-limits.js";
import { luaSyntaxRule } from "./lua-syntax.js";
import { schemaAttributeForTypeRule } from "./schema-attribute-for-type.js";
import { schemaAttributeValueRule } from "./schema-attribute-value.js";
import { schemaDefaultValueRule } from "./schema-default-value.js";
import { schemaDescriptionLengthRule } from "./schema-description-length.js";
import { schemaEntityChecksRule } from "./schema-entity-checks.js";
import { schemaFieldDefinitionRule } from "./schema-field-definition.js";
import { schemaLegacyFormatRule } from "./schema-legacy-format.js";
import { schemaNotEvaluatedRule } from "./schema-not-evaluated.js";
import { schemaPluginFieldsRule } from "./schema-plugin-fields.js";
import { schemaReturnValueRule } from "./schema-return-value.js";
import { schemaShorthandFieldsRule } from "./schema-shorthand-fields.js";
import { schemaTopLevelKeysRule } from "./schema-top-level-keys.js";
import { schemaTransformationsRule } from "./schema-transformations.js";
import { schemaUnknownAttributeRule } from "./schema-unknown-attribute.js";
import { schemaUnknownTypedefRule } from "./schema-unknown-typedef.js";
import type { Rule } from "./types.js";

/** Rules over the content of schema.lua (and the Lua syntax of schema.lua and handler.lua), in report order. */
export const schemaContentRules: Rule[] = [
  luaSyntaxRule,
  luaEvaluationLimitsRule,
  konnectNoRequireRule,
  konnectNoLoadTimeContextRule,
  konnectSelfContainedValidatorsRule,
  konnectSchemaNameRule,
  schemaReturnValueRule,
  schemaLegacyFormatRule,
  schemaTopLevelKeysRule,
  schemaUnknownTypedefRule,
  schemaPluginFieldsRule,
  schemaFieldDefinitionRule,
  schemaUnknownAttributeRule,
  schemaAttributeForTypeRule,
  schemaAttributeValueRule,
  schemaDefaultValueRule,
  schemaDescriptionLengthRule,
  schemaEntityChecksRule,
  schemaShorthandFieldsRule,
  schemaTransformationsRule,
  schemaNotEvaluatedRule,
];
