import type { FieldError } from '../errors.ts';
import type { NameRule } from '../resources/resource.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const DNS1123_LABEL_ERROR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_ERROR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1035_LABEL_ERROR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
export const LABEL_VALUE_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
export const QUALIFIED_NAME_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Messages for a name under `rule`; empty when valid (apimachinery's NameIsDNS* validators). */
export function nameProblems(name: string, rule: NameRule): string[] {
  switch (rule) {
    case 'dns-label':
      return [
        ...(name.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(DNS1123_LABEL.test(name) ? [] : [DNS1123_LABEL_ERROR]),
      ];
    case 'dns-1035-label':
      return [
        ...(name.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(DNS1035_LABEL.test(name) ? [] : [DNS1035_LABEL_ERROR]),
      ];
    case 'dns-subdomain':
      return [
        ...(name.length > 253 ? ['must be no more than 253 characters'] : []),
        ...(DNS1123_SUBDOMAIN.test(name) ? [] : [DNS1123_SUBDOMAIN_ERROR]),
      ];
    case 'path-segment':
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      for (const illegal of ['/', '%']) if (name.includes(illegal)) return [`may not contain '${illegal}'`];
      return [];
  }
}

/** Validates metadata.name (or generateName) and the label map of an object's metadata. */
export function validateObjectName(
  name: string | undefined,
  rule: NameRule,
  fieldPath = 'metadata.name',
): FieldError[] {
  if (!name)
    return [{ type: 'FieldValueRequired', field: fieldPath, detail: 'name or generateName is required' }];
  return nameProblems(name, rule).map((detail) => ({
    type: 'FieldValueInvalid',
    field: fieldPath,
    value: name,
    detail,
  }));
}

/** Label keys are qualified names with an optional DNS-subdomain prefix; values are label values. */
export function validateLabels(labels: Record<string, string> | undefined, fieldPath: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errors.push(...validateQualifiedName(key, fieldPath));
    if (value.length > 63) {
      errors.push({
        type: 'FieldValueInvalid',
        field: fieldPath,
        value,
        detail: 'must be no more than 63 characters',
      });
    }
    if (!LABEL_VALUE.test(value))
      errors.push({ type: 'FieldValueInvalid', field: fieldPath, value, detail: LABEL_VALUE_ERROR });
  }
  return errors;
}

function validateQualifiedName(key: string, fieldPath: string): FieldError[] {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const errors: FieldError[] = [];
  if (prefix !== undefined && (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253)) {
    errors.push({
      type: 'FieldValueInvalid',
      field: fieldPath,
      value: key,
      detail: `prefix part ${DNS1123_SUBDOMAIN_ERROR}`,
    });
  }
  if (name.length === 0) {
    errors.push({
      type: 'FieldValueInvalid',
      field: fieldPath,
      value: key,
      detail: 'name part must be non-empty',
    });
  } else if (name.length > 63) {
    errors.push({
      type: 'FieldValueInvalid',
      field: fieldPath,
      value: key,
      detail: 'name part must be no more than 63 characters',
    });
  } else if (!QUALIFIED_NAME_PART.test(name)) {
    errors.push({ type: 'FieldValueInvalid', field: fieldPath, value: key, detail: QUALIFIED_NAME_ERROR });
  }
  return errors;
}
