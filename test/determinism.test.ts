import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEngine } from '../engine/index.ts';
import { KubeClient } from '../harness/kube/kube-client.ts';

/** What a person would compare between two runs: names, the order of events, and the outcome. */
async function run(seed: string): Promise<string[]> {
  const engine = await startEngine({ seed, startTime: Date.parse('2025-01-01T00:00:00Z') });
  const client = KubeClient.fromString(engine.kubeconfig);
  try {
    await client.create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
          },
        },
      },
      'default',
    );
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'hog' },
        spec: {
          containers: [
            {
              name: 'stress',
              image: 'polinux/stress',
              command: ['stress'],
              args: ['--vm', '1', '--vm-bytes', '250M'],
              resources: { limits: { memory: '100Mi' } },
            },
          ],
        },
      },
      'default',
    );
    await client.json('POST', '/kuke/v1/clock/advance?by=600000');
    const pods = await client.list('v1', 'Pod', 'default');
    const events = await client.list('v1', 'Event', 'default');
    return [
      ...pods.map(
        (p) =>
          `pod ${p.metadata.name} ${(p.status as { podIP?: string }).podIP} ${JSON.stringify((p.status as { containerStatuses?: unknown }).containerStatuses)}`,
      ),
      ...events.map(
        (e) =>
          `event ${e.metadata.name} ${e.reason} ${e.message} x${e.count ?? (e.series as { count?: number } | undefined)?.count ?? 1}`,
      ),
    ];
  } finally {
    client.close();
    await engine.stop();
  }
}

test('the same seed gives the same names, order of events and outcome', async () => {
  const first = await run('same-seed');
  const second = await run('same-seed');
  assert.ok(first.length > 20, `expected a busy cluster, got ${first.length} lines`);
  assert.deepEqual(second, first);
});

test('a different seed gives different generated names', async () => {
  const first = await run('seed-a');
  const second = await run('seed-b');
  const names = (lines: string[]) =>
    lines.filter((l) => l.startsWith('pod web-')).map((l) => l.split(' ')[1]);
  assert.notDeepEqual(names(first), names(second));
});
