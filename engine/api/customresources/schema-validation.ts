/**
 * Validation of custom resources against their CRD's schema, after k8s.io/kube-openapi's
 * pkg/validation/validate (the SchemaValidator apiextensions-apiserver runs) and the mapping of its
 * errors to field errors in apiextensions-apiserver pkg/apiserver/validation
 * (kubeOpenAPIResultToFieldErrors): `spec.replicas: Invalid value: "string": spec.replicas in body
 * must be of type integer: "string"`.
 */
import type { FieldError } from '../errors.ts';
import { goQuote } from '../selectors/go-quote.ts';
import { goBadValue, goFloat, goValue } from './go-format.ts';
import { additionalPropertiesSchema, isJsonObject, itemsSchema, jsonType, type Schema } from './schema.ts';
import { formatChecker, normalizedFormat } from './schema-formats.ts';
import { compileSchemaPattern } from './schema-pattern.ts';

type Code =
  | 'InvalidType'
  | 'Required'
  | 'TooLong'
  | 'TooShort'
  | 'Pattern'
  | 'Enum'
  | 'MultipleOf'
  | 'Max'
  | 'Min'
  | 'Unique'
  | 'MaxItems'
  | 'MinItems'
  | 'TooFewProperties'
  | 'TooManyProperties'
  | 'UnallowedProperty'
  | 'Composite';

/** One kube-openapi validation error: its code, the path it names and its message. */
export interface SchemaError {
  code: Code;
  name: string;
  message: string;
  value?: unknown;
  values?: unknown[];
  /** The limit a TooLong/MaxItems/TooManyProperties error exceeded. */
  limit?: number;
}

const IN = 'body';

/** validate.Result: errors plus the count of checks that passed, which picks anyOf/oneOf failures. */
class Result {
  errors: SchemaError[] = [];
  matchCount = 0;

  static failure(error: SchemaError): Result {
    const result = new Result();
    result.errors.push(error);
    return result;
  }

  merge(...others: Result[]): this {
    for (const other of others) {
      this.errors.push(...other.errors);
      this.matchCount += other.matchCount;
    }
    return this;
  }

  add(error: SchemaError): void {
    this.errors.push(error);
  }

  inc(): void {
    this.matchCount++;
  }

  get valid(): boolean {
    return this.errors.length === 0;
  }
}

function typeNames(schema: Schema): string[] {
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return schema.type ? [schema.type] : [];
}

function invalidType(name: string, typeName: string, value: unknown): SchemaError {
  const message =
    typeof value === 'string'
      ? `${name} in ${IN} must be of type ${typeName}: ${goQuote(value)}`
      : `${name} in ${IN} must be of type ${typeName}`;
  return { code: 'InvalidType', name, message, value };
}

/** The Go format kube-openapi infers from a decoded value (int64, float64, or none). */
function dataFormat(value: unknown): string {
  const type = jsonType(value);
  if (type === 'integer') return 'int64';
  if (type === 'number') return 'float64';
  return '';
}

function validateType(schema: Schema, value: unknown, path: string): Result {
  const result = new Result();
  result.inc();
  const types = typeNames(schema);
  const format = normalizedFormat(schema.format) ? (schema.format ?? '') : '';
  if (value === null || value === undefined) {
    if (types.length > 0 && !types.includes('null') && schema.nullable !== true) {
      return Result.failure(invalidType(path, types.join(','), 'null'));
    }
    return result;
  }
  const actual = jsonType(value);
  const isFloatInt = actual === 'number' && Number.isInteger(value) && types.includes('integer');
  const isIntFloat = actual === 'integer' && types.includes('number');
  const isStringOrSlice = actual === 'string' || actual === 'array';
  if (!isStringOrSlice && format !== '' && !(types.includes(actual) || isFloatInt || isIntFloat)) {
    return Result.failure(invalidType(path, format, dataFormat(value)));
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && isStringOrSlice) {
    return result;
  }
  if (!(types.includes(actual) || isFloatInt || isIntFloat)) {
    return Result.failure(invalidType(path, types.join(','), actual));
  }
  return result;
}

function validateString(schema: Schema, value: string, path: string): Result {
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return Result.failure({
      code: 'TooLong',
      name: path,
      message: `${path} in ${IN} should be at most ${schema.maxLength} chars long`,
      value,
      limit: schema.maxLength,
    });
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    return Result.failure({
      code: 'TooShort',
      name: path,
      message: `${path} in ${IN} should be at least ${schema.minLength} chars long`,
      value,
    });
  }
  if (schema.pattern) {
    const compiled = compileSchemaPattern(schema.pattern);
    const shown = compiled.error
      ? `${schema.pattern}, but pattern is invalid: ${compiled.error}`
      : schema.pattern;
    if (!compiled.regexp?.test(value)) {
      return Result.failure({
        code: 'Pattern',
        name: path,
        message: `${path} in ${IN} should match '${shown}'`,
        value,
      });
    }
  }
  return new Result();
}

function validateFormat(schema: Schema, value: string, path: string): Result {
  const check = formatChecker(schema.format);
  if (!check || check(value)) return new Result();
  return Result.failure(invalidType(path, schema.format ?? '', value));
}

function limitText(limit: number, value: number): string {
  return Number.isInteger(value) ? String(Math.trunc(limit)) : goFloat(limit);
}

function validateNumber(schema: Schema, value: number, path: string): Result {
  const result = new Result();
  const multiple = new Result();
  const minimum = new Result();
  const maximum = new Result();
  const isInt = Number.isInteger(value);
  if (schema.multipleOf !== undefined) {
    // MultipleOfNativeType: integers against the truncated factor, floats as float64.
    const factor = isInt ? Math.trunc(schema.multipleOf) : schema.multipleOf;
    const quotient = !isInt && factor < 1 ? (1 / factor) * value : value / factor;
    if (factor < 0) {
      multiple.add({
        code: 'MultipleOf',
        name: path,
        message: `factor MultipleOf declared for ${path} must be positive: ${goFloat(factor)}`,
        value: factor,
      });
    } else if (!Number.isInteger(quotient)) {
      multiple.add({
        code: 'MultipleOf',
        name: path,
        message: `${path} in ${IN} should be a multiple of ${goFloat(factor)}`,
        value,
      });
    }
  }
  if (schema.maximum !== undefined) {
    const max = isInt ? Math.trunc(schema.maximum) : schema.maximum;
    const exclusive = schema.exclusiveMaximum === true;
    if ((!exclusive && value > max) || (exclusive && value >= max)) {
      const relation = exclusive ? 'less than' : 'less than or equal to';
      maximum.add({
        code: 'Max',
        name: path,
        message: `${path} in ${IN} should be ${relation} ${limitText(schema.maximum, value)}`,
        value,
      });
    }
  }
  if (schema.minimum !== undefined) {
    const min = isInt ? Math.trunc(schema.minimum) : schema.minimum;
    const exclusive = schema.exclusiveMinimum === true;
    if ((!exclusive && value < min) || (exclusive && value <= min)) {
      const relation = exclusive ? 'greater than' : 'greater than or equal to';
      minimum.add({
        code: 'Min',
        name: path,
        message: `${path} in ${IN} should be ${relation} ${limitText(schema.minimum, value)}`,
        value,
      });
    }
  }
  result.merge(multiple, minimum, maximum);
  result.inc();
  return result;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

function validateSlice(schema: Schema, value: unknown[], path: string): Result {
  const result = new Result();
  const items = itemsSchema(schema);
  if (items) {
    value.forEach((item, index) => {
      result.merge(validateSchema(items, item, `${path}[${index}]`));
    });
  }
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    result.add({
      code: 'MinItems',
      name: path,
      message: `${path} in ${IN} should have at least ${schema.minItems} items`,
      value: value.length,
    });
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    result.add({
      code: 'MaxItems',
      name: path,
      message: `${path} in ${IN} should have at most ${schema.maxItems} items`,
      value: value.length,
      limit: schema.maxItems,
    });
  }
  if (
    schema.uniqueItems &&
    value.some((item, i) => value.slice(0, i).some((seen) => deepEqual(seen, item)))
  ) {
    result.add({ code: 'Unique', name: path, message: `${path} in ${IN} shouldn't contain duplicates` });
  }
  result.inc();
  return result;
}

function validateEnum(schema: Schema, value: unknown, path: string): Result | undefined {
  if (!schema.enum || schema.enum.length === 0) return undefined;
  if (value !== null && value !== undefined && schema.enum.some((allowed) => deepEqual(allowed, value))) {
    return undefined;
  }
  return Result.failure({
    code: 'Enum',
    name: path,
    message: `${path} in ${IN} should be one of ${goValue(schema.enum)}`,
    value,
    values: schema.enum,
  });
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function validateObject(schema: Schema, value: Record<string, unknown>, path: string): Result {
  const keys = Object.keys(value);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    return Result.failure({
      code: 'TooFewProperties',
      name: path,
      message: `${path} in ${IN} should have at least ${schema.minProperties} properties`,
      value: keys.length,
    });
  }
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    return Result.failure({
      code: 'TooManyProperties',
      name: path,
      message: `${path} in ${IN} should have at most ${schema.maxProperties} properties`,
      value: keys.length,
      limit: schema.maxProperties,
    });
  }
  const result = new Result();
  const properties = schema.properties ?? {};
  if (schema.additionalProperties === false) {
    for (const key of keys) {
      if (!(key in properties)) {
        result.add({
          code: 'UnallowedProperty',
          name: path,
          message: `${path}.${key} in ${IN} is a forbidden property`,
          value: key,
        });
      }
    }
  } else {
    const additional = additionalPropertiesSchema(schema);
    if (additional) {
      for (const key of keys) {
        if (!(key in properties)) result.merge(validateSchema(additional, value[key], `${path}.${key}`));
      }
    }
  }
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (name in value) result.merge(validateSchema(propertySchema, value[name], child(path, name)));
  }
  for (const name of schema.required ?? []) {
    if (!(name in value)) {
      result.add({
        code: 'Required',
        name: `${path}.${name}`,
        message: `${path}.${name} in ${IN} is required`,
      });
    }
  }
  return result;
}

function composite(message: string): SchemaError {
  return { code: 'Composite', name: '', message };
}

function validateSchemaProps(schema: Schema, value: unknown, path: string): Result {
  const main = new Result();
  if (schema.anyOf && schema.anyOf.length > 0) {
    let best: Result | undefined;
    let first: Result | undefined;
    let succeeded = false;
    for (const option of schema.anyOf) {
      const result = validateSchema(option, value, path);
      if (result.valid) {
        best = undefined;
        succeeded = true;
        first ??= result;
        break;
      }
      if (!best || result.matchCount > best.matchCount) best = result;
    }
    if (!succeeded) main.add(composite(`${path} must validate at least one schema (anyOf)`));
    if (best) main.merge(best);
    else if (first) main.merge(first);
  }
  if (schema.oneOf && schema.oneOf.length > 0) {
    let best: Result | undefined;
    let first: Result | undefined;
    let validated = 0;
    for (const option of schema.oneOf) {
      const result = validateSchema(option, value, path);
      if (result.valid) {
        validated++;
        best = undefined;
        first ??= result;
        continue;
      }
      if (validated === 0 && (!best || result.matchCount > best.matchCount)) best = result;
    }
    if (validated !== 1) {
      const detail = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      main.add(composite(`${path} must validate one and only one schema (oneOf). ${detail}`));
      if (best) main.merge(best);
    } else if (first) {
      main.merge(first);
    }
  }
  if (schema.allOf && schema.allOf.length > 0) {
    let validated = 0;
    for (const option of schema.allOf) {
      const result = validateSchema(option, value, path);
      if (result.valid) validated++;
      main.merge(result);
    }
    if (validated !== schema.allOf.length) {
      const detail = validated === 0 ? '. None validated' : '';
      main.add(composite(`${path} must validate all the schemas (allOf)${detail}`));
    }
  }
  if (schema.not && validateSchema(schema.not, value, path).valid) {
    main.add(composite(`${path} must not validate the schema (not)`));
  }
  main.inc();
  return main;
}

/** SchemaValidator.Validate: every validator that applies to the value's kind, in upstream order. */
export function validateSchema(schema: Schema, value: unknown, path = ''): Result {
  const result = new Result();
  const hasType = typeNames(schema).length > 0 || Boolean(normalizedFormat(schema.format));
  if (value === null || value === undefined) {
    if (hasType) result.merge(validateType(schema, value, path));
    const enumFailure = validateEnum(schema, value, path);
    if (enumFailure) result.merge(enumFailure);
    return result;
  }
  const type = jsonType(value);
  const step = (partial: Result | undefined) => {
    if (partial) result.merge(partial);
    result.inc();
  };
  if (hasType) step(validateType(schema, value, path));
  step(validateSchemaProps(schema, value, path));
  if (type === 'string') step(validateString(schema, value as string, path));
  if (type === 'string' && formatChecker(schema.format)) step(validateFormat(schema, value as string, path));
  if (type === 'integer' || type === 'number') step(validateNumber(schema, value as number, path));
  if (type === 'array') step(validateSlice(schema, value as unknown[], path));
  step(validateEnum(schema, value, path));
  if (type === 'object') step(validateObject(schema, value as Record<string, unknown>, path));
  result.inc();
  return result;
}

/** Every schema error of `value`, in the order kube-openapi reports them. */
export function schemaErrors(schema: Schema, value: unknown): SchemaError[] {
  return validateSchema(schema, value, '').errors;
}

/**
 * kubeOpenAPIResultToFieldErrors: each schema error as the field error apiextensions reports,
 * under `fieldPath` (empty for a whole object).
 */
export function toFieldErrors(fieldPath: string, errors: readonly SchemaError[]): FieldError[] {
  return errors.map((error) => {
    if (error.code === 'Composite') {
      return { type: 'FieldValueInvalid', field: fieldPath || '<nil>', value: '', detail: error.message };
    }
    const name = error.name.startsWith('.') ? error.name.slice(1) : error.name;
    const field = name === '' ? fieldPath || '<nil>' : fieldPath ? `${fieldPath}.${name}` : name;
    switch (error.code) {
      case 'Required':
        return { type: 'FieldValueRequired', field };
      case 'Enum':
        return {
          type: 'FieldValueNotSupported',
          field,
          value: goBadValue(error.value),
          detail: `supported values: ${(error.values ?? [])
            .map((allowed) => goQuote(typeof allowed === 'string' ? allowed : JSON.stringify(allowed)))
            .join(', ')}`,
        };
      case 'TooLong':
        return { type: 'FieldValueTooLong', field, detail: tooLongDetail(error.limit ?? -1) };
      case 'MaxItems':
      case 'TooManyProperties':
        return {
          type: 'FieldValueTooMany',
          field,
          value: error.value,
          detail: tooManyDetail(error.limit ?? -1),
        };
      case 'InvalidType':
        return {
          type: 'FieldValueTypeInvalid',
          field,
          value: goBadValue(error.value ?? ''),
          detail: error.message,
        };
      default:
        return {
          type: 'FieldValueInvalid',
          field,
          value: goBadValue(error.value ?? ''),
          detail: error.message,
        };
    }
  });
}

/** field.TooLong's detail in 1.32: `may not be more than 63 bytes`. */
function tooLongDetail(max: number): string {
  if (max < 0) return 'value is too long';
  return `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
}

/** field.TooMany's detail: `must have at most 3 items`. */
function tooManyDetail(max: number): string {
  if (max < 0) return 'has too many items';
  return `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
}

/** ValidateCustomResource: the schema errors of a whole object, as field errors. */
export function validateCustomResource(object: unknown, schema: Schema): FieldError[] {
  return toFieldErrors('', schemaErrors(schema, object));
}
