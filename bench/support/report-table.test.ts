import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atLeast, below } from './figure.ts';
import { renderTable } from './report-table.ts';

describe('renderTable', () => {
  it('aligns columns, right-aligns values and marks goals met or not', () => {
    const table = renderTable([
      { name: 'engine-ready-in-process', value: 21.4, unit: 'ms', goal: below(30), note: 'median of 20' },
      {
        name: 'api-get-ratio-to-bare-http',
        value: 0.43,
        unit: '×',
        goal: atLeast(0.5),
        compare: '3,497 vs 8,054 req/s',
      },
      { name: 'bytes-per-pod', value: 20_369.8, unit: 'bytes' },
    ]);
    assert.equal(
      table,
      [
        'figure                       value  unit   goal   met  compared / notes',
        '--------------------------  ------  -----  -----  ---  --------------------',
        'engine-ready-in-process       21.4  ms     < 30   ✓    median of 20',
        'api-get-ratio-to-bare-http    0.43  ×      ≥ 0.5  ✗    3,497 vs 8,054 req/s',
        'bytes-per-pod               20,370  bytes  —',
      ].join('\n'),
    );
  });
});
