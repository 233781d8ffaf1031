import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { defaultStorageClass } from './default-storage-class.admission.ts';

function storageClass(name: string, created: string, annotations: Record<string, string> = {}): StorageClass {
  return {
    metadata: { name, creationTimestamp: created, annotations },
    provisioner: 'example.com/p',
  };
}

const DEFAULT = { 'storageclass.kubernetes.io/is-default-class': 'true' };
const BETA_DEFAULT = { 'storageclass.beta.kubernetes.io/is-default-class': 'true' };

// GetDefaultClass: the newest of the classes marked default, then the first by name.
const CASES: Array<[name: string, classes: StorageClass[], chosen: string | undefined]> = [
  ['no class', [], undefined],
  ['no default', [storageClass('slow', '2025-01-01T00:00:00Z')], undefined],
  [
    '"false" is not default',
    [
      storageClass('slow', '2025-01-01T00:00:00Z', {
        'storageclass.kubernetes.io/is-default-class': 'false',
      }),
    ],
    undefined,
  ],
  [
    'the default one',
    [storageClass('slow', '2025-01-01T00:00:00Z'), storageClass('standard', '2025-01-01T00:00:00Z', DEFAULT)],
    'standard',
  ],
  ['the beta annotation counts', [storageClass('old', '2025-01-01T00:00:00Z', BETA_DEFAULT)], 'old'],
  [
    'the newest of two defaults',
    [storageClass('a', '2025-01-01T00:00:00Z', DEFAULT), storageClass('b', '2025-01-02T00:00:00Z', DEFAULT)],
    'b',
  ],
  [
    'same age: by name',
    [storageClass('b', '2025-01-01T00:00:00Z', DEFAULT), storageClass('a', '2025-01-01T00:00:00Z', DEFAULT)],
    'a',
  ],
];

for (const [name, classes, chosen] of CASES) {
  test(name, () => assert.equal(defaultStorageClass(classes)?.metadata?.name, chosen));
}
