import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { eventPrinter, eventsV1EventPrinter, formatEventSource } from './event.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
const ctx = { now: NOW };

const coreEvent = (body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.17c1a2b3c4d5e6f7', namespace: 'default', creationTimestamp: ago(90) },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', fieldPath: 'spec.containers{app}' },
  reason: 'Pulling',
  message: 'Pulling image "nginx:1.25"',
  type: 'Normal',
  source: { component: 'kubelet', host: 'node-1' },
  ...body,
});

describe('core/v1 event printer', () => {
  test('columns in the 1.3x order, wide ones at priority 1', () => {
    assert.deepEqual(
      eventPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
      [
        ['Last Seen', 'string', '', 0],
        ['Type', 'string', '', 0],
        ['Reason', 'string', '', 0],
        ['Object', 'string', '', 0],
        ['Subobject', 'string', '', 1],
        ['Source', 'string', '', 1],
        ['Message', 'string', '', 0],
        ['First Seen', 'string', '', 1],
        ['Count', 'string', '', 1],
        ['Name', 'string', 'name', 1],
      ],
    );
    assert.equal(
      eventPrinter.columns[0]?.description,
      'The time at which the most recent occurrence of this event was recorded.',
    );
    assert.equal(eventPrinter.columns[3]?.description, 'The object that this event is about.');
  });

  const cases: Array<[name: string, body: Record<string, unknown>, expected: unknown[]]> = [
    [
      'a kubelet event seen three times',
      { firstTimestamp: ago(300), lastTimestamp: ago(20), count: 3 },
      [
        '20s',
        'Normal',
        'Pulling',
        'pod/web',
        'spec.containers{app}',
        'kubelet, node-1',
        'Pulling image "nginx:1.25"',
        '5m',
        3,
        'web.17c1a2b3c4d5e6f7',
      ],
    ],
    [
      'an event recorded with eventTime only (new API) counts 1',
      {
        firstTimestamp: null,
        lastTimestamp: null,
        eventTime: '2024-05-01T11:59:15.123456Z',
        source: {},
        reportingComponent: 'default-scheduler',
        reportingInstance: 'default-scheduler-control-plane',
        reason: 'Scheduled',
        message: 'Successfully assigned default/web to node-1\n',
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
      },
      [
        '44s',
        'Normal',
        'Scheduled',
        'pod/web',
        '',
        'default-scheduler, default-scheduler-control-plane',
        'Successfully assigned default/web to node-1',
        '44s',
        1,
        'web.17c1a2b3c4d5e6f7',
      ],
    ],
    [
      'a series takes its last time and count from the series',
      {
        firstTimestamp: ago(600),
        lastTimestamp: ago(500),
        count: 1,
        series: { count: 7, lastObservedTime: '2024-05-01T11:59:50.000000Z' },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container app in pod web_default(1234)',
      },
      [
        '10s',
        'Warning',
        'BackOff',
        'pod/web',
        'spec.containers{app}',
        'kubelet, node-1',
        'Back-off restarting failed container app in pod web_default(1234)',
        '10m',
        7,
        'web.17c1a2b3c4d5e6f7',
      ],
    ],
    [
      'no timestamps at all',
      {
        involvedObject: { kind: 'Node' },
        source: { component: 'kubelet' },
        reason: 'Starting',
        message: '',
      },
      ['<unknown>', 'Normal', 'Starting', 'node', '', 'kubelet', '', '<unknown>', 1, 'web.17c1a2b3c4d5e6f7'],
    ],
  ];
  for (const [name, body, expected] of cases) {
    test(name, () => assert.deepEqual(eventPrinter.cells(coreEvent(body), ctx), expected));
  }
});

describe('events.k8s.io/v1 event printer', () => {
  test('reads regarding, note and the deprecated fields', () => {
    const event: KubeObject = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default', creationTimestamp: ago(60) },
      eventTime: '2024-05-01T11:59:00.000000Z',
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
      action: 'Pulling',
      reason: 'Pulling',
      regarding: { kind: 'Pod', namespace: 'default', name: 'web', fieldPath: 'spec.containers{app}' },
      note: 'Pulling image "nginx:1.25"',
      type: 'Normal',
      deprecatedCount: 2,
      deprecatedFirstTimestamp: ago(120),
      deprecatedLastTimestamp: ago(30),
    };
    assert.deepEqual(eventsV1EventPrinter.cells(event, ctx), [
      '30s',
      'Normal',
      'Pulling',
      'pod/web',
      'spec.containers{app}',
      'kubelet, node-1',
      'Pulling image "nginx:1.25"',
      '2m',
      2,
      'web.1',
    ]);
  });
});

describe('formatEventSource', () => {
  const cases: Array<[source: object, controller: string, instance: string, expected: string]> = [
    [{ component: 'kubelet', host: 'node-1' }, '', '', 'kubelet, node-1'],
    [{ component: 'deployment-controller' }, '', '', 'deployment-controller'],
    [{}, 'default-scheduler', '', 'default-scheduler'],
    [{}, '', '', ''],
    [{ component: 'kubelet' }, 'ignored', 'node-2', 'kubelet, node-2'],
  ];
  for (const [source, controller, instance, expected] of cases) {
    test(JSON.stringify(expected), () =>
      assert.equal(formatEventSource(source, controller, instance), expected),
    );
  }
});
