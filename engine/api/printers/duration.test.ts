import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  humanDuration,
  shortHumanDuration,
  translateTimestampSince,
  translateTimestampUntil,
} from './duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  const cases: Array<[ms: number, expected: string]> = [
    [-2 * s, '<invalid>'],
    [-1.5 * s, '0s'],
    [-999, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + s, '2m1s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 30 * s, '10m'],
    [119 * m, '119m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [2 * y - h, '729d'],
    [2 * y, '2y'],
    [2 * y + 5 * d, '2y5d'],
    [8 * y - h, '7y364d'],
    [8 * y, '8y'],
    [8 * y + 5 * d, '8y'],
  ];
  for (const [ms, expected] of cases) {
    test(`${ms}ms → ${expected}`, () => assert.equal(humanDuration(ms), expected));
  }
});

describe('shortHumanDuration (apimachinery duration.ShortHumanDuration)', () => {
  const cases: Array<[ms: number, expected: string]> = [
    [-2 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [59 * s, '59s'],
    [60 * s, '1m'],
    [59 * m + 59 * s, '59m'],
    [h, '1h'],
    [23 * h + 59 * m, '23h'],
    [24 * h, '1d'],
    [364 * d, '364d'],
    [y, '1y'],
    [800 * d, '2y'],
  ];
  for (const [ms, expected] of cases) {
    test(`${ms}ms → ${expected}`, () => assert.equal(shortHumanDuration(ms), expected));
  }
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const cases: Array<[timestamp: string | undefined | null, expected: string]> = [
    [undefined, '<unknown>'],
    [null, '<unknown>'],
    ['', '<unknown>'],
    ['not a time', '<unknown>'],
    ['2024-05-01T11:59:35Z', '25s'],
    ['2024-05-01T11:55:00Z', '5m'],
    ['2024-04-29T09:00:00Z', '2d3h'],
    ['2024-05-01T11:59:59.123456Z', '0s'],
    ['2024-05-01T12:00:05Z', '<invalid>'],
  ];
  for (const [timestamp, expected] of cases) {
    test(`${timestamp} → ${expected}`, () => assert.equal(translateTimestampSince(timestamp, now), expected));
  }

  test('translateTimestampUntil counts forward', () => {
    assert.equal(translateTimestampUntil('2024-05-01T12:03:00Z', now), '3m');
    assert.equal(translateTimestampUntil(undefined, now), '<unknown>');
  });
});
