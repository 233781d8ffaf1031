import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import {
  formatLabelSelector,
  formatLabels,
  joinHostPort,
  labelSelectorString,
  listWithMoreString,
} from './format.ts';

describe('formatLabels (labels.FormatLabels)', () => {
  const cases: Array<[labels: Record<string, string> | undefined, expected: string]> = [
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ app: 'web' }, 'app=web'],
    // Sorted as whole `k=v` strings, so `a.b=2` ('.' < '=') comes before `a=1`.
    [{ a: '1', 'a.b': '2', z: '' }, 'a.b=2,a=1,z='],
  ];
  for (const [labels, expected] of cases) {
    test(expected, () => assert.equal(formatLabels(labels), expected));
  }
});

describe('formatLabelSelector (metav1.FormatLabelSelector)', () => {
  const cases: Array<[selector: LabelSelector | undefined, expected: string]> = [
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { app: 'web' } }, 'app=web'],
    [
      {
        matchLabels: { tier: 'db' },
        matchExpressions: [
          { key: 'env', operator: 'NotIn', values: ['qa', 'dev'] },
          { key: 'app', operator: 'Exists' },
        ],
      },
      'app,env notin (dev,qa),tier=db',
    ],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, 'env in (prod)'],
    [{ matchExpressions: [{ key: 'env', operator: 'Gt', values: ['1'] }] }, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: [] }] }, '<error>'],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] }, '<error>'],
  ];
  for (const [selector, expected] of cases) {
    test(expected, () => assert.equal(formatLabelSelector(selector), expected));
  }

  test('labelSelectorString keeps the empty string and reports invalid selectors', () => {
    assert.equal(labelSelectorString(undefined), '');
    assert.equal(labelSelectorString({ matchExpressions: [{ key: 'k', operator: 'Bogus' }] }), undefined);
  });
});

describe('list helpers', () => {
  test('joinHostPort brackets IPv6', () => {
    assert.equal(joinHostPort('10.0.0.1', 80), '10.0.0.1:80');
    assert.equal(joinHostPort('fd00::1', 80), '[fd00::1]:80');
  });
  test('listWithMoreString', () => {
    assert.equal(listWithMoreString([], false, 0, 3), '<unset>');
    assert.equal(listWithMoreString(['a', 'b', 'c'], true, 5, 3), 'a,b,c + 2 more...');
  });
});
