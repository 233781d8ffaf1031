export {
  convertFieldSelector,
  escapeFieldValue,
  type FieldOperator,
  type FieldRequirement,
  fieldSelectorMatches,
  fieldSelectorToString,
  objectFields,
  parseFieldSelector,
  requiresExactMatch,
  unescapeFieldValue,
  unsupportedFieldError,
} from './field-selector.ts';
export { goQuote } from './go-quote.ts';
export {
  type LabelOperator,
  type LabelRequirement,
  labelSelectorAsRequirements,
  labelSelectorMatches,
  labelSelectorString,
  labelSelectorToString,
  newRequirement,
  parseLabelSelector,
  requirementMatches,
  requirementsMatch,
  requirementsToString,
  requirementToString,
  UNABLE_TO_PARSE_REQUIREMENT,
} from './label-selector.ts';
export {
  isDns1123Label,
  isDns1123Subdomain,
  labelValueErrors,
  qualifiedNameErrors,
} from './label-validation.ts';
export { SelectorParseError } from './selector-error.ts';
