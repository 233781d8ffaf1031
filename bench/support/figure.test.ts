import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  atLeast,
  below,
  type Figure,
  formatGoal,
  formatNumber,
  isMet,
  missingFigure,
  toRecord,
} from './figure.ts';

const figure = (value: number, goal?: Figure['goal']): Figure => ({
  name: 'x',
  value,
  unit: 'ms',
  ...(goal ? { goal } : {}),
});

describe('isMet', () => {
  const cases: Array<[name: string, figure: Figure, met: boolean | undefined]> = [
    ['under a ceiling', figure(29.9, below(30)), true],
    ['at a ceiling (strictly below is required)', figure(30, below(30)), false],
    ['at a floor', figure(5_000, atLeast(5_000)), true],
    ['under a floor', figure(4_999, atLeast(5_000)), false],
    ['not measured', figure(Number.NaN, below(30)), false],
    ['without a goal', figure(12), undefined],
  ];
  for (const [name, f, met] of cases) it(name, () => assert.equal(isMet(f), met));
});

describe('formatting', () => {
  const numbers: Array<[value: number, text: string]> = [
    [123_456.7, '123,457'],
    [5_000, '5,000'],
    [12.345, '12.3'],
    [0.4344, '0.434'],
    [Number.NaN, 'n/a'],
  ];
  for (const [value, text] of numbers)
    it(`${value} prints as ${text}`, () => assert.equal(formatNumber(value), text));
  it('prints goals with their comparison', () => {
    assert.equal(formatGoal(below(150)), '< 150');
    assert.equal(formatGoal(atLeast(100_000)), '≥ 100,000');
    assert.equal(formatGoal(undefined), '—');
  });
});

describe('toRecord', () => {
  it('keeps exactly name, value, unit, goal and met', () => {
    const record = toRecord({ ...figure(12.34567, below(30)), note: 'n', compare: 'c' });
    assert.deepEqual(record, { name: 'x', value: 12.35, unit: 'ms', goal: '< 30', met: true });
  });
  it('records a figure without a goal with null goal and met', () => {
    assert.deepEqual(toRecord(figure(3)), { name: 'x', value: 3, unit: 'ms', goal: null, met: null });
  });
  it('records a figure that was not measured as not met', () => {
    const record = toRecord(missingFigure('y', 's', below(60), 'ran over'));
    assert.equal(record.met, false);
    assert.equal(JSON.stringify(record.value), 'null');
  });
});
