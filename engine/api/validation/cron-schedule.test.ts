import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cronScheduleError } from './cron-schedule.ts';

// robfig/cron/v3 ParseStandard, as kube-apiserver validates spec.schedule.
const CASES: Array<[schedule: string, error: string | undefined]> = [
  ['*/1 * * * *', undefined],
  ['0 0 * * 0', undefined],
  ['0 9-17/2 * jan-mar mon,wed', undefined],
  ['0 0 30 2 *', undefined],
  ['? * * * ?', undefined],
  ['@hourly', undefined],
  ['@every 1h30m', undefined],
  ['TZ=UTC 0 * * * *', undefined],
  ['', 'empty spec string'],
  ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
  ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
  ['60 * * * *', 'end of range (60) above maximum (59): 60'],
  ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
  ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['* * * * 7', 'end of range (7) above maximum (6): 7'],
  ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ['*/2/3 * * * *', 'too many slashes: */2/3'],
  ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
  ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
  ['@often', 'unrecognized descriptor: @often'],
  ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
  ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
];

for (const [schedule, error] of CASES) {
  test(`${JSON.stringify(schedule)} → ${error ?? 'valid'}`, () => {
    assert.equal(cronScheduleError(schedule), error);
  });
}
