import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorBody } from '../errors.ts';
import type { Schema } from './schema.ts';
import { validateCustomResource } from './schema-validation.ts';

const render = (schema: Schema, value: unknown) =>
  validateCustomResource(value, schema).map((e) => `${e.field}: ${fieldErrorBody(e)}`);

const spec = (properties: Record<string, Schema>, extra: Schema = {}): Schema => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, ...extra } },
});

describe('validateCustomResource: kube-openapi errors in field-error form', () => {
  const cases: Array<{ name: string; schema: Schema; value: unknown; errors: string[] }> = [
    {
      name: 'type mismatch names the received type',
      schema: spec({ replicas: { type: 'integer' } }),
      value: { spec: { replicas: 'string' } },
      errors: [
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
    },
    {
      name: 'an object where a string is expected',
      schema: spec({ image: { type: 'string' } }),
      value: { spec: { image: { name: 'x' } } },
      errors: ['spec.image: Invalid value: "object": spec.image in body must be of type string: "object"'],
    },
    {
      name: 'a float where an integer is expected',
      schema: spec({ replicas: { type: 'integer' } }),
      value: { spec: { replicas: 1.5 } },
      errors: [
        'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      ],
    },
    {
      name: 'integers are numbers',
      schema: spec({ ratio: { type: 'number' } }),
      value: { spec: { ratio: 2 } },
      errors: [],
    },
    {
      name: 'required fields',
      schema: spec(
        { cronSpec: { type: 'string' }, image: { type: 'string' } },
        { required: ['cronSpec', 'image'] },
      ),
      value: { spec: { image: 'x' } },
      errors: ['spec.cronSpec: Required value'],
    },
    {
      name: 'required at the root',
      schema: { type: 'object', required: ['spec'], properties: { spec: { type: 'object' } } },
      value: {},
      errors: ['spec: Required value'],
    },
    {
      name: 'enum of strings',
      schema: spec({ color: { type: 'string', enum: ['red', 'blue'] } }),
      value: { spec: { color: 'green' } },
      errors: ['spec.color: Unsupported value: "green": supported values: "red", "blue"'],
    },
    {
      name: 'enum of integers',
      schema: spec({ size: { type: 'integer', enum: [1, 2] } }),
      value: { spec: { size: 3 } },
      errors: ['spec.size: Unsupported value: 3: supported values: "1", "2"'],
    },
    {
      name: 'minimum and maximum',
      schema: spec({ replicas: { type: 'integer', minimum: 1, maximum: 10 } }),
      value: { spec: { replicas: 0 } },
      errors: ['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1'],
    },
    {
      name: 'exclusive maximum',
      schema: spec({ replicas: { type: 'integer', maximum: 10, exclusiveMaximum: true } }),
      value: { spec: { replicas: 10 } },
      errors: ['spec.replicas: Invalid value: 10: spec.replicas in body should be less than 10'],
    },
    {
      name: 'float bounds print as Go floats',
      schema: spec({ ratio: { type: 'number', maximum: 0.5 } }),
      value: { spec: { ratio: 0.75 } },
      errors: ['spec.ratio: Invalid value: 0.75: spec.ratio in body should be less than or equal to 0.5'],
    },
    {
      name: 'multipleOf',
      schema: spec({ step: { type: 'integer', multipleOf: 5 } }),
      value: { spec: { step: 12 } },
      errors: ['spec.step: Invalid value: 12: spec.step in body should be a multiple of 5'],
    },
    {
      name: 'pattern',
      schema: spec({
        cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
      }),
      value: { spec: { cronSpec: 'every minute' } },
      errors: [
        'spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match \'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$\'',
      ],
    },
    {
      name: 'maxLength is reported as field.TooLong',
      schema: spec({ name: { type: 'string', maxLength: 5 } }),
      value: { spec: { name: 'abcdefg' } },
      errors: ['spec.name: Too long: may not be more than 5 bytes'],
    },
    {
      name: 'minLength',
      schema: spec({ name: { type: 'string', minLength: 3 } }),
      value: { spec: { name: 'ab' } },
      errors: ['spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long'],
    },
    {
      name: 'maxItems is reported as field.TooMany',
      schema: spec({ ports: { type: 'array', maxItems: 2, items: { type: 'integer' } } }),
      value: { spec: { ports: [1, 2, 3] } },
      errors: ['spec.ports: Too many: 3: must have at most 2 items'],
    },
    {
      name: 'minItems',
      schema: spec({ ports: { type: 'array', minItems: 1, items: { type: 'integer' } } }),
      value: { spec: { ports: [] } },
      errors: ['spec.ports: Invalid value: 0: spec.ports in body should have at least 1 items'],
    },
    {
      name: 'array items carry their index',
      schema: spec({
        ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } },
      }),
      value: { spec: { ports: [{ port: 80 }, { port: 'http' }] } },
      errors: [
        'spec.ports[1].port: Invalid value: "string": spec.ports[1].port in body must be of type integer: "string"',
      ],
    },
    {
      name: 'additionalProperties values',
      schema: spec({ limits: { type: 'object', additionalProperties: { type: 'integer' } } }),
      value: { spec: { limits: { cpu: 'lots' } } },
      errors: [
        'spec.limits.cpu: Invalid value: "string": spec.limits.cpu in body must be of type integer: "string"',
      ],
    },
    {
      name: 'int-or-string',
      schema: spec({ port: { 'x-kubernetes-int-or-string': true } }),
      value: { spec: { port: true } },
      errors: [
        'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      ],
    },
    {
      name: 'nullable accepts null',
      schema: spec({ note: { type: 'string', nullable: true } }),
      value: { spec: { note: null } },
      errors: [],
    },
    {
      name: 'known formats are checked',
      schema: spec({ when: { type: 'string', format: 'date-time' } }),
      value: { spec: { when: 'yesterday' } },
      errors: [
        'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
      ],
    },
    {
      name: 'unknown formats are not',
      schema: spec({ count: { type: 'string', format: 'int-or-anything' } }),
      value: { spec: { count: 'x' } },
      errors: [],
    },
    {
      name: 'anyOf failures name no field',
      schema: spec({ value: { anyOf: [{ type: 'integer' }, { type: 'string' }] } }),
      value: { spec: { value: true } },
      errors: [
        '<nil>: Invalid value: "": spec.value must validate at least one schema (anyOf)',
        'spec.value: Invalid value: "boolean": spec.value in body must be of type integer: "boolean"',
      ],
    },
    {
      name: 'several errors keep schema order',
      schema: spec({ cronSpec: { type: 'string' }, replicas: { type: 'integer' } }),
      value: { spec: { cronSpec: 5, replicas: 'x' } },
      errors: [
        'spec.cronSpec: Invalid value: "integer": spec.cronSpec in body must be of type string: "integer"',
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
    },
  ];
  for (const { name, schema, value, errors } of cases) {
    it(name, () => {
      assert.deepEqual(render(schema, value), errors);
    });
  }
});
