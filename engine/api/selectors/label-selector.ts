import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { goQuote } from './go-quote.ts';
import { labelValueErrors, qualifiedNameErrors } from './label-validation.ts';
import { SelectorParseError } from './selector-error.ts';

/** selection.Operator values, as the query-string syntax and Requirement.String() spell them. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One ANDed term of a label selector (apimachinery labels.Requirement); values are sorted and unique. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

const BINARY_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const UNARY_OPERATORS: readonly LabelOperator[] = ['exists', '!'];
const VALID_OPERATORS: readonly LabelOperator[] = [...BINARY_OPERATORS, ...UNARY_OPERATORS];

export const UNABLE_TO_PARSE_REQUIREMENT = 'unable to parse requirement: ';

// ---- lexer (labels.Lexer) ----

type Token =
  | 'error'
  | 'eos'
  | ')'
  | ','
  | '!'
  | '=='
  | '='
  | '>'
  | 'identifier'
  | 'in'
  | '<'
  | '!='
  | 'notin'
  | '(';

interface ScannedItem {
  readonly token: Token;
  readonly literal: string;
}

const LITERAL_TOKENS = new Map<string, Token>([
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['==', '=='],
  ['=', '='],
  ['>', '>'],
  ['in', 'in'],
  ['<', '<'],
  ['!=', '!='],
  ['notin', 'notin'],
  ['(', '('],
]);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<';
}

// Go's lexer reads byte 0 both at the end of input and for a NUL character.
function isZero(ch: string): boolean {
  return ch === '' || ch === '\0';
}

function scan(text: string): ScannedItem[] {
  let pos = 0;
  const read = (): string => (pos < text.length ? text[pos++]! : '');
  const unread = (): void => {
    pos--;
  };

  const scanIdOrKeyword = (): ScannedItem => {
    let buffer = '';
    for (;;) {
      const ch = read();
      if (isZero(ch)) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      buffer += ch;
    }
    return { token: LITERAL_TOKENS.get(buffer) ?? 'identifier', literal: buffer };
  };

  const scanSpecialSymbol = (): ScannedItem => {
    let last: ScannedItem | undefined;
    let buffer = '';
    for (;;) {
      const ch = read();
      if (isZero(ch)) break;
      if (!isSpecialSymbol(ch)) {
        unread();
        break;
      }
      buffer += ch;
      const token = LITERAL_TOKENS.get(buffer);
      if (token) {
        last = { token, literal: buffer };
      } else if (last) {
        unread();
        break;
      }
    }
    return last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` };
  };

  const lex = (): ScannedItem => {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (isZero(ch)) return { token: 'eos', literal: '' };
    unread();
    return isSpecialSymbol(ch) ? scanSpecialSymbol() : scanIdOrKeyword();
  };

  const items: ScannedItem[] = [];
  for (;;) {
    const item = lex();
    items.push(item);
    if (item.token === 'eos') return items;
  }
}

// ---- parser (labels.Parser) ----

/** An error inside one requirement; parse() prefixes it with `unable to parse requirement: `. */
class RequirementError extends Error {}

type Context = 'key-and-operator' | 'values';

class Parser {
  private position = 0;

  constructor(private readonly items: readonly ScannedItem[]) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead('values');
      if (token === 'eos') return requirements;
      if (token !== 'identifier' && token !== '!') {
        throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (error) {
        if (error instanceof RequirementError)
          throw new SelectorParseError(UNABLE_TO_PARSE_REQUIREMENT + error.message);
        throw error;
      }
      const next = this.consume('values');
      if (next.token === 'eos') return requirements;
      if (next.token !== ',')
        throw new SelectorParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead('values');
      if (after.token !== 'identifier' && after.token !== '!') {
        throw new SelectorParseError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private lookahead(context: Context): ScannedItem {
    return this.inContext(this.items[this.position]!, context);
  }

  private consume(context: Context): ScannedItem {
    this.position++;
    return this.inContext(this.items[this.position - 1]!, context);
  }

  // 'in' and 'notin' are ordinary identifiers where values are expected ("value in (in)").
  private inContext(item: ScannedItem, context: Context): ScannedItem {
    if (context === 'values' && (item.token === 'in' || item.token === 'notin')) {
      return { token: 'identifier', literal: item.literal };
    }
    return item;
  }

  private parseRequirement(): LabelRequirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === 'exists' || operator === '!') return requireValid(newRequirement(key, operator, []));
    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return requireValid(newRequirement(key, op, sortedUnique(values)));
  }

  private parseKeyAndInferOperator(): { key: string; operator: LabelOperator | '' } {
    let operator: LabelOperator | '' = '';
    let item = this.consume('values');
    if (item.token === '!') {
      operator = '!';
      item = this.consume('values');
    }
    if (item.token !== 'identifier')
      throw new RequirementError(`found '${item.literal}', expected: identifier`);
    const keyError = labelKeyError(item.literal, '<nil>');
    if (keyError) throw new RequirementError(keyError);
    const next = this.lookahead('values').token;
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): LabelOperator {
    const { token, literal } = this.consume('key-and-operator');
    switch (token) {
      case 'in':
        return 'in';
      case '=':
        return '=';
      case '==':
        return '==';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      case 'notin':
        return 'notin';
      case '!=':
        return '!=';
      default:
        throw new RequirementError(`found '${literal}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.token !== '(') throw new RequirementError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead('values');
    if (token === 'identifier' || token === ',') {
      const values = this.parseIdentifiersList();
      if (this.consume('values').token !== ')')
        throw new RequirementError(`found '${literal}', expected: ')'`);
      return values;
    }
    if (token === ')') {
      this.consume('values');
      return [''];
    }
    throw new RequirementError(`found '${literal}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume('values');
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead('values');
        if (next.token === ',') continue;
        if (next.token === ')') return [...values];
        throw new RequirementError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token !== ',') throw new RequirementError(`found '${literal}', expected: ',', or identifier`);
      if (values.size === 0) values.add('');
      const next = this.lookahead('values').token;
      if (next === ')') {
        values.add('');
        return [...values];
      }
      if (next === ',') {
        this.consume('values');
        values.add('');
      }
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead('values').token;
    if (next === 'eos' || next === ',') return [''];
    const { token, literal } = this.consume('values');
    if (token === 'identifier') return [literal];
    throw new RequirementError(`found '${literal}', expected: identifier`);
  }
}

function requireValid(result: LabelRequirement | string): LabelRequirement {
  if (typeof result === 'string') throw new RequirementError(result);
  return result;
}

/** Parses the `labelSelector` query syntax (labels.Parse); requirements come back sorted by key. */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const requirements = new Parser(scan(text)).parse();
  return stableSortByKey(requirements);
}

// ---- requirements (labels.NewRequirement) ----

function labelKeyError(key: string, path: string): string | undefined {
  const errors = qualifiedNameErrors(key);
  return errors.length === 0 ? undefined : `${path}: Invalid value: ${goQuote(key)}: ${errors.join('; ')}`;
}

/** Go's `%#v` of a []string, as field.Invalid prints a bad value list. */
function goStringSlice(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

const INT64_PATTERN = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// strconv.ParseInt(s, 10, 64)
function parseInt64(text: string): bigint | undefined {
  if (!INT64_PATTERN.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** labels.NewRequirement: the requirement, or the aggregated validation error text. */
export function newRequirement(
  key: string,
  operator: string,
  values: readonly string[],
): LabelRequirement | string {
  const errors: string[] = [];
  const keyError = labelKeyError(key, 'key');
  if (keyError) errors.push(keyError);
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) {
        errors.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'in', 'notin' operators, values set can't be empty`,
        );
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) {
        errors.push(
          `values: Invalid value: ${goStringSlice(values)}: exact-match compatibility requires one single value`,
        );
      }
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) {
        errors.push(
          `values: Invalid value: ${goStringSlice(values)}: values set must be empty for exists and does not exist`,
        );
      }
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) {
        errors.push(
          `values: Invalid value: ${goStringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
        );
      }
      values.forEach((value, i) => {
        if (parseInt64(value) === undefined) {
          errors.push(
            `values[${i}]: Invalid value: ${goQuote(value)}: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        }
      });
      break;
    default:
      errors.push(
        `operator: Unsupported value: ${goQuote(operator)}: supported values: ${VALID_OPERATORS.map(goQuote).join(', ')}`,
      );
  }
  values.forEach((value, i) => {
    const valueErrors = labelValueErrors(value);
    if (valueErrors.length > 0) {
      errors.push(`values[${i}][${key}]: Invalid value: ${goQuote(value)}: ${valueErrors.join('; ')}`);
    }
  });
  if (errors.length > 0) return aggregate(errors);
  return { key, operator: operator as LabelOperator, values: [...values] };
}

/** utilerrors.NewAggregate(...).Error(): one message as is, several as `[a, b]`, duplicates dropped. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

// Go's sort.Strings order (UTF-8 bytes).
function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(byteCompare);
}

function stableSortByKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements.sort((a, b) => byteCompare(a.key, b.key));
}

// ---- matching ----

/** Requirement.Matches. */
export function requirementMatches(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return has && requirement.values.includes(labels[requirement.key]!);
    case 'notin':
    case '!=':
      return !has || !requirement.values.includes(labels[requirement.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || requirement.values.length !== 1) return false;
      const actual = parseInt64(labels[requirement.key]!);
      const bound = parseInt64(requirement.values[0]!);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** True when every requirement matches (an empty list matches everything). */
export function requirementsMatch(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const set = labels ?? {};
  for (const requirement of requirements) if (!requirementMatches(requirement, set)) return false;
  return true;
}

/**
 * Matches an object's label selector as metav1.LabelSelectorAsSelector does: `{}` matches everything, a missing
 * selector matches nothing, and a selector upstream cannot convert (unknown operator, In without values) matches nothing.
 * Key and value syntax is not re-validated here; admission validates stored selectors.
 */
export function labelSelectorMatches(
  selector: LabelSelector | null | undefined,
  labels: Readonly<Record<string, string>> | null | undefined,
): boolean {
  if (!selector) return false;
  const set = labels ?? {};
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const key in matchLabels) {
      if (!Object.hasOwn(set, key) || set[key] !== matchLabels[key]) return false;
    }
  }
  for (const expression of selector.matchExpressions ?? []) {
    const values = expression.values;
    const has = Object.hasOwn(set, expression.key);
    switch (expression.operator) {
      case 'In':
        if (!values || values.length === 0 || !has || !values.includes(set[expression.key]!)) return false;
        break;
      case 'NotIn':
        if (!values || values.length === 0 || (has && values.includes(set[expression.key]!))) return false;
        break;
      case 'Exists':
        if ((values && values.length > 0) || !has) return false;
        break;
      case 'DoesNotExist':
        if ((values && values.length > 0) || has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const SELECTOR_OPERATORS: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * metav1.LabelSelectorAsSelector as requirements: `null` for a missing selector (matches nothing), `[]` for `{}`
 * (matches everything). Throws an Error with upstream's text for a selector that cannot be converted.
 */
export function labelSelectorAsRequirements(
  selector: LabelSelector | null | undefined,
): LabelRequirement[] | null {
  if (!selector) return null;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries<string>(selector.matchLabels ?? {})) {
    requirements.push(checked(newRequirement(key, '=', [value])));
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = Object.hasOwn(SELECTOR_OPERATORS, expression.operator)
      ? SELECTOR_OPERATORS[expression.operator]
      : undefined;
    if (!operator) throw new Error(`${goQuote(expression.operator)} is not a valid label selector operator`);
    requirements.push(checked(newRequirement(expression.key, operator, expression.values ?? [])));
  }
  return stableSortByKey(requirements);
}

function checked(result: LabelRequirement | string): LabelRequirement {
  if (typeof result === 'string') throw new Error(result);
  return result;
}

// ---- printing ----

/** Requirement.String(). */
export function requirementToString(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  if (operator === '!') return `!${key}`;
  if (operator === 'exists') return key;
  const joined = values.length === 1 ? values[0]! : [...values].sort(byteCompare).join(',');
  switch (operator) {
    case 'in':
      return `${key} in (${joined})`;
    case 'notin':
      return `${key} notin (${joined})`;
    case 'gt':
      return `${key}>${joined}`;
    case 'lt':
      return `${key}<${joined}`;
    default:
      return `${key}${operator}${joined}`;
  }
}

/** Selector.String(): requirements joined with `,` (empty for a selector that matches everything). */
export function requirementsToString(requirements: readonly LabelRequirement[]): string {
  return requirements.map(requirementToString).join(',');
}

/** LabelSelectorAsSelector(selector).String(), as Scale and HPA `status.selector` carry it; throws on a bad selector. */
export function labelSelectorString(selector: LabelSelector | null | undefined): string {
  return requirementsToString(labelSelectorAsRequirements(selector) ?? []);
}

/** metav1.FormatLabelSelector: `<none>` when empty or missing, `<error>` when it cannot be converted. */
export function labelSelectorToString(selector: LabelSelector | null | undefined): string {
  let text: string;
  try {
    text = labelSelectorString(selector);
  } catch {
    return '<error>';
  }
  return text.length === 0 ? '<none>' : text;
}
