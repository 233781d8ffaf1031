import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BehaviourInput, buildContainerBehaviour } from './container-behaviour.ts';
import type { Behaviour } from './profile.schema.ts';

const Mi = 2 ** 20;

function behaviour(b: Behaviour, program: string[] = ['app']) {
  const input: BehaviourInput = {
    profile: 'test',
    behaviour: b,
    pull: { ok: true, durationMs: 0, imageSizeBytes: 0 },
    userland: 'none',
    argv: program,
    program,
    image: 'example.com/app',
    env: {},
    hostname: 'pod',
    stdinOpen: false,
    warnings: [],
  };
  return buildContainerBehaviour(input);
}

describe('peak memory: the most a process ever uses, for the eviction manager', () => {
  const cases: Array<{ name: string; behaviour: Behaviour; program?: string[]; peak: number }> = [
    { name: 'no memory given: the default 1Mi', behaviour: {}, peak: Mi },
    { name: 'constant', behaviour: { memory: { bytes: '6Mi' } }, peak: 6 * Mi },
    {
      name: 'growth up to a cap',
      behaviour: { memory: { growth: { from: '30Mi', perSecond: '1Mi', max: '300Mi' } } },
      peak: 300 * Mi,
    },
    {
      name: 'growth without a cap is unbounded',
      behaviour: { memory: { growth: { from: '30Mi', perSecond: '1Mi' } } },
      peak: Number.POSITIVE_INFINITY,
    },
    {
      name: 'no growth stays where it starts',
      behaviour: { memory: { growth: { from: '30Mi', perSecond: '0' } } },
      peak: 30 * Mi,
    },
    {
      name: 'size × count from the arguments, plus the base',
      behaviour: {
        memory: {
          fromArgs: {
            sizeFlags: ['--vm-bytes'],
            units: 'binary',
            countFlags: ['--vm'],
            base: '1Mi',
            ramp: '200ms',
          },
        },
      },
      program: ['stress', '--vm', '2', '--vm-bytes', '100M'],
      peak: 201 * Mi,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const b = behaviour(c.behaviour, c.program);
      assert.equal(b.peakMemoryBytes, c.peak);
      // Memory never goes above the peak while the process lives.
      for (const t of [0, 100, 1_000, 60_000, 3_600_000]) assert.ok(b.memoryBytesAt(t) <= b.peakMemoryBytes);
    });
  }
});
