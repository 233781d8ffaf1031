import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CpuProfile, summarizeProfile } from './cpu-profile.ts';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('summarizeProfile', () => {
  // (root) → settle → scheduleOne → filter; settle → copy. Recursion of settle counts once.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2] },
      { id: 2, callFrame: frame('settle', 'file:///repo/engine/clock/work-loop.ts'), children: [3, 5, 6] },
      {
        id: 3,
        callFrame: frame('scheduleOne', 'file:///repo/scheduler/framework/schedule-one.ts'),
        children: [4],
      },
      { id: 4, callFrame: frame('filter', 'file:///repo/scheduler/plugins/fit.ts') },
      { id: 5, callFrame: frame('copy', 'file:///repo/engine/api/internal-client.ts') },
      { id: 6, callFrame: frame('settle', 'file:///repo/engine/clock/work-loop.ts') },
    ],
    samples: [4, 4, 4, 5, 3, 6, 1, 4],
  };
  const summary = summarizeProfile(profile, 3);

  it('ranks frames by self time, naming the function and its file', () => {
    assert.deepEqual(summary.self, [
      { percent: 50, frame: 'filter plugins/fit.ts' },
      { percent: 12.5, frame: 'copy api/internal-client.ts' },
      { percent: 12.5, frame: 'scheduleOne framework/schedule-one.ts' },
    ]);
  });

  it('ranks frames by inclusive time, counting a recursive frame once per sample', () => {
    assert.deepEqual(summary.inclusive, [
      { percent: 100, frame: '(root)' },
      { percent: 87.5, frame: 'settle clock/work-loop.ts' },
      { percent: 62.5, frame: 'scheduleOne framework/schedule-one.ts' },
    ]);
  });
});
