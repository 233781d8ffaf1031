import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBinarySize, parseDuration, parseQuantity, parseSeconds } from './units.ts';

describe('units', () => {
  const table: Array<[string, (s: string) => number | undefined, string, number | undefined]> = [
    ['quantity', parseQuantity, '100Mi', 104_857_600],
    ['quantity', parseQuantity, '1G', 1e9],
    ['quantity', parseQuantity, '512Ki', 524_288],
    ['quantity', parseQuantity, '1.5Gi', 1.5 * 2 ** 30],
    ['quantity', parseQuantity, '250m', 0.25],
    ['quantity', parseQuantity, '1e3', 1000],
    ['quantity', parseQuantity, '12', 12],
    ['quantity', parseQuantity, 'lots', undefined],
    ['binary size', parseBinarySize, '250M', 250 * 2 ** 20],
    ['binary size', parseBinarySize, '1G', 2 ** 30],
    ['binary size', parseBinarySize, '128k', 131_072],
    ['binary size', parseBinarySize, '4096', 4096],
    ['binary size', parseBinarySize, '1Mi', undefined],
    ['duration', parseDuration, '500ms', 500],
    ['duration', parseDuration, '1m30s', 90_000],
    ['duration', parseDuration, '1.5s', 1500],
    ['duration', parseDuration, '10', undefined],
    ['seconds', parseSeconds, '10', 10_000],
    ['seconds', parseSeconds, '10s', 10_000],
    ['seconds', parseSeconds, '2m', 120_000],
    ['seconds', parseSeconds, '0.5', 500],
    ['seconds', parseSeconds, '1d', 86_400_000],
    ['seconds', parseSeconds, 'soon', undefined],
  ];
  for (const [kind, parse, text, expected] of table) {
    it(`${kind} ${text}`, () => assert.equal(parse(text), expected));
  }
});
