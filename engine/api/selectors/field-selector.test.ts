import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../types.ts';
import {
  convertFieldSelector,
  escapeFieldValue,
  fieldSelectorMatches,
  fieldSelectorToString,
  objectFields,
  parseFieldSelector,
  requiresExactMatch,
  unsupportedFieldError,
} from './field-selector.ts';
import { SelectorParseError } from './selector-error.ts';

describe('parseFieldSelector', () => {
  it('parses =, == and != terms, sorted as upstream', () => {
    assert.deepEqual(parseFieldSelector('status.phase!=Failed,spec.nodeName==node-1,metadata.name=web'), [
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'spec.nodeName', operator: '==', value: 'node-1' },
      { field: 'status.phase', operator: '!=', value: 'Failed' },
    ]);
  });

  const good: [input: string, operator: string, field: string, value: string][] = [
    ['spec.nodeName=', '=', 'spec.nodeName', ''],
    ['a=b\\,c', '=', 'a', 'b,c'],
    ['a=b\\=c', '=', 'a', 'b=c'],
    ['a=b\\\\c', '=', 'a', 'b\\c'],
    ['a = b', '=', 'a ', ' b'],
    ['a!=b', '!=', 'a', 'b'],
    ['a==', '==', 'a', ''],
  ];
  for (const [input, operator, field, value] of good) {
    it(`parses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseFieldSelector(input), [{ field, operator, value }]);
    });
  }

  it('treats an empty selector or empty terms as no requirements', () => {
    assert.deepEqual(parseFieldSelector(''), []);
    assert.deepEqual(parseFieldSelector(',,'), []);
  });

  const bad: [input: string, message: string][] = [
    ['status.phase', "invalid selector: 'status.phase'; can't understand 'status.phase'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a!=b,c', "invalid selector: 'a!=b,c'; can't understand 'c'"],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, message] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => parseFieldSelector(input),
        (error: unknown) => error instanceof SelectorParseError && error.message === message,
      );
    });
  }

  it('round-trips escaped values', () => {
    assert.equal(escapeFieldValue('a,b=c\\d'), 'a\\,b\\=c\\\\d');
    assert.equal(fieldSelectorToString(parseFieldSelector('b!=x\\,y,a==1')), 'a=1,b!=x\\,y');
  });

  it('finds the name a single-object watch pins', () => {
    assert.equal(requiresExactMatch(parseFieldSelector('metadata.name=web'), 'metadata.name'), 'web');
    assert.equal(requiresExactMatch(parseFieldSelector('metadata.name!=web'), 'metadata.name'), undefined);
    assert.equal(requiresExactMatch(parseFieldSelector('status.phase=Running'), 'metadata.name'), undefined);
  });
});

describe('convertFieldSelector', () => {
  const rejected: [group: string, resource: string, field: string, message: string][] = [
    ['', 'pods', 'spec.containers', 'field label not supported: spec.containers'],
    ['', 'nodes', 'metadata.namespace', 'field label not supported: metadata.namespace'],
    ['', 'namespaces', 'metadata.namespace', 'field label not supported: metadata.namespace'],
    ['', 'events', 'regarding.name', 'field label not supported: regarding.name'],
    ['events.k8s.io', 'events', 'involvedObject.name', 'field label not supported: involvedObject.name'],
    ['batch', 'jobs', 'status.active', 'field label "status.active" not supported for batchv1.Job'],
    [
      'apps',
      'replicasets',
      'status.replicas',
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      'apps',
      'deployments',
      'spec.replicas',
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      '',
      'configmaps',
      'data',
      '"data" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['', 'pods', 'status.phase ', 'field label not supported: status.phase '],
  ];
  for (const [group, resource, field, message] of rejected) {
    it(`rejects ${field} on ${resource}${group ? `.${group}` : ''}`, () => {
      assert.equal(unsupportedFieldError(group, resource, field), message);
      assert.throws(
        () => convertFieldSelector(group, resource, [{ field, operator: '=', value: 'x' }]),
        (error: unknown) =>
          error instanceof SelectorParseError && error.message === message && error.code === 400,
      );
    });
  }

  const accepted: [group: string, resource: string, field: string, as: string][] = [
    ['', 'pods', 'spec.nodeName', 'spec.nodeName'],
    ['', 'pods', 'spec.host', 'spec.nodeName'],
    ['', 'pods', 'status.podIPs', 'status.podIPs'],
    ['', 'services', 'spec.type', 'spec.type'],
    ['', 'secrets', 'type', 'type'],
    ['', 'replicationcontrollers', 'status.replicas', 'status.replicas'],
    ['batch', 'jobs', 'status.successful', 'status.successful'],
    ['events.k8s.io', 'events', 'regarding.name', 'involvedObject.name'],
    ['events.k8s.io', 'events', 'reportingController', 'reportingComponent'],
    ['apps', 'deployments', 'metadata.namespace', 'metadata.namespace'],
    ['', 'persistentvolumes', 'metadata.namespace', 'metadata.namespace'],
  ];
  for (const [group, resource, field, as] of accepted) {
    it(`accepts ${field} on ${resource}${group ? `.${group}` : ''}`, () => {
      assert.deepEqual(convertFieldSelector(group, resource, [{ field, operator: '!=', value: 'v' }]), [
        { field: as, operator: '!=', value: 'v' },
      ]);
    });
  }
});

function object(
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
  namespace?: string,
): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', ...(namespace ? { namespace } : {}) }, ...body };
}

describe('objectFields', () => {
  it('gives a pod its selectable fields', () => {
    const pod = object(
      'v1',
      'Pod',
      {
        spec: {
          nodeName: 'node-1',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          serviceAccountName: 'default',
        },
        status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }] },
      },
      'default',
    );
    assert.deepEqual(objectFields('', 'pods', pod), {
      'metadata.name': 'x',
      'metadata.namespace': 'default',
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.7',
      'status.nominatedNodeName': '',
    });
  });

  const cases: [group: string, resource: string, obj: KubeObject, expected: Record<string, string>][] = [
    [
      '',
      'events',
      object(
        'v1',
        'Event',
        {
          involvedObject: {
            kind: 'Pod',
            namespace: 'default',
            name: 'web',
            uid: 'u1',
            apiVersion: 'v1',
            fieldPath: 'spec.containers{app}',
          },
          reason: 'Pulled',
          source: { component: 'kubelet', host: 'node-1' },
          type: 'Normal',
        },
        'default',
      ),
      {
        'metadata.name': 'x',
        'metadata.namespace': 'default',
        'involvedObject.kind': 'Pod',
        'involvedObject.namespace': 'default',
        'involvedObject.name': 'web',
        'involvedObject.uid': 'u1',
        'involvedObject.apiVersion': 'v1',
        'involvedObject.resourceVersion': '',
        'involvedObject.fieldPath': 'spec.containers{app}',
        reason: 'Pulled',
        reportingComponent: '',
        source: 'kubelet',
        type: 'Normal',
      },
    ],
    [
      'events.k8s.io',
      'events',
      object(
        'events.k8s.io/v1',
        'Event',
        {
          regarding: { kind: 'Deployment', name: 'web' },
          reason: 'ScalingReplicaSet',
          reportingController: 'deployment-controller',
          type: 'Normal',
        },
        'default',
      ),
      {
        'metadata.name': 'x',
        'metadata.namespace': 'default',
        'involvedObject.kind': 'Deployment',
        'involvedObject.namespace': '',
        'involvedObject.name': 'web',
        'involvedObject.uid': '',
        'involvedObject.apiVersion': '',
        'involvedObject.resourceVersion': '',
        'involvedObject.fieldPath': '',
        reason: 'ScalingReplicaSet',
        reportingComponent: 'deployment-controller',
        source: 'deployment-controller',
        type: 'Normal',
      },
    ],
    [
      '',
      'nodes',
      object('v1', 'Node', { spec: { unschedulable: true } }),
      { 'metadata.name': 'x', 'spec.unschedulable': 'true' },
    ],
    [
      '',
      'nodes',
      object('v1', 'Node', { spec: {} }),
      { 'metadata.name': 'x', 'spec.unschedulable': 'false' },
    ],
    [
      '',
      'namespaces',
      object('v1', 'Namespace', { status: { phase: 'Active' } }),
      { 'metadata.name': 'x', 'status.phase': 'Active', name: 'x' },
    ],
    [
      '',
      'secrets',
      object('v1', 'Secret', { type: 'kubernetes.io/tls' }, 'ns'),
      { 'metadata.name': 'x', 'metadata.namespace': 'ns', type: 'kubernetes.io/tls' },
    ],
    [
      '',
      'services',
      object('v1', 'Service', { spec: { type: 'ClusterIP', clusterIP: 'None' } }, 'ns'),
      {
        'metadata.name': 'x',
        'metadata.namespace': 'ns',
        'spec.clusterIP': 'None',
        'spec.type': 'ClusterIP',
      },
    ],
    [
      'apps',
      'replicasets',
      object('apps/v1', 'ReplicaSet', { status: { replicas: 3 } }, 'ns'),
      { 'metadata.name': 'x', 'metadata.namespace': 'ns', 'status.replicas': '3' },
    ],
    [
      '',
      'replicationcontrollers',
      object('v1', 'ReplicationController', { status: {} }, 'ns'),
      { 'metadata.name': 'x', 'metadata.namespace': 'ns', 'status.replicas': '0' },
    ],
    [
      'batch',
      'jobs',
      object('batch/v1', 'Job', { status: { succeeded: 1 } }, 'ns'),
      { 'metadata.name': 'x', 'metadata.namespace': 'ns', 'status.successful': '1' },
    ],
    [
      '',
      'configmaps',
      object('v1', 'ConfigMap', { data: {} }, 'ns'),
      { 'metadata.name': 'x', 'metadata.namespace': 'ns' },
    ],
    [
      'rbac.authorization.k8s.io',
      'clusterroles',
      object('rbac.authorization.k8s.io/v1', 'ClusterRole', {}),
      { 'metadata.name': 'x' },
    ],
  ];
  for (const [group, resource, obj, expected] of cases) {
    it(`gives ${resource}${group ? `.${group}` : ''} its fields`, () => {
      assert.deepEqual(objectFields(group, resource, obj), expected);
    });
  }
});

describe('fieldSelectorMatches', () => {
  const pod = object('v1', 'Pod', { spec: { nodeName: 'node-1' }, status: { phase: 'Running' } }, 'default');
  const fields = objectFields('', 'pods', pod);
  const cases: [selector: string, matches: boolean][] = [
    ['', true],
    ['status.phase=Running', true],
    ['status.phase==Running', true],
    ['status.phase!=Running', false],
    ['spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['spec.nodeName=', false],
    ['status.nominatedNodeName=', true],
    ['metadata.namespace=default,metadata.name=x', true],
    ['metadata.name=y', false],
    // status.podIPs is accepted but never selectable: it reads as empty.
    ['status.podIPs=10.0.0.1', false],
    ['status.podIPs!=10.0.0.1', true],
  ];
  for (const [selector, matches] of cases) {
    it(`${JSON.stringify(selector)} ${matches ? 'matches' : 'does not match'}`, () => {
      const requirements = convertFieldSelector('', 'pods', parseFieldSelector(selector));
      assert.equal(fieldSelectorMatches(requirements, fields), matches);
    });
  }

  it('matches an unscheduled pod with spec.nodeName= (legacy spec.host alias)', () => {
    const pending = objectFields('', 'pods', object('v1', 'Pod', { spec: {} }, 'default'));
    assert.equal(
      fieldSelectorMatches(convertFieldSelector('', 'pods', parseFieldSelector('spec.host=')), pending),
      true,
    );
  });

  it('treats a cluster-scoped object as having an empty namespace', () => {
    const fields = objectFields('', 'persistentvolumes', object('v1', 'PersistentVolume', {}));
    assert.equal(fieldSelectorMatches(parseFieldSelector('metadata.namespace='), fields), true);
    assert.equal(fieldSelectorMatches(parseFieldSelector('metadata.namespace=default'), fields), false);
  });
});
