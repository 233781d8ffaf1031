/**
 * Unknown-field detection for `?fieldValidation=Strict|Warn`, against the generated schemas. kubectl 1.32
 * leaves validation to the server whenever the OpenAPI v3 PATCH operation of a kind lists the
 * `fieldValidation` parameter (which the documents here do), so this is what rejects `spec.foo` typos.
 */
import { generatedSchemas } from './openapi.ts';
import type { Json, JsonSchema } from './schema-generator.ts';
import { schemaPackage, splitGroupVersion } from './served-resources.ts';

const SCHEMA_REF = '#/components/schemas/';

/** One entry of a strict decoding error (k8s.io/apimachinery runtime.NewStrictDecodingError). */
export function unknownFieldMessage(path: string): string {
  return `unknown field "${path}"`;
}

/**
 * The BadRequest message kube-apiserver gives a create or update whose body has unknown fields under
 * `fieldValidation=Strict`: `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"`.
 */
export function strictDecodingErrorMessage(
  apiVersion: string,
  kind: string,
  unknownFields: readonly string[],
): string {
  const { version } = splitGroupVersion(apiVersion);
  const details = unknownFields.map(unknownFieldMessage).join(', ');
  return `${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${details}`;
}

/** The `Warning` header value for one unknown field under `fieldValidation=Warn`. */
export function unknownFieldWarning(path: string): string {
  return `299 - ${JSON.stringify(unknownFieldMessage(path))}`;
}

function resolve(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  let current = schema;
  for (;;) {
    const target = current.$ref;
    const allOf = current.allOf;
    if (typeof target === 'string' && target.startsWith(SCHEMA_REF)) {
      const next = schemas[target.slice(SCHEMA_REF.length)];
      if (!next) return {};
      current = next;
    } else if (
      Array.isArray(allOf) &&
      allOf.length === 1 &&
      typeof allOf[0] === 'object' &&
      allOf[0] !== null
    ) {
      current = allOf[0] as JsonSchema;
    } else {
      return current;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(
  value: unknown,
  schema: JsonSchema,
  path: string,
  schemas: Readonly<Record<string, JsonSchema>>,
  found: string[],
): void {
  const resolved = resolve(schema, schemas);
  const properties = resolved.properties;
  const additional = resolved.additionalProperties;
  const items = resolved.items;
  const child = (key: string): string => (path === '' ? key : `${path}.${key}`);
  if (Array.isArray(value)) {
    if (isObject(items as unknown)) {
      value.forEach((item, index) => {
        collect(item, items as JsonSchema, `${path}[${index}]`, schemas, found);
      });
    }
  } else if (isObject(value)) {
    if (isObject(properties as unknown)) {
      const known = properties as Record<string, Json>;
      for (const [key, nested] of Object.entries(value)) {
        const fieldSchema = known[key];
        if (fieldSchema === undefined) found.push(child(key));
        else if (isObject(fieldSchema))
          collect(nested, fieldSchema as JsonSchema, child(key), schemas, found);
      }
    } else if (isObject(additional as unknown)) {
      for (const [key, nested] of Object.entries(value)) {
        collect(nested, additional as JsonSchema, child(key), schemas, found);
      }
    }
  }
}

/**
 * The fields of `object` that its kind's schema does not declare, in document order, written as the
 * strict JSON decoder does (`spec.foo`, `spec.containers[0].bar`); undefined when `apiVersion`/`kind`
 * has no generated schema.
 */
export function findUnknownFields(object: unknown, apiVersion: string, kind: string): string[] | undefined {
  const schemas = generatedSchemas();
  const schema = schemas[`${schemaPackage(apiVersion)}.${kind}`];
  if (!schema) return undefined;
  const found: string[] = [];
  collect(object, schema, '', schemas, found);
  return found;
}

/** What a request asks the server to do with unknown fields (`?fieldValidation=`). */
export type FieldValidationDirective = 'Ignore' | 'Warn' | 'Strict';

/** The values kube-apiserver accepts, as its NotSupported error lists them (sorted, "" first). */
export const SUPPORTED_FIELD_VALIDATION_VALUES = ['', 'Ignore', 'Strict', 'Warn'] as const;

/**
 * The directive of a request: absent or empty means Warn, the kube-apiserver default since 1.27
 * (apiserver pkg/endpoints/handlers/rest.go, fieldValidation). Anything else is undefined, which
 * the caller reports as an invalid Create/Update/PatchOptions.
 */
export function fieldValidationDirective(value: string | null): FieldValidationDirective | undefined {
  if (value === null || value === '') return 'Warn';
  return value === 'Ignore' || value === 'Warn' || value === 'Strict' ? value : undefined;
}

/**
 * A JSON value as Go's `fmt.Sprintf("%+v", v)` prints the `map[string]interface{}` a patch decodes into:
 * `map[spec:map[foo:1]]`, keys sorted, slices as `[a b]`, null as `<nil>`.
 */
export function goFormatValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormatValue).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `map[${entries.map(([key, child]) => `${key}:${goFormatValue(child)}`).join(' ')}]`;
  }
  return String(value);
}
