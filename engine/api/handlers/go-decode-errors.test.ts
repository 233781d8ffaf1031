import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findKindTypeError, goJsonSyntaxError, goYamlError, summarizeBody } from './go-decode-errors.ts';

describe('goJsonSyntaxError (encoding/json scanner messages)', () => {
  const cases: [string, string | undefined][] = [
    ['{"a":[1,{"b":null}],"c":"\\u00e9"}', undefined],
    ['', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e', "invalid character 'e' after decimal point in numeric literal"],
    ['1e+', 'unexpected end of JSON input'],
    ['"a\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected ?? 'valid'}`, () => {
      assert.equal(goJsonSyntaxError(Buffer.from(input)), expected);
    });
  }
});

describe('the apiVersion/kind probe', () => {
  const type =
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  const cases: [unknown, string | undefined][] = [
    [{ apiVersion: 'v1', kind: 'Pod' }, undefined],
    [null, undefined],
    [[1], `json: cannot unmarshal array into Go value of type ${type}`],
    ['x', `json: cannot unmarshal string into Go value of type ${type}`],
    [true, `json: cannot unmarshal bool into Go value of type ${type}`],
    [{ apiVersion: 1 }, 'json: cannot unmarshal number into Go struct field .apiVersion of type string'],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} → ${expected ?? 'fits'}`, () =>
      assert.equal(findKindTypeError(value), expected));
  }
});

describe('summarizeBody (apiserver summarizeData)', () => {
  it('keeps JSON objects as text and shows anything else in hex, 30 bytes at most', () => {
    assert.equal(summarizeBody(Buffer.from('{"a":1}')), '{"a":1}');
    assert.equal(summarizeBody(Buffer.from(`{"a":"${'x'.repeat(40)}"}`)), `{"a":"${'x'.repeat(24)} ...`);
    assert.equal(summarizeBody(Buffer.from('a: b')), '613a2062');
    assert.equal(summarizeBody(new Uint8Array()), '<empty>');
  });
});

describe('goYamlError', () => {
  const text = 'a: b\nc: d: e\n';
  it('reports a second mapping value on the line of its colon', () => {
    assert.equal(
      goYamlError(text, { code: 'BLOCK_AS_IMPLICIT_KEY', message: '', line: 2, offset: 8 }),
      'yaml: line 2: mapping values are not allowed in this context',
    );
  });
  it('accepts duplicate keys as go-yaml v2 does', () => {
    assert.equal(
      goYamlError('a: 1\na: 2\n', { code: 'DUPLICATE_KEY', message: '', line: 2, offset: 5 }),
      undefined,
    );
  });
});
