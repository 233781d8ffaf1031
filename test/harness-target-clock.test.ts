// How scenarios wait: on the bundled engine's virtual clock (time jumps from change to change,
// exactly to the deadline, in milliseconds of wall time) and on the wall clock (polling against
// a real deadline).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningEngine, startEngine } from '../engine/index.ts';
import { KubeClient } from '../harness/kube/kube-client.ts';
import { type Probe, VirtualTargetClock, WallTargetClock } from '../harness/waiting/target-clock.ts';

describe('VirtualTargetClock against an in-process engine', () => {
  let engine: RunningEngine;
  let client: KubeClient;
  let clock: VirtualTargetClock;

  before(async () => {
    engine = await startEngine();
    client = KubeClient.fromString(engine.kubeconfig);
    clock = new VirtualTargetClock(client);
  });

  after(async () => {
    client.close();
    await engine.stop();
  });

  const podPhase = async (name: string) =>
    ((await client.find('v1', 'Pod', 'default', name))?.status as { phase?: string } | undefined)?.phase;

  test("now() is the engine's cluster time, and pass() moves it exactly", async () => {
    const start = await clock.now();
    assert.equal(start, engine.clock.now().getTime());
    await clock.pass(90_000);
    assert.equal(await clock.now(), start + 90_000);
    assert.equal(engine.clock.now().getTime(), start + 90_000);
  });

  test('until() steps from change to change and returns as soon as the probe holds', async () => {
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
      'default',
    );
    const phases: Array<string | undefined> = [];
    const probe: Probe<string | undefined> = async () => {
      const phase = await podPhase('web');
      phases.push(phase);
      return { ok: phase === 'Running', observed: phase };
    };
    const wall = Date.now();
    const result = await clock.until(probe, 5 * 60_000);
    assert.equal(result.ok, true);
    assert.equal(result.last.observed, 'Running');
    assert.ok(result.waitedMs > 0 && result.waitedMs < 5 * 60_000, `waited ${result.waitedMs} ms`);
    assert.equal(result.observations, phases.length);
    assert.equal(phases[0], 'Pending');
    assert.ok(Date.now() - wall < 5_000, 'minutes of cluster time in seconds of wall time');
  });

  test('until() that never holds ends exactly at the deadline', async () => {
    const start = await clock.now();
    const result = await clock.until(async () => ({ ok: false, observed: 'nope' }), 10 * 60_000);
    assert.equal(result.ok, false);
    assert.equal(result.last.observed, 'nope');
    assert.equal(result.waitedMs, 10 * 60_000);
    assert.equal(await clock.now(), start + 10 * 60_000);
  });

  test('throughout() holds for the whole span, or fails at the first observation that breaks', async () => {
    const held = await clock.throughout(async () => {
      const phase = await podPhase('web');
      return { ok: phase === 'Running', observed: phase };
    }, 2 * 60_000);
    assert.equal(held.ok, true);
    assert.equal(held.waitedMs, 2 * 60_000);

    await client.delete('v1', 'Pod', 'default', 'web', { gracePeriodSeconds: 0 });
    const broken = await clock.throughout(async () => {
      const phase = await podPhase('web');
      return { ok: phase === 'Running', observed: phase ?? 'gone' };
    }, 2 * 60_000);
    assert.equal(broken.ok, false);
    assert.equal(broken.last.observed, 'gone');
    assert.equal(broken.waitedMs, 0);
    assert.equal(broken.observations, 1);
  });
});

describe('VirtualTargetClock watching storage keys', () => {
  // Two engines from the same seed and start time live the same history; only the waits differ.
  // `busybox` (:latest) is pulled before every start, and its Pulling event comes at an instant of
  // its own, when no pod changes.
  const restartFiveTimes = async (watching?: readonly string[]) => {
    const engine = await startEngine({ seed: 'watch', startTime: Date.UTC(2026, 0, 1) });
    const client = KubeClient.fromString(engine.kubeconfig);
    try {
      const clock = new VirtualTargetClock(client);
      await client.create(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'crasher' },
          spec: { containers: [{ name: 'crash', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] },
        },
        'default',
      );
      const start = await clock.now();
      const result = await clock.until(
        async () => {
          const pod = await client.find('v1', 'Pod', 'default', 'crasher');
          const statuses = (pod?.status as { containerStatuses?: Array<{ restartCount: number }> })
            ?.containerStatuses;
          const restarts = statuses?.[0]?.restartCount ?? 0;
          return { ok: restarts >= 5, observed: restarts };
        },
        10 * 60_000,
        watching,
      );
      return { ...result, waitedMs: (await clock.now()) - start };
    } finally {
      client.close();
      await engine.stop();
    }
  };

  test('watching only /pods looks again only when a pod changed, and sees the same outcome', async () => {
    const everything = await restartFiveTimes();
    const podsOnly = await restartFiveTimes(['/pods']);
    assert.equal(everything.ok, true);
    assert.equal(podsOnly.ok, true);
    assert.equal(podsOnly.waitedMs, everything.waitedMs, 'the fifth restart comes at the same cluster time');
    assert.ok(
      podsOnly.observations < everything.observations,
      `${podsOnly.observations} observations watching /pods, ${everything.observations} watching everything`,
    );
  });
});

describe('WallTargetClock', () => {
  const clock = new WallTargetClock(20);

  test('until() polls until the deadline and reports what it last saw', async () => {
    let looks = 0;
    const started = Date.now();
    const result = await clock.until(async () => ({ ok: false, observed: ++looks }), 200);
    const elapsed = Date.now() - started;
    assert.equal(result.ok, false);
    assert.ok(elapsed >= 200 && elapsed < 2_000, `took ${elapsed} ms`);
    assert.ok(result.waitedMs >= 200);
    assert.ok(result.observations >= 3, `${result.observations} observations`);
    assert.equal(result.last.observed, looks);
  });

  test('until() returns at the first observation that holds', async () => {
    let looks = 0;
    const result = await clock.until(async () => ({ ok: ++looks === 3, observed: looks }), 5_000);
    assert.deepEqual([result.ok, result.observations, result.last.observed], [true, 3, 3]);
    assert.ok(result.waitedMs < 1_000);
  });

  test('throughout() lasts the span, or stops at the first break', async () => {
    const started = Date.now();
    const held = await clock.throughout(async () => ({ ok: true, observed: 'fine' }), 150);
    assert.equal(held.ok, true);
    assert.ok(Date.now() - started >= 150);
    let looks = 0;
    const broken = await clock.throughout(async () => ({ ok: ++looks < 2, observed: looks }), 5_000);
    assert.deepEqual([broken.ok, broken.observations], [false, 2]);
    assert.ok(broken.waitedMs < 1_000);
  });

  test('pass() waits that long on the wall clock', async () => {
    const started = Date.now();
    await clock.pass(100);
    assert.ok(Date.now() - started >= 99);
    assert.equal(clock.virtual, false);
    assert.ok(Math.abs((await clock.now()) - Date.now()) < 50);
  });
});
