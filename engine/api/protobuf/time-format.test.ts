import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRfc3339, parseRfc3339, ZERO_TIME_SECONDS } from './time-format.ts';

test('times print as metav1.Time and metav1.MicroTime JSON', () => {
  assert.equal(formatRfc3339(0), '1970-01-01T00:00:00Z');
  assert.equal(formatRfc3339(1714979289), '2024-05-06T07:08:09Z');
  assert.equal(formatRfc3339(1714979289, 123456), '2024-05-06T07:08:09.123456Z');
  assert.equal(formatRfc3339(1714979289, 0), '2024-05-06T07:08:09.000000Z');
  assert.equal(formatRfc3339(-14182940), '1969-07-20T20:17:40Z');
  assert.equal(formatRfc3339(ZERO_TIME_SECONDS), '0001-01-01T00:00:00Z');
  assert.equal(formatRfc3339(253402300800), undefined);
});

test('RFC3339 text parses to Unix seconds and nanoseconds', () => {
  assert.deepEqual(parseRfc3339('2024-05-06T07:08:09Z'), { seconds: 1714979289, nanos: 0 });
  assert.deepEqual(parseRfc3339('2024-05-06T09:08:09.5+02:00'), { seconds: 1714979289, nanos: 500_000_000 });
  assert.deepEqual(parseRfc3339('2024-05-06T02:08:09.123456789-05:00'), {
    seconds: 1714979289,
    nanos: 123456789,
  });
  assert.deepEqual(parseRfc3339('0001-01-01T00:00:00Z'), { seconds: ZERO_TIME_SECONDS, nanos: 0 });
  assert.equal(parseRfc3339('2024-05-06 07:08:09'), undefined);
  assert.equal(parseRfc3339('2024-13-06T07:08:09Z'), undefined);
  assert.equal(parseRfc3339('2023-02-29T07:08:09Z'), undefined);
  assert.deepEqual(parseRfc3339('2024-02-29T00:00:00Z'), { seconds: 1709164800, nanos: 0 });
});
