import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readVarint, toInt32, toInt64, toInt64Big, Writer } from './wire.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function written(write: (w: Writer) => void): string {
  const w = new Writer();
  write(w);
  return hex(w.finish());
}

test('varints are written as Go writes them', () => {
  const cases: [number | bigint, string][] = [
    [0, '00'],
    [1, '01'],
    [300, 'ac02'],
    [8080, '903f'],
    [2 ** 53 - 1, 'ffffffffffffff0f'],
    [2n ** 63n - 1n, 'ffffffffffffffff7f'],
    [-1, 'ffffffffffffffffff01'],
    [-(2n ** 63n), '80808080808080808001'],
  ];
  for (const [value, expected] of cases)
    assert.equal(
      written((w) => w.varint(value)),
      expected,
      String(value),
    );
});

test('varints read back exactly, reinterpreted as int32 and int64 like Go', () => {
  const read = (h: string) => {
    const buf = new Uint8Array(Buffer.from(h, 'hex'));
    return readVarint({ buf, pos: 0 }, buf.length);
  };
  assert.equal(read('ac02'), 300);
  assert.equal(toInt64Big(read('ffffffffffffffff7f')), 2n ** 63n - 1n);
  assert.equal(toInt64(read('ffffffffffffffffff01')), -1);
  assert.equal(toInt32(read('ffffffffffffffffff01')), -1);
  assert.equal(toInt32(read('8080808010')), 0);
  assert.equal(toInt64(read('8180808080808010')), 2 ** 53);
  assert.equal(toInt64Big(read('8180808080808010')), 2n ** 53n + 1n);
  assert.throws(() => read('ff'), { message: 'truncated varint' });
  assert.throws(() => read('ffffffffffffffffffff01'), { message: 'varint overflows 64 bits' });
});

test('length prefixes grow past one byte when a nested value is long', () => {
  const long = 'x'.repeat(200);
  assert.equal(
    written((w) => w.string(long)),
    `c801${Buffer.from(long).toString('hex')}`,
  );
  const nested = written((w) => {
    const start = w.begin();
    w.tag(1, 2);
    w.string(long);
    w.end(start);
  });
  assert.equal(nested.slice(0, 10), 'cb010ac801');
});
