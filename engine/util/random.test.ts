import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random, SAFE_ALPHABET } from './random.ts';

test('the same seed gives the same sequence', () => {
  const a = new Random('seed-1');
  const b = new Random('seed-1');
  assert.deepEqual(
    Array.from({ length: 5 }, () => a.safeString(5)),
    Array.from({ length: 5 }, () => b.safeString(5)),
  );
});

test('different seeds give different sequences', () => {
  assert.notEqual(new Random('a').uuid(), new Random('b').uuid());
});

test('safe strings use only the apimachinery alphabet', () => {
  const s = new Random(7).safeString(500);
  assert.equal(s.length, 500);
  for (const ch of s) assert.ok(SAFE_ALPHABET.includes(ch), ch);
});

test('uuids are version 4', () => {
  assert.match(new Random(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('forks are independent of draws on the parent after the fork', () => {
  const parent1 = new Random('x');
  const child1 = parent1.fork('names');
  parent1.nextUint32();
  const parent2 = new Random('x');
  const child2 = parent2.fork('names');
  assert.equal(child1.hex(16), child2.hex(16));
});
