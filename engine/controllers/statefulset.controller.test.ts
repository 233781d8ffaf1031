import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { type TestEngine, withEngine } from '../cluster/testing.ts';
import { podOrdinal } from './statefulset.controller.ts';

// nginx answers on port 80 from 500 ms after start; the readiness probe's first run comes with
// the status sync a second after the start.
function statefulSet(replicas: number, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
            },
          ],
        },
      },
      ...extra,
    },
  };
}

const webPods = (t: TestEngine): Pod[] => t.pods().filter((p) => p.metadata?.labels?.app === 'nginx');
const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name).sort();

describe('StatefulSet', () => {
  test('OrderedReady: each pod is created once the one before is Running and Ready', () =>
    withEngine((t) => {
      t.create(statefulSet(3));
      const timeline = t.record(() => names(webPods(t)).join(' '), 30_000);
      // web-0: sandbox 1 s, pull 2 s, ready 1 s after start (4 s); web-1 and web-2 find the
      // image present: sandbox 1 s, ready 1 s later.
      assert.deepEqual(timeline, [
        { at: 0, value: 'web-0' },
        { at: 4_000, value: 'web-0 web-1' },
        { at: 6_000, value: 'web-0 web-1 web-2' },
      ]);
      const pod = t.pod('web-1');
      assert.equal(pod.spec?.hostname, 'web-1');
      assert.equal(pod.spec?.subdomain, 'nginx');
      assert.equal(pod.metadata?.labels?.['statefulset.kubernetes.io/pod-name'], 'web-1');
      assert.equal(pod.metadata?.labels?.['apps.kubernetes.io/pod-index'], '1');
      assert.match(
        pod.metadata?.labels?.['controller-revision-hash'] ?? '',
        /^web-[bcdfghjklmnpqrstvwxz2456789]+$/,
      );
      assert.deepEqual(t.eventLines('default', 'web'), [
        'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
        'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
        'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
      ]);
      const sts = t.get<StatefulSet>('apps/v1', 'StatefulSet', 'default', 'web');
      assert.equal(sts?.status?.readyReplicas, 3);
      assert.equal(sts?.status?.currentRevision, sts?.status?.updateRevision);
      assert.equal(t.row('apps/v1', 'StatefulSet', 'default', 'web').Ready, '3/3');
    }));

  test('scaling down removes the highest ordinal first, one at a time', () =>
    withEngine((t) => {
      t.create(statefulSet(3));
      t.advance(20_000);
      const reply = t.request(
        'PATCH',
        '/apis/apps/v1/namespaces/default/statefulsets/web/scale',
        { spec: { replicas: 1 } },
        'application/merge-patch+json',
      );
      assert.equal(reply.status, 200);
      const timeline = t.record(
        () => names(webPods(t).filter((p) => !p.metadata?.deletionTimestamp)).join(' '),
        60_000,
      );
      assert.deepEqual(
        timeline.map((e) => e.value),
        // web-2 goes at once (the scale request is settled before it returns), web-1 once
        // web-2 is gone.
        ['web-0 web-1', 'web-0'],
      );
      const lines = t.eventLines('default', 'web').filter((l) => l.startsWith('SuccessfulDelete'));
      assert.deepEqual(lines, [
        'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
        'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
      ]);
    }));

  test('Parallel creates every pod at once', () =>
    withEngine((t) => {
      t.create(statefulSet(3, { podManagementPolicy: 'Parallel' }));
      assert.deepEqual(names(webPods(t)), ['web-0', 'web-1', 'web-2']);
    }));

  test('volumeClaimTemplates give each pod its own claim', () =>
    withEngine((t) => {
      t.create(
        statefulSet(2, {
          podManagementPolicy: 'Parallel',
          volumeClaimTemplates: [
            {
              metadata: { name: 'www' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            },
          ],
        }),
      );
      const claims = t.list<{ metadata: { name: string; labels?: Record<string, string> } }>(
        'v1',
        'PersistentVolumeClaim',
        'default',
      );
      assert.deepEqual(claims.map((c) => c.metadata.name).sort(), ['www-web-0', 'www-web-1']);
      assert.equal(claims[0]?.metadata.labels?.app, 'nginx');
      assert.deepEqual(t.pod('web-0').spec?.volumes?.find((v) => v.name === 'www')?.persistentVolumeClaim, {
        claimName: 'www-web-0',
      });
      assert.ok(
        t
          .eventLines('default', 'web')
          .includes('SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success'),
      );
    }));
});

test('pod ordinals', () => {
  assert.equal(podOrdinal('web', 'web-12'), 12);
  assert.equal(podOrdinal('web', 'web-012'), undefined);
  assert.equal(podOrdinal('web', 'webserver-1'), undefined);
});
