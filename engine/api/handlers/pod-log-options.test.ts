import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import type { Status } from 'kubernetes-types/meta/v1';
import { toRfc3339 } from '../../clock/clock.ts';
import { podManifest, TestEngine } from '../../cluster/testing.ts';
import { ApiError } from '../errors.ts';
import { type PodLogRequest, podLogOptions } from './pod-log-options.ts';

describe('pods/log query options', () => {
  const cases: Array<{ query: string; expected: PodLogRequest | { status: number; message: string } }> = [
    { query: '', expected: { previous: false, timestamps: false } },
    {
      query: 'container=app&previous=true&timestamps=true&tailLines=5&limitBytes=100',
      expected: { container: 'app', previous: true, timestamps: true, tailLines: 5, limitBytes: 100 },
    },
    { query: 'timestamps=1&previous=False', expected: { previous: false, timestamps: true } },
    { query: 'timestamps=f&previous=yes', expected: { previous: true, timestamps: false } },
    { query: 'sinceSeconds=%2060%20', expected: { previous: false, timestamps: false, sinceSeconds: 60 } },
    { query: 'sinceSeconds=', expected: { previous: false, timestamps: false } },
    {
      query: 'sinceTime=2025-01-01T00:00:10Z',
      expected: { previous: false, timestamps: false, sinceTime: Date.parse('2025-01-01T00:00:10Z') },
    },
    {
      query: 'sinceTime=2025-01-01T02:00:10.5%2B02:00',
      expected: { previous: false, timestamps: false, sinceTime: Date.parse('2025-01-01T00:00:10.5Z') },
    },
    { query: 'sinceTime=null', expected: { previous: false, timestamps: false } },
    {
      query: 'sinceSeconds=abc',
      expected: { status: 400, message: 'strconv.ParseInt: parsing "abc": invalid syntax' },
    },
    {
      query: 'limitBytes=99999999999999999999',
      expected: {
        status: 400,
        message: 'strconv.ParseInt: parsing "99999999999999999999": value out of range',
      },
    },
    {
      query: 'sinceTime=yesterday',
      expected: {
        status: 400,
        message:
          'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
      },
    },
    {
      query: 'sinceTime=2025-01-01',
      expected: {
        status: 400,
        message: 'parsing time "2025-01-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"',
      },
    },
    {
      query: 'sinceTime=2025-13-01T00:00:00Z',
      expected: { status: 400, message: 'parsing time "2025-13-01T00:00:00Z": month out of range' },
    },
    {
      query: 'sinceTime=2025-02-30T00:00:00Z',
      expected: { status: 400, message: 'parsing time "2025-02-30T00:00:00Z": day out of range' },
    },
    {
      query: 'sinceTime=2025-01-01T00:00:00',
      expected: {
        status: 400,
        message:
          'parsing time "2025-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
      },
    },
    {
      query: 'tailLines=-1',
      expected: {
        status: 422,
        message:
          'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
      },
    },
    {
      query: 'limitBytes=0',
      expected: {
        status: 422,
        message: 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
      },
    },
    {
      query: 'sinceSeconds=0',
      expected: {
        status: 422,
        message: 'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
      },
    },
    {
      query: 'sinceSeconds=10&sinceTime=2025-01-01T00:00:00Z',
      expected: {
        status: 422,
        message:
          'PodLogOptions "web" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      },
    },
  ];
  for (const c of cases) {
    test(c.query || '(none)', () => {
      const run = () => podLogOptions(new URLSearchParams(c.query), 'web');
      if ('status' in c.expected) {
        const { status, message } = c.expected;
        assert.throws(
          run,
          (error) => error instanceof ApiError && error.code === status && error.message === message,
        );
      } else {
        assert.deepEqual(run(), c.expected);
      }
    });
  }
});

describe('kubectl logs --since, --since-time, --limit-bytes, --timestamps', () => {
  let t: TestEngine;
  before(async () => {
    t = await TestEngine.start();
    t.create(
      podManifest('talker', {
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo one; sleep 10; echo two; sleep 600'],
      }),
    );
    t.until(() => (t.pod('talker') as Pod).status?.phase === 'Running', 60_000);
    t.advance(20_000);
  });
  after(() => t.stop());

  const text = (query: string) => {
    const reply = t.logs('talker', query);
    assert.equal(reply.status, 200, reply.text);
    return reply.text;
  };

  test('everything', () => assert.equal(text(''), 'one\ntwo\n'));
  test('sinceSeconds keeps the recent lines', () => assert.equal(text('?sinceSeconds=15'), 'two\n'));
  test('sinceTime keeps the lines from then on', () => {
    const twoAt = Date.parse(text('?timestamps=true&tailLines=1').split(' ')[0] ?? '');
    assert.equal(text(`?sinceTime=${encodeURIComponent(toRfc3339(twoAt - 1000))}`), 'two\n');
    assert.equal(text(`?sinceTime=${encodeURIComponent(toRfc3339(twoAt + 1000))}`), '');
  });
  test('limitBytes cuts the stream', () => assert.equal(text('?limitBytes=5'), 'one\nt'));
  test('timestamps prefix each line with RFC3339Nano', () => {
    assert.match(text('?timestamps=true'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z one\n\S+ two\n$/);
  });
  test('invalid options are a 422 before the pod is looked up', () => {
    const reply = t.logs('nobody', '?sinceSeconds=0');
    assert.equal(reply.status, 422);
    assert.equal(
      (reply.body as Status).message,
      'PodLogOptions "nobody" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    );
  });
});
