import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goBase64ErrorOffset } from './go-base64.ts';

// Offsets as Go 1.22's base64.StdEncoding.DecodeString reports them (CorruptInputError).
const CASES: Array<[input: string, offset: number | undefined]> = [
  ['', undefined],
  ['YWRtaW4=', undefined],
  ['YWRtaW4xMjM=', undefined],
  ['YQ==', undefined],
  ['YWJj', undefined],
  ['YWRt\naW4=', undefined],
  ['YWRtaW4', 4],
  ['Y', 0],
  ['YW', 0],
  ['admin!', 5],
  ['s3cr3t-value', 6],
  ['YQ=', 3],
  ['YQ=x', 2],
  ['=', 0],
  ['YWJj=', 4],
  ['YQ==YQ==', 4],
];

for (const [input, offset] of CASES) {
  test(`${JSON.stringify(input)} → ${offset ?? 'decodes'}`, () =>
    assert.equal(goBase64ErrorOffset(input), offset));
}
