import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LifecycleHandler, Pod } from 'kubernetes-types/core/v1';
import {
  firstContainerStatus as app,
  podManifest,
  containerStateOf as stateOf,
  withEngine,
} from '../cluster/testing.ts';
import type { ContainerBehaviour } from './image-profiles/index.ts';
import { type HookOutcome, runLifecycleHook } from './lifecycle-hooks.ts';

// busybox: the sandbox is ready 1 s after scheduling, the pull takes 1 s, so the container starts at 2 s.

describe('postStart hooks', () => {
  test('the container shows as running only once its hook returns, started when it started', () =>
    withEngine((t) => {
      t.create(
        podManifest('hooked', {
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 5; touch /tmp/ready'] } } },
          readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5 },
        }),
      );
      const timeline = t.record(() => {
        const s = app(t.pod('hooked'));
        return `${stateOf(s)} ready=${s.ready}`;
      }, 20_000);
      assert.deepEqual(
        timeline.map((e) => `${e.at} ${e.value}`),
        ['0 waiting:ContainerCreating ready=false', '7000 running ready=false', '8000 running ready=true'],
      );
      const status = app(t.pod('hooked'));
      assert.equal(Date.parse(status.state?.running?.startedAt ?? '') - t.now() + t.elapsed(), 2_000);
      assert.equal(status.restartCount, 0);
      assert.deepEqual(
        t.eventLines('default', 'hooked').filter((line) => /^(Created|Started|Unhealthy)/.test(line)),
        ['Created: Created container: app', 'Started: Started container app'],
      );
    }));

  test('a hook that fails kills the container, which waits as PostStartHookError, then backs off', () =>
    withEngine((t) => {
      const pod = t.create<Pod>(
        podManifest('hooked', {
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo no >&2; exit 3'] } } },
        }),
      );
      t.until(() => app(t.pod('hooked')).state?.waiting?.reason === 'PostStartHookError', 60_000);
      const status = app(t.pod('hooked'));
      assert.equal(
        status.state?.waiting?.message,
        `Exec lifecycle hook ([sh -c echo no >&2; exit 3]) for Container "app" in Pod "hooked_default(${pod.metadata?.uid})" failed - error: command 'sh -c echo no >&2; exit 3' exited with 3: no\n, message: "no\\n"`,
      );
      // sleep ignores SIGTERM: it is killed at the end of the 30 s grace period.
      assert.equal(status.lastState?.terminated?.exitCode, 137);
      const lines = t.eventLines('default', 'hooked');
      assert.ok(lines.includes('FailedPostStartHook: PostStartHook failed'), lines.join('\n'));
      assert.ok(lines.includes('Killing: FailedPostStartHook'), lines.join('\n'));
      const failed = t.events('default', 'hooked').find((e) => e.reason === 'FailedPostStartHook');
      assert.equal(failed?.type, 'Warning');
      assert.equal(failed?.involvedObject.fieldPath, 'spec.containers{app}');
      t.until(() => app(t.pod('hooked')).state?.waiting?.reason === 'CrashLoopBackOff', 200_000);
      assert.ok(app(t.pod('hooked')).restartCount >= 1);
      assert.equal(t.pod('hooked').status?.phase, 'Running');
    }));

  test('an httpGet hook fails when nothing listens yet: it runs as soon as the process starts', () =>
    withEngine((t) => {
      t.create(
        podManifest('closed', {
          image: 'nginx:1.27',
          lifecycle: { postStart: { httpGet: { path: '/hook', port: 80 } } },
        }),
      );
      t.until(() => app(t.pod('closed')).state?.waiting?.reason === 'PostStartHookError', 60_000);
      const closed = t.pod('closed');
      const ip = closed.status?.podIP;
      assert.equal(
        app(closed).state?.waiting?.message,
        `HTTP lifecycle hook (/hook) for Container "app" in Pod "closed_default(${closed.metadata?.uid})" failed - error: Get "http://${ip}:80/hook": dial tcp ${ip}:80: connect: connection refused`,
      );
    }));
});

describe('runLifecycleHook', () => {
  const listening = {
    httpGet: (port: number) => (port === 80 ? { status: 404, body: '' } : undefined),
    exec: () => ({ exitCode: 0, stdout: '', stderr: '', output: [], durationMs: 1500 }),
  } as unknown as ContainerBehaviour;
  const container = { name: 'app', ports: [{ name: 'http', containerPort: 80 }] };
  const cases: Array<{ name: string; handler: LifecycleHandler; outcome: HookOutcome }> = [
    {
      name: 'any HTTP answer will do, even 404',
      handler: { httpGet: { path: '/x', port: 'http' } },
      outcome: { durationMs: 0 },
    },
    { name: 'sleep takes its seconds', handler: { sleep: { seconds: 7 } }, outcome: { durationMs: 7000 } },
    {
      name: 'exec takes as long as its command',
      handler: { exec: { command: ['true'] } },
      outcome: { durationMs: 1500 },
    },
    {
      name: 'a refused connection fails',
      handler: { httpGet: { path: 'ping', port: 81, host: 'example' } },
      outcome: {
        durationMs: 0,
        failure:
          'HTTP lifecycle hook (ping) for Container "app" in Pod "p_ns(u)" failed - error: Get "http://example:81/ping": dial tcp example:81: connect: connection refused',
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(
        runLifecycleHook(c.handler, container, listening, 'p_ns(u)', '10.244.0.5', 0),
        c.outcome,
      );
    });
  }
});
