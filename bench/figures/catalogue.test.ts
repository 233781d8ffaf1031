import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { moduleFile } from '../support/paths.ts';
import { FIGURES, figure, MODULES } from './catalogue.ts';

/** The figures of the performance issue's table, by their kebab-case names. */
const REQUIRED = [
  'engine-ready-in-process',
  'engine-serve-ready-new-process',
  'scenario-overhead',
  'whole-suite',
  'assertion-reaction',
  'api-get-keepalive',
  'api-get-ratio-to-bare-http',
  'api-list-10000-pods-p50',
  'api-list-10000-pods-p99',
  'watch-fan-out-200-watchers',
  'scheduler-pods-per-second-10000-pods',
  'scheduler-pods-per-second-50000-pods',
  'scale-5000-nodes-150000-pods-seconds',
  'scale-peak-rss',
  'bytes-per-pod',
  'bytes-per-node',
  'virtual-time-one-hour',
];

describe('figure catalogue', () => {
  it('has every figure of the table', () => {
    const names = FIGURES.map((f) => f.name);
    assert.deepEqual(
      REQUIRED.filter((name) => !names.includes(name)),
      [],
    );
  });
  it('names figures in kebab-case, each once', () => {
    const names = FIGURES.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('has a module file for every module', () => {
    for (const module of MODULES) assert.ok(existsSync(moduleFile(module)), module);
  });
  it('gives measured values the unit and goal of their row', () => {
    assert.deepEqual(figure('engine-ready-in-process', 12, { note: 'n' }), {
      name: 'engine-ready-in-process',
      value: 12,
      unit: 'ms',
      goal: { op: '<', value: 30 },
      note: 'n',
    });
    assert.throws(() => figure('no-such-figure', 1), /no figure named no-such-figure/);
  });
});
