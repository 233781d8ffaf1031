import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, percentile, perSecond, roundSignificant, sample, summarize } from './measure.ts';

describe('percentile (nearest rank)', () => {
  const samples = [15, 20, 35, 40, 50];
  const cases: Array<[p: number, expected: number]> = [
    [0, 15],
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [99, 50],
    [100, 50],
  ];
  for (const [p, expected] of cases) {
    it(`p${p} of ${samples.join(', ')} is ${expected}`, () => assert.equal(percentile(samples, p), expected));
  }
  it('p99 of 1..100 is 99 whatever the input order', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(values, 99), 99);
  });
  it('refuses no samples and out-of-range percentiles', () => {
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
  });
});

describe('median', () => {
  const cases: Array<[samples: number[], expected: number]> = [
    [[3], 3],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1000], 10],
  ];
  for (const [samples, expected] of cases) {
    it(`of ${samples.join(', ')} is ${expected}`, () => assert.equal(median(samples), expected));
  }
});

describe('summarize', () => {
  it('gives count, min, median, p50, p99 and max', () => {
    assert.deepEqual(summarize([5, 1, 4, 2, 3]), { count: 5, min: 1, median: 3, p50: 3, p99: 5, max: 5 });
  });
});

describe('roundSignificant', () => {
  const cases: Array<[value: number, digits: number, expected: number]> = [
    [123_456.7, 3, 123_457],
    [12.3456, 3, 12.3],
    [0.0012345, 3, 0.00123],
    [-45.678, 2, -46],
    [0, 3, 0],
  ];
  for (const [value, digits, expected] of cases) {
    it(`${value} to ${digits} digits is ${expected}`, () =>
      assert.equal(roundSignificant(value, digits), expected));
  }
});

describe('perSecond', () => {
  it('turns a count over milliseconds into a rate', () => assert.equal(perSecond(500, 250), 2000));
  it('is infinite for no elapsed time', () => assert.equal(perSecond(1, 0), Number.POSITIVE_INFINITY));
});

describe('sample', () => {
  it('runs the warm-up runs first and times only the measured ones', async () => {
    const runs: number[] = [];
    const times = await sample({ warmUp: 2, runs: 3 }, (run) => {
      runs.push(run);
    });
    assert.deepEqual(runs, [-1, -2, 0, 1, 2]);
    assert.equal(times.length, 3);
    assert.ok(times.every((t) => t >= 0));
  });
});
