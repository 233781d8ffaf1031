import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatQuantity, newQuantity, parseQuantity } from '../../api/quantity.ts';
import {
  DEFAULT_EVICTION_CONFIG,
  evictionConfig,
  memoryPressureAfter,
  parseThresholdValue,
  thresholdMet,
  thresholdQuantity,
} from './thresholds.ts';

const Mi = 2 ** 20;
const Gi = 2 ** 30;

describe('threshold values, as parseThresholdStatement reads them', () => {
  const cases: Array<{ text: string; capacity: number; quantity?: string; error?: string; off?: true }> = [
    { text: '100Mi', capacity: 2 * Gi, quantity: '100Mi' },
    { text: '500M', capacity: 2 * Gi, quantity: '500M' },
    { text: '10%', capacity: 2 * Gi, quantity: `${Math.trunc(2 * Gi * Math.fround(Math.fround(10) / 100))}` },
    { text: '5%', capacity: Gi, quantity: `${Math.trunc(Gi * Math.fround(Math.fround(5) / 100))}` },
    { text: '50%', capacity: Gi, quantity: '512Mi' },
    { text: '0%', capacity: Gi, off: true },
    { text: '100%', capacity: Gi, off: true },
    { text: '0', capacity: Gi, error: 'eviction threshold memory.available must be positive: 0' },
    { text: '-1Mi', capacity: Gi, error: 'eviction threshold memory.available must be positive: -1Mi' },
    {
      text: '101%',
      capacity: Gi,
      error: 'eviction percentage threshold memory.available must be <= 100%: 101%',
    },
    { text: '-5%', capacity: Gi, error: 'eviction percentage threshold memory.available must be >= 0%: -5%' },
    {
      text: 'lots',
      capacity: Gi,
      error: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    },
    { text: 'x%', capacity: Gi, error: 'strconv.ParseFloat: parsing "x": invalid syntax' },
  ];
  for (const c of cases) {
    test(`${c.text} of ${c.capacity / Mi}Mi`, () => {
      if (c.error) {
        assert.throws(() => parseThresholdValue('memory.available', c.text), { message: c.error });
        return;
      }
      const value = parseThresholdValue('memory.available', c.text);
      if (c.off) {
        assert.equal(value, undefined);
        return;
      }
      assert.ok(value);
      assert.equal(formatQuantity(thresholdQuantity(value, c.capacity)), c.quantity);
    });
  }
});

describe('a threshold is met when less than it is available', () => {
  const cases: Array<{ threshold: string; available: number; met: boolean }> = [
    { threshold: '100Mi', available: 99 * Mi, met: true },
    { threshold: '100Mi', available: 100 * Mi - 1, met: true },
    { threshold: '100Mi', available: 100 * Mi, met: false },
    { threshold: '100Mi', available: 0, met: true },
    { threshold: '100Mi', available: Gi, met: false },
  ];
  for (const c of cases) {
    test(`${c.threshold} with ${c.available} bytes available: ${c.met ? 'met' : 'not met'}`, () => {
      assert.equal(thresholdMet(parseQuantity(c.threshold), newQuantity(c.available, 'BinarySI')), c.met);
    });
  }
});

describe('MemoryPressure holds while the threshold was met within the transition period', () => {
  const period = 300_000;
  const cases: Array<{
    name: string;
    met: boolean;
    lastObservedAt: number | undefined;
    now: number;
    underPressure: boolean;
    observed: number | undefined;
  }> = [
    {
      name: 'never met',
      met: false,
      lastObservedAt: undefined,
      now: 10_000,
      underPressure: false,
      observed: undefined,
    },
    {
      name: 'met now',
      met: true,
      lastObservedAt: undefined,
      now: 10_000,
      underPressure: true,
      observed: 10_000,
    },
    {
      name: 'met again',
      met: true,
      lastObservedAt: 10_000,
      now: 20_000,
      underPressure: true,
      observed: 20_000,
    },
    {
      name: 'no longer met, within the period',
      met: false,
      lastObservedAt: 10_000,
      now: 309_999,
      underPressure: true,
      observed: 10_000,
    },
    {
      name: 'no longer met, the period has passed',
      met: false,
      lastObservedAt: 10_000,
      now: 310_000,
      underPressure: false,
      observed: 10_000,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(memoryPressureAfter(c.met, c.lastObservedAt, c.now, period), {
        underPressure: c.underPressure,
        lastObservedAt: c.observed,
      });
    });
  }
});

describe('kubelet settings', () => {
  test('the defaults: memory.available<100Mi and a 5 minute transition period', () => {
    assert.equal(evictionConfig(undefined), DEFAULT_EVICTION_CONFIG);
    assert.equal(DEFAULT_EVICTION_CONFIG.pressureTransitionPeriodMs, 300_000);
    const value = DEFAULT_EVICTION_CONFIG.memoryAvailable;
    assert.ok(value && 'quantity' in value);
    assert.equal(formatQuantity(value.quantity), '100Mi');
  });

  const cases: Array<{
    name: string;
    settings: Parameters<typeof evictionConfig>[0];
    threshold?: string | null;
    periodMs?: number;
    error?: { path: string[]; message: string };
  }> = [
    {
      name: 'a threshold of its own',
      settings: { evictionHard: { 'memory.available': '300Mi' } },
      threshold: '300Mi',
    },
    { name: 'switched off', settings: { evictionHard: { 'memory.available': '0%' } }, threshold: null },
    {
      name: 'a shorter transition period',
      settings: { evictionPressureTransitionPeriod: '30s' },
      threshold: '100Mi',
      periodMs: 30_000,
    },
    {
      name: 'a bad threshold names its field',
      settings: { evictionHard: { 'memory.available': '0' } },
      error: {
        path: ['evictionHard', 'memory.available'],
        message: 'eviction threshold memory.available must be positive: 0',
      },
    },
    {
      name: 'a bad duration names its field',
      settings: { evictionPressureTransitionPeriod: '5 minutes' },
      error: {
        path: ['evictionPressureTransitionPeriod'],
        message: 'time: unknown unit " minutes" in duration "5 minutes"',
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      if (c.error) {
        assert.throws(
          () => evictionConfig(c.settings),
          (error: unknown) =>
            error instanceof Error &&
            'path' in error &&
            assert.deepEqual((error as { path: unknown }).path, c.error?.path) === undefined &&
            error.message === c.error?.message,
        );
        return;
      }
      const config = evictionConfig(c.settings);
      const value = config.memoryAvailable;
      assert.equal(value && 'quantity' in value ? formatQuantity(value.quantity) : null, c.threshold);
      assert.equal(config.pressureTransitionPeriodMs, c.periodMs ?? 300_000);
    });
  }
});
