import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { podManifest, type TestEngine, withEngine } from '../cluster/testing.ts';
import { externalProvisioningMessage, NO_CLASS_MESSAGE } from './persistentvolume-binder.controller.ts';

function claim(name: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

function staticVolume(name: string, size: string, className = '') {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: size },
      hostPath: { path: `/data/${name}` },
      ...(className ? { storageClassName: className } : {}),
    },
  };
}

const getClaim = (t: TestEngine, name: string) => {
  const found = t.get<PersistentVolumeClaim>('v1', 'PersistentVolumeClaim', 'default', name);
  assert.ok(found, `claim ${name}`);
  return found;
};
const getVolume = (t: TestEngine, name: string) =>
  t.get<PersistentVolume>('v1', 'PersistentVolume', '', name);

describe('dynamic provisioning with the default StorageClass', () => {
  test('a claim without a class gets `standard`, a pvc-<uid> hostPath volume, and is Bound', () =>
    withEngine((t) => {
      const created = t.create<PersistentVolumeClaim>(claim('data'));
      assert.equal(created.spec?.storageClassName, 'standard');
      assert.deepEqual(created.metadata?.finalizers, ['kubernetes.io/pvc-protection']);
      assert.deepEqual(created.status, { phase: 'Pending' });
      t.until(() => getClaim(t, 'data').status?.phase === 'Bound', 10_000);
      const bound = getClaim(t, 'data');
      const volumeName = `pvc-${created.metadata?.uid}`;
      assert.equal(bound.spec?.volumeName, volumeName);
      assert.deepEqual(bound.metadata?.annotations, {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
        'volume.kubernetes.io/storage-provisioner': 'k8s.io/minikube-hostpath',
      });
      assert.deepEqual(bound.status, {
        phase: 'Bound',
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '1Gi' },
      });
      const volume = getVolume(t, volumeName);
      assert.ok(volume);
      assert.equal(
        volume.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'],
        'k8s.io/minikube-hostpath',
      );
      assert.match(volume.metadata?.annotations?.hostPathProvisionerIdentity ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(volume.metadata?.finalizers, ['kubernetes.io/pv-protection']);
      assert.deepEqual(volume.spec?.hostPath, { path: '/tmp/hostpath-provisioner/default/data', type: '' });
      assert.equal(volume.spec?.persistentVolumeReclaimPolicy, 'Delete');
      assert.equal(volume.spec?.storageClassName, 'standard');
      assert.equal(volume.spec?.claimRef?.uid, created.metadata?.uid);
      assert.equal(volume.status?.phase, 'Bound');
      const events = t.events('default', 'data').map((e) => [e.reason, e.source?.component, e.message]);
      const provisioner = `k8s.io/minikube-hostpath_minikube_${volume.metadata?.annotations?.hostPathProvisionerIdentity}`;
      assert.deepEqual(events, [
        [
          'ExternalProvisioning',
          'persistentvolume-controller',
          externalProvisioningMessage('k8s.io/minikube-hostpath'),
        ],
        ['Provisioning', provisioner, 'External provisioner is provisioning volume for claim "default/data"'],
        ['ProvisioningSucceeded', provisioner, `Successfully provisioned volume ${volumeName}`],
      ]);
      assert.deepEqual(
        Object.fromEntries(
          ['Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass'].map((c) => [
            c,
            t.row('v1', 'PersistentVolumeClaim', 'default', 'data')[c],
          ]),
        ),
        {
          Status: 'Bound',
          Volume: volumeName,
          Capacity: '1Gi',
          'Access Modes': 'RWO',
          StorageClass: 'standard',
        },
      );
    }));

  test('deleting the claim while a pod mounts it waits for the pod; the volume is then deleted', () =>
    withEngine((t) => {
      t.create(claim('shared'));
      t.create(
        podManifest(
          'user',
          { image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'shared' } }] },
        ),
      );
      t.until(() => t.pod('user').status?.phase === 'Running', 60_000);
      const volumeName = getClaim(t, 'shared').spec?.volumeName ?? '';
      t.delete('v1', 'PersistentVolumeClaim', 'default', 'shared');
      t.advance(5_000);
      assert.ok(getClaim(t, 'shared').metadata?.deletionTimestamp, 'Terminating while the pod uses it');
      assert.equal(t.row('v1', 'PersistentVolumeClaim', 'default', 'shared').Status, 'Terminating');
      t.delete('v1', 'Pod', 'default', 'user');
      t.until(() => t.get('v1', 'PersistentVolumeClaim', 'default', 'shared') === undefined, 60_000);
      t.until(() => getVolume(t, volumeName) === undefined, 10_000);
    }));
});

describe('binding to existing volumes', () => {
  const cases: Array<{
    name: string;
    volumes: Array<[name: string, size: string, className?: string]>;
    claim: Record<string, unknown>;
    boundTo?: string;
    event?: [string, string];
  }> = [
    {
      name: 'the smallest volume that fits',
      volumes: [
        ['big', '10Gi'],
        ['small', '1Gi'],
        ['tiny', '500Mi'],
      ],
      claim: { storageClassName: '' },
      boundTo: 'small',
    },
    {
      name: 'only a volume of the same class',
      volumes: [
        ['plain', '5Gi'],
        ['fast', '5Gi', 'fast'],
      ],
      claim: { storageClassName: 'fast' },
      boundTo: 'fast',
    },
    {
      name: 'a claim naming its volume',
      volumes: [
        ['first', '2Gi'],
        ['second', '2Gi'],
      ],
      claim: { storageClassName: '', volumeName: 'second' },
      boundTo: 'second',
    },
    {
      name: 'no volume and no class: FailedBinding',
      volumes: [['tiny', '100Mi']],
      claim: { storageClassName: '' },
      event: ['FailedBinding', NO_CLASS_MESSAGE],
    },
    {
      name: 'an unknown class: ProvisioningFailed',
      volumes: [],
      claim: { storageClassName: 'gold' },
      event: ['ProvisioningFailed', 'storageclass.storage.k8s.io "gold" not found'],
    },
  ];
  cases.forEach((c, i) => {
    test(c.name, () =>
      withEngine((t) => {
        for (const [name, size, className] of c.volumes) t.create(staticVolume(name, size, className));
        t.advance(1_000);
        for (const [name] of c.volumes) assert.equal(getVolume(t, name)?.status?.phase, 'Available');
        const name = `claim-${i}`;
        t.create(claim(name, c.claim));
        t.advance(2_000);
        const result = getClaim(t, name);
        if (c.boundTo) {
          assert.equal(result.status?.phase, 'Bound');
          assert.equal(result.spec?.volumeName, c.boundTo);
          const volume = getVolume(t, c.boundTo);
          assert.equal(volume?.status?.phase, 'Bound');
          assert.equal(volume?.spec?.claimRef?.name, name);
          const boundBy = c.claim.volumeName ? undefined : 'yes';
          assert.equal(result.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], boundBy);
          assert.equal(volume?.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
        } else {
          assert.equal(result.status?.phase, 'Pending');
          const events = t.events('default', name).map((e) => [e.reason, e.message]);
          assert.deepEqual(events[0], c.event);
        }
      }),
    );
  });

  test('a static volume whose claim is deleted is Released and kept (Retain)', () =>
    withEngine((t) => {
      t.create(staticVolume('keep', '1Gi'));
      t.create(claim('brief', { storageClassName: '' }));
      t.until(() => getClaim(t, 'brief').status?.phase === 'Bound', 10_000);
      t.delete('v1', 'PersistentVolumeClaim', 'default', 'brief');
      t.until(() => getVolume(t, 'keep')?.status?.phase === 'Released', 10_000);
      t.advance(10_000);
      assert.equal(getVolume(t, 'keep')?.spec?.persistentVolumeReclaimPolicy, 'Retain');
      assert.equal(getVolume(t, 'keep')?.status?.phase, 'Released');
    }));
});

test('StatefulSet volumeClaimTemplates are provisioned and Bound', () =>
  withEngine((t) => {
    t.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    });
    t.until(() => t.get('v1', 'PersistentVolumeClaim', 'default', 'data-db-0') !== undefined, 10_000);
    t.until(() => getClaim(t, 'data-db-0').status?.phase === 'Bound', 10_000);
    const result = getClaim(t, 'data-db-0');
    assert.equal(result.spec?.storageClassName, 'standard');
    assert.equal(
      getVolume(t, result.spec?.volumeName ?? '')?.spec?.hostPath?.path,
      '/tmp/hostpath-provisioner/default/data-db-0',
    );
  }));

// The scheduler retries pods that VolumeBinding rejected on claim, volume and class changes, as
// upstream's queueing hints do, so the pod runs once its claim is Bound.
test('a StatefulSet pod rejected for its unbound claim is scheduled as soon as the claim is Bound', () =>
  withEngine((t) => {
    t.create({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    });
    t.until(() => getClaim(t, 'data-db-0')?.status?.phase === 'Bound', 10_000);
    t.until(
      () =>
        t.get<{ status?: { phase?: string } }>('v1', 'Pod', 'default', 'db-0')?.status?.phase === 'Running',
      60_000,
    );
    const pod = t.get<{ spec?: { nodeName?: string } }>('v1', 'Pod', 'default', 'db-0');
    assert.equal(pod?.spec?.nodeName, 'minikube');
  }));
