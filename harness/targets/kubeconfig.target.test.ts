import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { type RunningEngine, startEngine } from '../../engine/index.ts';
import { KubeClient } from '../kube/kube-client.ts';
import { VirtualTargetClock } from '../waiting/target-clock.ts';
import { KubeconfigTarget, MANAGED_BY_LABEL, scenarioNamespace } from './kubeconfig.target.ts';

test('scenario namespaces: readable, unique per process and sequence, valid names of at most 63 characters', () => {
  const cases: Array<[string, number, number, string]> = [
    ['features/self-healing.feature:6', 4242, 0, 'kuke-self-healing-feature-6-39u-0'],
    ['features/pods/image-pull.feature:5:12', 36, 35, 'kuke-pods-image-pull-feature-5-12-10-z'],
    ['/tmp/Ünïcode & spaces.feature:3', 1, 1, 'kuke-tmp-n-code-spaces-feature-3-1-1'],
    ['---', 7, 2, 'kuke-scenario-7-2'],
  ];
  for (const [id, pid, sequence, expected] of cases) {
    const name = scenarioNamespace(id, pid, sequence);
    assert.equal(name, expected);
    assert.ok(name.length <= 63, name);
    assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  }
  const long = scenarioNamespace(
    `${'very-long-directory-name/'.repeat(10)}x.feature:123`,
    4_194_304,
    1_000_000,
  );
  assert.ok(long.length <= 63, long);
  // Process 1 scenario 10 and process 36 scenario 0 must not meet.
  assert.notEqual(scenarioNamespace('a:1', 1, 36), scenarioNamespace('a:1', 37, 0));
});

describe('KubeconfigTarget against an in-process engine', () => {
  let engine: RunningEngine;
  let admin: KubeClient;
  let dir: string;
  let path: string;

  before(async () => {
    engine = await startEngine();
    admin = KubeClient.fromString(engine.kubeconfig);
    dir = mkdtempSync(join(tmpdir(), 'kuke-kubeconfig-target-'));
    path = join(dir, 'engine.kubeconfig');
    writeFileSync(path, engine.kubeconfig);
  });

  after(async () => {
    admin.close();
    await engine.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a session works in a namespace of its own and leaves nothing behind', async () => {
    const target = new KubeconfigTarget(path, undefined);
    await target.prepare();
    assert.deepEqual(target.shared(), { spec: `kubeconfig:${path}`, name: `kubeconfig:${path}` });
    const session = await target.openSession({ scenarioId: 'features/x.feature:3' });
    assert.match(
      session.namespace,
      new RegExp(`^kuke-features-x-feature-3-${process.pid.toString(36)}-\\d+$`),
    );
    const namespace = await admin.get('v1', 'Namespace', undefined, session.namespace);
    assert.deepEqual(namespace.metadata.labels, { ...namespace.metadata.labels, ...MANAGED_BY_LABEL });
    assert.deepEqual(session.capabilities, {
      virtualClock: false,
      engineControl: false,
      clusterFixtures: false,
    });
    // The engine runs on a virtual clock, so the session steps it rather than sleeping.
    assert.ok(session.clock instanceof VirtualTargetClock);
    // kubectl's kubeconfig points at the scenario's namespace.
    const forKubectl = parse(readFileSync(session.kubeconfigPath, 'utf8')) as {
      'current-context': string;
      contexts: Array<{ name: string; context: { namespace?: string } }>;
    };
    const current = forKubectl.contexts.find((c) => c.name === forKubectl['current-context']);
    assert.equal(current?.context.namespace, session.namespace);

    await session.client.create(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'kuke-test-role' },
        rules: [],
      },
      session.namespace,
    );
    session.trackClusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRole', 'kuke-test-role');
    session.trackClusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRole', 'already-gone');
    await session.close();
    assert.equal(
      await admin.find('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, 'kuke-test-role'),
      undefined,
    );
    const after = await admin.find('v1', 'Namespace', undefined, session.namespace);
    assert.ok(after === undefined || after.metadata.deletionTimestamp, 'the namespace is deleted');
    assert.equal(existsSync(session.kubeconfigPath), false);

    const second = await target.openSession({ scenarioId: 'features/x.feature:3' });
    assert.notEqual(second.namespace, session.namespace);
    await second.close();
  });

  test('credentials that cannot manage namespaces stop the run at prepare, saying why', async () => {
    const target = new KubeconfigTarget(path, 'kuke-jane');
    await assert.rejects(target.prepare(), {
      message: `target kubeconfig:${path}#kuke-jane: the cluster at ${engine.url} refused to list namespaces (403 Forbidden: namespaces is forbidden: User "jane" cannot list resource "namespaces" in API group "" at the cluster scope); scenarios need to create and delete namespaces`,
    });
  });

  test('a session needs a prepared target', async () => {
    await assert.rejects(new KubeconfigTarget(path, undefined).openSession({ scenarioId: 'a:1' }), {
      message: `target kubeconfig:${path} is not prepared`,
    });
  });
});
