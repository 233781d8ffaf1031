import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTimelineSvg } from '../reports/timeline-svg.ts';
import {
  firstMessageLine,
  normaliseText,
  observationDifferences,
  observationLines,
  type ScenarioObservations,
  timelineLines,
} from './observations.ts';

describe('normaliseText', () => {
  const cases: Array<[string, string, string]> = [
    [
      'bundled namespace in an event',
      'Successfully assigned default/big to minikube',
      'Successfully assigned ${namespace}/big to minikube',
    ],
    [
      'generated namespace of a kubeconfig target',
      'Successfully assigned kuke-features-a-feature-19-k3x0/big to kind-control-plane',
      'Successfully assigned ${namespace}/big to kind-control-plane',
    ],
    [
      'RBAC message naming the namespace',
      'User "jane" cannot delete resource "pods" in API group "" in the namespace "default"',
      'User "jane" cannot delete resource "pods" in API group "" in the namespace "${namespace}"',
    ],
    [
      'pod of a Deployment (template hash and random suffix)',
      'Created pod: web-7d9f8b6c4-k2lpx',
      'Created pod: web-hash-xxxxx',
    ],
    [
      'ReplicaSet of a Deployment',
      'Scaled up replica set web-7d9f8b6c4 to 3',
      'Scaled up replica set web-hash to 3',
    ],
    ['ordinary names stay', 'Started container memory-hog', 'Started container memory-hog'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(normaliseText(input), expected));
  }
});

describe('firstMessageLine', () => {
  const cases: Array<[string, string | undefined, string | undefined]> = [
    [
      'error class prefix dropped, stack dropped',
      'Error: pod "big" stays Pending: broken after 6s of cluster time (expected for 1m).\nObserved: Running\n    at KukeWorld.throughout (steps/world.ts:184:11)',
      'pod "big" stays Pending: broken after 6s of cluster time (expected for 1m).',
    ],
    [
      'assertion error with a code',
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1 !== 3',
      'Expected values to be strictly equal:',
    ],
    [
      'skip reason kept whole',
      'skipped on bundled:three-nodes: needs 1 node(s) of 2 CPU / 2Gi',
      'skipped on bundled:three-nodes: needs 1 node(s) of 2 CPU / 2Gi',
    ],
    ['no message', undefined, undefined],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(firstMessageLine(input), expected));
  }
});

describe('observationLines', () => {
  it('drops the timestamp column of events.txt', () => {
    const text =
      '2026-11-22T00:52:54.000000Z\tWarning\tFailedScheduling\tPod/big\t0/1 nodes are available: 1 Insufficient memory.\n' +
      '2026-11-22T00:52:55Z\tNormal\tPulling\tPod/big\tPulling image "mongo:3.3"';
    assert.deepEqual(observationLines({ fileName: 'events.txt', mediaType: 'text/plain', text }), [
      'Warning FailedScheduling Pod/big: 0/1 nodes are available: 1 Insufficient memory.',
      'Normal Pulling Pod/big: Pulling image "mongo:3.3"',
    ]);
  });

  it('reads a timeline picture as the statuses each pod went through', () => {
    const svg = renderTimelineSvg(
      [
        {
          at: 0,
          pods: [{ name: 'web-7d9f8b6c4-k2lpx', status: 'ContainerCreating', ready: '0/1', restarts: '0' }],
        },
        { at: 3000, pods: [{ name: 'web-7d9f8b6c4-k2lpx', status: 'Running', ready: '1/1', restarts: '0' }] },
        {
          at: 9000,
          pods: [
            { name: 'web-7d9f8b6c4-k2lpx', status: 'Running', ready: '1/1', restarts: '0' },
            { name: 'db', status: 'Pending', ready: '0/1', restarts: '0' },
          ],
        },
      ],
      'pods <&> "over" time',
    );
    assert.deepEqual(timelineLines(svg), ['web-hash-xxxxx: ContainerCreating → Running', 'db: Pending']);
  });
});

describe('observationDifferences', () => {
  const minikube: ScenarioObservations = {
    status: 'passed',
    attachments: [
      {
        fileName: 'events.txt',
        mediaType: 'text/plain',
        text: 't\tWarning\tFailedScheduling\tPod/big\t0/1 nodes are available: 1 Insufficient memory.',
      },
      { fileName: 'skip-reason.txt', mediaType: 'text/plain', text: 'never compared' },
    ],
  };
  const threeNodes: ScenarioObservations = {
    status: 'failed',
    message: 'Error: no Warning event "FailedScheduling" on pod "big"\n    at stack',
    attachments: [
      {
        fileName: 'events.txt',
        mediaType: 'text/plain',
        text: 't\tWarning\tFailedScheduling\tPod/big\t0/3 nodes are available: 3 Insufficient memory.',
      },
      { fileName: 'evidence-pods.txt', mediaType: 'text/plain', text: 'NAME   READY\nbig    0/1' },
    ],
  };

  it('puts the message first, then the attachments in reading order, each at its first differing line', () => {
    const differences = observationDifferences(
      new Map([
        ['bundled:minikube', minikube],
        ['bundled:three-nodes', threeNodes],
      ]),
    );
    assert.deepEqual(differences, [
      {
        source: 'message',
        line: 1,
        values: {
          'bundled:minikube': '(passed, no message)',
          'bundled:three-nodes': 'no Warning event "FailedScheduling" on pod "big"',
        },
      },
      {
        source: 'events.txt',
        line: 1,
        values: {
          'bundled:minikube':
            'Warning FailedScheduling Pod/big: 0/1 nodes are available: 1 Insufficient memory.',
          'bundled:three-nodes':
            'Warning FailedScheduling Pod/big: 0/3 nodes are available: 3 Insufficient memory.',
        },
      },
      {
        source: 'evidence-pods.txt',
        line: 1,
        values: { 'bundled:minikube': null, 'bundled:three-nodes': 'NAME   READY' },
      },
    ]);
  });

  it('finds nothing when the observations are the same after normalisation', () => {
    const a: ScenarioObservations = {
      status: 'passed',
      attachments: [
        {
          fileName: 'events.txt',
          mediaType: 'text/plain',
          text: '1\tNormal\tScheduled\tPod/x\tassigned default/x',
        },
      ],
    };
    const b: ScenarioObservations = {
      status: 'passed',
      attachments: [
        {
          fileName: 'events.txt',
          mediaType: 'text/plain',
          text: '2\tNormal\tScheduled\tPod/x\tassigned kuke-features-x-feature-3-ab0/x',
        },
      ],
    };
    assert.deepEqual(
      observationDifferences(
        new Map([
          ['bundled', a],
          ['kubeconfig', b],
        ]),
      ),
      [],
    );
  });
});
