/**
 * Each engine component writes as the real one: the kubelet as system:node:<node> (field manager
 * kubelet), the scheduler as system:kube-scheduler (kube-scheduler), controllers as
 * system:kube-controller-manager (kube-controller-manager), the hostPath provisioner as its
 * service account; managedFields and the events' writers show it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1';
import { podManifest, TestEngine } from '../engine/cluster/testing.ts';

let t: TestEngine;

before(async () => {
  t = await TestEngine.start();
  t.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
    },
  });
  t.create(podManifest('too-big', { image: 'nginx:1.27', resources: { requests: { cpu: '64' } } }));
  t.create({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  t.advance(60_000);
});
after(() => t.stop());

function managers(object: { metadata?: { managedFields?: ManagedFieldsEntry[] } } | undefined): string[] {
  return (object?.metadata?.managedFields ?? []).map(
    (entry) => `${entry.manager ?? ''}:${entry.operation}${entry.subresource ? `/${entry.subresource}` : ''}`,
  );
}

function eventManager(reason: string): string | undefined {
  const event = t.list<Event>('v1', 'Event', 'default').find((e) => e.reason === reason);
  return event?.metadata?.managedFields?.[0]?.manager;
}

describe('managedFields name the component that wrote', () => {
  test('a Deployment pod: created by the controller-manager, status by the kubelet', () => {
    const pod = t.pods().find((p) => p.metadata?.labels?.app === 'web');
    assert.deepEqual(managers(pod), ['kube-controller-manager:Update', 'kubelet:Update/status']);
  });

  test('an unschedulable pod: its PodScheduled condition by the scheduler', () => {
    assert.deepEqual(managers(t.pod('too-big')), [':Update', 'kube-scheduler:Update/status']);
  });

  test('the node: registered and reported by its kubelet', () => {
    const node = t.get('v1', 'Node', '', 'minikube');
    assert.deepEqual(managers(node), ['kubelet:Update', 'kubelet:Update/status']);
  });

  test("the node's lease: renewed by its kubelet", () => {
    const lease = t.get('coordination.k8s.io/v1', 'Lease', 'kube-node-lease', 'minikube');
    assert.deepEqual(managers(lease), ['kubelet:Update']);
  });

  test('a provisioned volume: created by the storage provisioner, phase by the controller-manager', () => {
    const [volume] = t.list('v1', 'PersistentVolume');
    // Entries of the same second are sorted by manager name (sortEncodedManagedFields).
    assert.deepEqual(managers(volume), [
      'kube-controller-manager:Update/status',
      'storage-provisioner:Update',
    ]);
  });
});

describe('events are written by their component', () => {
  const cases: Array<[reason: string, manager: string]> = [
    ['ScalingReplicaSet', 'kube-controller-manager'],
    ['SuccessfulCreate', 'kube-controller-manager'],
    ['Scheduled', 'kube-scheduler'],
    ['FailedScheduling', 'kube-scheduler'],
    ['Pulling', 'kubelet'],
    ['Started', 'kubelet'],
    ['ExternalProvisioning', 'kube-controller-manager'],
    ['ProvisioningSucceeded', 'storage-provisioner'],
  ];
  for (const [reason, manager] of cases) {
    test(`${reason}: ${manager}`, () => assert.equal(eventManager(reason), manager));
  }
});

test('the kubelet of a node authenticates as system:node:<node> in system:nodes', () => {
  const kubelet = t.engine.fleet.kubelet('minikube');
  assert.deepEqual(kubelet?.client.user, {
    username: 'system:node:minikube',
    groups: ['system:nodes', 'system:authenticated'],
  });
  assert.equal(kubelet?.client.fieldManager, 'kubelet');
});
