import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { TestEngine } from '../cluster/testing.ts';
import { cpuUsageMillicores } from './container-usage.ts';

describe('CPU usage is throttled at the limit', () => {
  const cases: Array<{ name: string; demand: number; limit?: string; node: number; usage: number }> = [
    { name: 'under its limit: what it asks for', demand: 250, limit: '500m', node: 2000, usage: 250 },
    { name: 'over its limit: the limit', demand: 2000, limit: '500m', node: 2000, usage: 500 },
    { name: 'a limit in cores', demand: 2000, limit: '1', node: 2000, usage: 1000 },
    { name: 'no limit: what it asks for', demand: 1500, node: 2000, usage: 1500 },
    { name: 'no limit: never more than the node has', demand: 4000, node: 2000, usage: 2000 },
    { name: 'a limit above the node: the node', demand: 4000, limit: '3', node: 2000, usage: 2000 },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(cpuUsageMillicores(c.demand, c.limit, c.node), c.usage));
  }
});

describe('a container over its CPU limit', () => {
  test('keeps running, throttled, and is never restarted', async () => {
    const t = await TestEngine.start();
    try {
      // The Kubernetes documentation's CPU limit example: vish/stress asking for 2 CPUs under a limit of 1.
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'cpu-demo', namespace: 'default' },
        spec: {
          containers: [
            {
              name: 'cpu-demo-ctr',
              image: 'vish/stress',
              args: ['-cpus', '2'],
              resources: { limits: { cpu: '1' }, requests: { cpu: '500m' } },
            },
          ],
        },
      });
      const restarts = t.record(() => {
        const status = t.pod('cpu-demo').status?.containerStatuses?.[0];
        return `${status?.state?.running ? 'running' : 'not running'} ${status?.restartCount}`;
      }, 3_600_000);
      assert.deepEqual(
        restarts.map((e) => e.value),
        ['not running 0', 'running 0'],
      );
      assert.equal(t.pod('cpu-demo').status?.phase, 'Running');
      assert.deepEqual(
        t.eventLines('default', 'cpu-demo').filter((line) => /Killing|BackOff|OOM/.test(line)),
        [],
      );
      const pod = t.pod('cpu-demo') as Pod;
      const worker = t.engine.fleet.kubelet('minikube')?.worker(pod.metadata?.uid ?? '');
      assert.deepEqual(
        worker?.containerStats(t.now())?.map((s) => [s.name, s.cpuMillicores]),
        [['cpu-demo-ctr', 1000]],
      );
    } finally {
      await t.stop();
    }
  });
});
