/**
 * Validation of a CRD version's openAPIV3Schema, after apiextensions-apiserver
 * apis/apiextensions/validation (validateCustomResourceDefinitionValidation,
 * ValidateCustomResourceDefinitionOpenAPISchema), apiserver/schema/validation.go
 * (ValidateStructural) and apiserver/schema/defaulting/validation.go (ValidateDefaults).
 */
import { type FieldError, fieldErrorBody, GoFormattedValue } from '../errors.ts';
import { goQuote } from '../selectors/go-quote.ts';
import { goBadValue } from './go-format.ts';
import { additionalPropertiesSchema, isJsonObject, itemsSchema, type Schema } from './schema.ts';
import { compileSchemaPattern } from './schema-pattern.ts';
import { schemaErrors, toFieldErrors } from './schema-validation.ts';
import { pruneValue } from './structural-pruning.ts';

type Level = 'root' | 'item' | 'field';

const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

/** The JSONSchemaProps fields allowed at the root when the status subresource is enabled. */
const ALLOWED_AT_ROOT_WITH_STATUS = [
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
];
/** The same list as the Go struct field names upstream prints it. */
const ALLOWED_AT_ROOT_GO_NAMES =
  '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';

const INT_OR_STRING_ANY_OF = JSON.stringify([{ type: 'integer' }, { type: 'string' }]);

const key = (path: string, name: string) => `${path}[${name}]`;

function required(field: string, detail?: string): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}
function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}
function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

function isIntOrStringAnyOf(schemas: Schema[] | undefined): boolean {
  return Array.isArray(schemas) && schemas.length === 2 && JSON.stringify(schemas) === INT_OR_STRING_ANY_OF;
}

// ---- structural invariants (schema/validation.go) ----

function validateNested(
  schema: Schema | undefined,
  skipAnyOf: boolean,
  level: Level,
  path: string,
  out: FieldError[],
) {
  if (!schema) return;
  validateValueValidation(schema, skipAnyOf, false, level, path, out);
  validateNested(itemsSchema(schema), false, level, `${path}.items`, out);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    validateNested(property, false, 'field', `${path}.${key('properties', name)}`, out);
  }
  if (schema.type) out.push(forbidden(`${path}.type`, 'must be empty to be structural'));
  if (schema.additionalProperties !== undefined) {
    out.push(forbidden(`${path}.additionalProperties`, 'must be undefined to be structural'));
  }
  if (schema.default !== undefined)
    out.push(forbidden(`${path}.default`, 'must be undefined to be structural'));
  if (schema.title) out.push(forbidden(`${path}.title`, 'must be empty to be structural'));
  if (schema.description) out.push(forbidden(`${path}.description`, 'must be empty to be structural'));
  if (schema.nullable) out.push(forbidden(`${path}.nullable`, 'must be false to be structural'));
  const extensions: Array<[keyof Schema, string]> = [
    ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
    ['x-kubernetes-embedded-resource', 'must be false to be structural'],
    ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ];
  for (const [name, detail] of extensions)
    if (schema[name] === true) out.push(forbidden(`${path}.${name}`, detail));
  if ((schema['x-kubernetes-list-map-keys'] ?? []).length > 0) {
    out.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must be empty to be structural'));
  }
  if (schema['x-kubernetes-list-type'] !== undefined) {
    out.push(forbidden(`${path}.x-kubernetes-list-type`, 'must be undefined to be structural'));
  }
  if (schema['x-kubernetes-map-type'] !== undefined) {
    out.push(forbidden(`${path}.x-kubernetes-map-type`, 'must be undefined to be structural'));
  }
  if ((schema['x-kubernetes-validations'] ?? []).length > 0) {
    out.push(forbidden(`${path}.x-kubernetes-validations`, 'must be empty to be structural'));
  }
  if (schema.properties && 'metadata' in schema.properties) {
    out.push(
      forbidden(`${path}.${key('properties', 'metadata')}`, 'must not be specified in a nested context'),
    );
  }
}

function validateValueValidation(
  schema: Schema,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  level: Level,
  path: string,
  out: FieldError[],
): void {
  if (!skipAnyOf) {
    (schema.anyOf ?? []).forEach((nested, i) => {
      validateNested(nested, false, level, `${path}.anyOf[${i}]`, out);
    });
  }
  (schema.allOf ?? []).forEach((nested, i) => {
    validateNested(nested, skipFirstAllOfAnyOf && i === 0, level, `${path}.allOf[${i}]`, out);
  });
  (schema.oneOf ?? []).forEach((nested, i) => {
    validateNested(nested, false, level, `${path}.oneOf[${i}]`, out);
  });
  validateNested(schema.not, false, level, `${path}.not`, out);
  if (schema.pattern) {
    const { error } = compileSchemaPattern(schema.pattern);
    if (error) {
      out.push(
        invalid(`${path}.pattern`, schema.pattern, `must be a valid regular expression, but isn't: ${error}`),
      );
    }
  }
}

function validateInvariants(schema: Schema | undefined, level: Level, path: string, out: FieldError[]): void {
  if (!schema) return;
  if (schema.type === 'array' && !itemsSchema(schema))
    out.push(required(`${path}.items`, 'must be specified'));
  validateInvariants(itemsSchema(schema), 'item', `${path}.items`, out);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    validateInvariants(property, 'field', `${path}.${key('properties', name)}`, out);
  }
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    if (level === 'root') out.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    validateInvariants(additionalPropertiesSchema(schema), 'field', `${path}.additionalProperties`, out);
  }
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve) {
    out.push(
      invalid(
        `${path}.x-kubernetes-preserve-unknown-fields`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    out.push(
      invalid(
        `${path}.x-kubernetes-embedded-resource`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  const skipAnyOf = isIntOrStringAnyOf(schema.anyOf);
  const skipFirstAllOfAnyOf = isIntOrStringAnyOf(schema.allOf?.[0]?.anyOf);
  validateValueValidation(schema, skipAnyOf, skipFirstAllOfAnyOf, level, path, out);
  const type = schema.type ?? '';
  if (embedded && type !== 'object') {
    if (type === '')
      out.push(required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
    else out.push(invalid(`${path}.type`, type, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (type === '' && !intOrString && !preserve) {
    const detail =
      level === 'root'
        ? 'must not be empty at the root'
        : level === 'item'
          ? 'must not be empty for specified array items'
          : 'must not be empty for specified object fields';
    out.push(required(`${path}.type`, detail));
  }
  if (embedded && schema.additionalProperties !== undefined) {
    out.push(
      forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'),
    );
  }
  if (level === 'root' && type !== '' && type !== 'object') {
    out.push(invalid(`${path}.type`, type, 'must be object at the root'));
  }
  const checkMetadata = level === 'root' || embedded;
  for (const field of ['kind', 'apiVersion'] as const) {
    const property = schema.properties?.[field];
    if (property && checkMetadata && property.type !== 'string') {
      out.push(invalid(`${path}.${key('properties', field)}.type`, property.type ?? '', 'must be string'));
    }
  }
  const metadata = schema.properties?.metadata;
  if (metadata) {
    const metadataPath = `${path}.${key('properties', 'metadata')}`;
    if (checkMetadata && metadata.type !== 'object') {
      out.push(invalid(`${metadataPath}.type`, metadata.type ?? '', 'must be object'));
    }
    if (level === 'root') {
      const { type: _type, default: _default, properties, ...rest } = metadata;
      const names = Object.keys(properties ?? {});
      const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
      if (!onlyNames || Object.keys(rest).length > 0) {
        out.push(
          forbidden(
            metadataPath,
            'must not specify anything other than name and generateName, but metadata is implicitly specified',
          ),
        );
      }
    }
  }
  if (embedded && !preserve && Object.keys(schema.properties ?? {}).length === 0) {
    out.push(
      required(
        `${path}.properties`,
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

/** ValidateStructural: the errors, sorted by their text as upstream sorts them. */
export function validateStructural(path: string, schema: Schema): FieldError[] {
  const out: FieldError[] = [];
  validateInvariants(schema, 'root', path, out);
  const text = (e: FieldError) => `${e.field}: ${fieldErrorBody(e)}`;
  return out.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

// ---- defaults (defaulting/validation.go) ----

function validateDefaults(
  schema: Schema | undefined,
  path: string,
  isRoot: boolean,
  insideMeta: boolean,
  out: FieldError[],
): void {
  if (!schema) return;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const meta = embedded ? false : insideMeta;
  if (schema.default !== undefined && !meta) {
    const pruned = structuredClone(schema.default);
    pruneValue(pruned, schema);
    if (JSON.stringify(pruned) !== JSON.stringify(schema.default)) {
      out.push(invalid(`${path}.default`, goBadValue(schema.default), 'must not have unknown fields'));
    } else {
      out.push(...toFieldErrors(`${path}.default`, schemaErrors(schema, schema.default)));
    }
  }
  validateDefaults(itemsSchema(schema), `${path}.items`, false, meta, out);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const childMeta = (isRoot || embedded) && META_FIELDS.has(name) ? true : meta;
    validateDefaults(property, `${path}.${key('properties', name)}`, false, childMeta, out);
  }
}

// ---- OpenAPI v3 rules (ValidateCustomResourceDefinitionOpenAPISchema, specStandardValidatorV3) ----

interface OpenApiOptions {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
}

function validateStandard(schema: Schema, path: string, options: OpenApiOptions, out: FieldError[]): void {
  if (schema.type && !OPENAPI_V3_TYPES.includes(schema.type)) {
    out.push({
      type: 'FieldValueNotSupported',
      field: `${path}.type`,
      value: schema.type,
      detail: `supported values: ${OPENAPI_V3_TYPES.map((t) => JSON.stringify(t)).join(', ')}`,
    });
  }
  if (schema.default !== undefined && !options.allowDefaults) {
    const reason = options.disallowDefaultsReason ? ` ${options.disallowDefaultsReason}` : '';
    out.push(forbidden(`${path}.default`, `must not be set${reason}`));
  }
  if (schema.id) out.push(forbidden(`${path}.id`, 'id is not supported'));
  if (schema.additionalItems !== undefined)
    out.push(forbidden(`${path}.additionalItems`, 'additionalItems is not supported'));
  if (isJsonObject(schema.patternProperties) && Object.keys(schema.patternProperties).length > 0) {
    out.push(forbidden(`${path}.patternProperties`, 'patternProperties is not supported'));
  }
  if (isJsonObject(schema.definitions) && Object.keys(schema.definitions).length > 0) {
    out.push(forbidden(`${path}.definitions`, 'definitions is not supported'));
  }
  if (schema.dependencies !== undefined)
    out.push(forbidden(`${path}.dependencies`, 'dependencies is not supported'));
  if (schema.$ref !== undefined) out.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (schema.type === 'null')
    out.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(schema.items) && schema.items.length > 0) {
    out.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  }
  if (options.insideResourceMeta && schema['x-kubernetes-embedded-resource'] === true) {
    out.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  }
}

function validateOpenApiSchema(
  schema: Schema | undefined,
  path: string,
  options: OpenApiOptions,
  isRoot: boolean,
  out: FieldError[],
): void {
  if (!schema) return;
  validateStandard(schema, path, options, out);
  if (schema.uniqueItems === true) {
    out.push(
      forbidden(
        `${path}.uniqueItems`,
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  const hasProperties = Object.keys(schema.properties ?? {}).length > 0;
  if (schema.additionalProperties !== undefined) {
    if (
      hasProperties &&
      (schema.additionalProperties === false || isJsonObject(schema.additionalProperties))
    ) {
      out.push(
        forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'),
      );
    }
    const sub = options.insideResourceMeta
      ? {
          ...options,
          allowDefaults: false,
          disallowDefaultsReason: 'inside additionalProperties applying to object metadata',
        }
      : options;
    validateOpenApiSchema(
      additionalPropertiesSchema(schema),
      `${path}.additionalProperties`,
      sub,
      false,
      out,
    );
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    let sub = options;
    if ((isRoot || schema['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${name}` };
    }
    validateOpenApiSchema(property, `${path}.${key('properties', name)}`, sub, false, out);
  }
  validateOpenApiSchema(schema.not, `${path}.not`, options, false, out);
  for (const [junctor, list] of [
    ['allOf', schema.allOf],
    ['oneOf', schema.oneOf],
    ['anyOf', schema.anyOf],
  ] as const) {
    (list ?? []).forEach((nested, i) => {
      validateOpenApiSchema(nested, `${path}.${junctor}[${i}]`, options, false, out);
    });
  }
  validateOpenApiSchema(itemsSchema(schema), `${path}.items`, options, false, out);
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  }
  const mapType = schema['x-kubernetes-map-type'];
  if (mapType !== undefined && schema.type !== 'object') {
    if (!schema.type)
      out.push(required(`${path}.type`, 'must be object if x-kubernetes-map-type is specified'));
    else
      out.push(invalid(`${path}.type`, schema.type, 'must be object if x-kubernetes-map-type is specified'));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    out.push({
      type: 'FieldValueNotSupported',
      field: `${path}.x-kubernetes-map-type`,
      value: mapType,
      detail: 'supported values: "atomic", "granular"',
    });
  }
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== undefined && schema.type !== 'array') {
    if (!schema.type)
      out.push(required(`${path}.type`, 'must be array if x-kubernetes-list-type is specified'));
    else
      out.push(invalid(`${path}.type`, schema.type, 'must be array if x-kubernetes-list-type is specified'));
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    out.push({
      type: 'FieldValueNotSupported',
      field: `${path}.x-kubernetes-list-type`,
      value: listType,
      detail: 'supported values: "atomic", "set", "map"',
    });
  }
  const mapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (mapKeys.length > 0) {
    if (listType === undefined) {
      out.push(
        required(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'),
      );
    } else if (listType !== 'map') {
      out.push(
        invalid(
          `${path}.x-kubernetes-list-type`,
          listType,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    }
  }
  if (listType === 'map') {
    const items = itemsSchema(schema);
    if (mapKeys.length === 0) {
      out.push(
        required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'),
      );
    }
    if (!items) out.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    else if (items.type !== 'object') {
      out.push(
        invalid(
          `${path}.items.type`,
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    } else {
      for (const mapKey of mapKeys) {
        if (!(mapKey in (items.properties ?? {}))) {
          out.push(
            invalid(
              `${path}.x-kubernetes-list-map-keys`,
              goBadValueOfStrings(mapKeys),
              'entries must all be names of item properties',
            ),
          );
        }
      }
    }
  }
}

/** A []string bad value as `%#v` prints it: `[]string{"a", "b"}`. */
function goBadValueOfStrings(values: string[]): GoFormattedValue {
  return new GoFormattedValue(`[]string{${values.map((v) => goQuote(v)).join(', ')}}`);
}

/**
 * validateCustomResourceDefinitionValidation for one schema (`spec.validation` or a version's
 * `schema`) at `path`.
 */
export function validateSchemaDefinition(
  schema: Schema | undefined,
  statusEnabled: boolean,
  path: string,
): FieldError[] {
  const out: FieldError[] = [];
  if (!schema) return out;
  const schemaPath = `${path}.openAPIV3Schema`;
  if (statusEnabled) {
    for (const [field, value] of Object.entries(schema)) {
      if (value === undefined || value === null || value === false || value === '') continue;
      if (Array.isArray(value) && value.length === 0) continue;
      if (field === 'type') {
        if (schema.type !== 'object') {
          out.push(
            invalid(
              `${schemaPath}.type`,
              schema.type,
              'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
            ),
          );
          break;
        }
        continue;
      }
      if (!ALLOWED_AT_ROOT_WITH_STATUS.includes(field)) {
        out.push(
          invalid(
            schemaPath,
            goBadValue(schema),
            `only ${ALLOWED_AT_ROOT_GO_NAMES} fields are allowed at the root of the schema if the status subresource is enabled`,
          ),
        );
        break;
      }
    }
  }
  if (schema.nullable === true)
    out.push(forbidden(`${schemaPath}.nullable`, 'nullable cannot be true at the root'));
  const structural = validateStructural(schemaPath, schema);
  if (structural.length > 0) out.push(...structural);
  else validateDefaults(schema, schemaPath, true, false, out);
  validateOpenApiSchema(
    schema,
    schemaPath,
    { allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false },
    true,
    out,
  );
  return out;
}
