import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';

// Cases from Go's time package tests (durationTests, parseDurationTests).
const formatCases: [bigint, string][] = [
  [0n, '0s'],
  [1n, '1ns'],
  [1100n, '1.1µs'],
  [2_200_000n, '2.2ms'],
  [3_300_000_000n, '3.3s'],
  [4n * 60_000_000_000n + 5_000_000_000n, '4m5s'],
  [4n * 60_000_000_000n + 5_001_000_000n, '4m5.001s'],
  [5n * 3_600_000_000_000n + 6n * 60_000_000_000n + 7_001_000_000n, '5h6m7.001s'],
  [8n * 60_000_000_000n + 1n, '8m0.000000001s'],
  [3_600_000_000_000n, '1h0m0s'],
  [-1_500_000_000n, '-1.5s'],
  [(1n << 63n) - 1n, '2562047h47m16.854775807s'],
  [-(1n << 63n), '-2562047h47m16.854775808s'],
];

test('durations print as Go time.Duration.String()', () => {
  for (const [nanos, text] of formatCases) assert.equal(formatGoDuration(nanos), text, text);
});

const parseCases: [string, bigint][] = [
  ['0', 0n],
  ['5s', 5_000_000_000n],
  ['-5s', -5_000_000_000n],
  ['+5s', 5_000_000_000n],
  ['1.5h', 5_400_000_000_000n],
  ['1h2m3s', 3_723_000_000_000n],
  ['100ms', 100_000_000n],
  ['1µs', 1000n],
  ['1μs', 1000n],
  ['1us', 1000n],
  ['10ns', 10n],
  ['.5s', 500_000_000n],
  ['2562047h47m16.854775807s', (1n << 63n) - 1n],
];

test('durations parse as Go time.ParseDuration()', () => {
  for (const [text, nanos] of parseCases) assert.equal(parseGoDuration(text), nanos, text);
  for (const [nanos, text] of formatCases) assert.equal(parseGoDuration(text), nanos, text);
});

test('malformed durations fail with Go messages', () => {
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseGoDuration(text), { message }, text);
});
