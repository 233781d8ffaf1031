import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareKubeAwareVersions } from './kube-aware-version.ts';

describe('compareKubeAwareVersions', () => {
  const cases: Array<{ versions: string[]; sorted: string[] }> = [
    { versions: ['v1beta1', 'v1', 'v1alpha1'], sorted: ['v1', 'v1beta1', 'v1alpha1'] },
    { versions: ['v1', 'v2', 'v10'], sorted: ['v10', 'v2', 'v1'] },
    {
      versions: ['v2beta1', 'v1beta2', 'v1beta1', 'v3alpha1'],
      sorted: ['v2beta1', 'v1beta2', 'v1beta1', 'v3alpha1'],
    },
    { versions: ['foo', 'v1', 'bar', 'v1alpha1'], sorted: ['v1', 'v1alpha1', 'bar', 'foo'] },
  ];
  for (const { versions, sorted } of cases) {
    it(`orders ${versions.join(', ')}`, () => {
      assert.deepEqual([...versions].sort(compareKubeAwareVersions), sorted);
    });
  }
});
