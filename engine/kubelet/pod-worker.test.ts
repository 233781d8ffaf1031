import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  firstContainerStatus as app,
  podManifest,
  containerStateOf as stateOf,
  withEngine,
} from '../cluster/testing.ts';

// Timings on the bundled kubelet: the sandbox is ready 1 s after the pod lands on the node, a
// busybox pull takes 1 s, polinux/stress 2 s, nginx 2 s; a container exit is noticed on the
// next relist, 1 s later.

const STRESS_250M = {
  image: 'polinux/stress',
  imagePullPolicy: 'IfNotPresent',
  command: ['stress'],
  args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
  resources: { limits: { memory: '100Mi' }, requests: { memory: '50Mi' } },
};

describe('OOMKilled and CrashLoopBackOff', () => {
  test('restarts at once, then after 10s, 20s, 40s … capped at 5m', () =>
    withEngine((t) => {
      const pod = t.create<Pod>(podManifest('memory-demo', STRESS_250M));
      const timeline = t.record(() => {
        const s = app(t.pod('memory-demo'));
        return `${stateOf(s)} ${s.restartCount}`;
      }, 1_300_000);
      const starts = timeline.filter((e) => e.value.startsWith('running')).map((e) => e.at);
      const kills = timeline.filter((e) => e.value.startsWith('terminated:OOMKilled')).map((e) => e.at);
      // Pulled 1 s after the sandbox (2 s pull), running at 3 s; 250M passes 100Mi 80 ms later.
      assert.deepEqual(starts.slice(0, 3), [3_000, 4_080, 14_160]);
      assert.deepEqual(
        kills.slice(0, 3).map((k, i) => k - starts[i]!),
        [80, 80, 80],
      );
      // From the exit to the next start: the relist (1 s) for the first restart, then the back-off.
      const delays = starts.slice(1, 9).map((start, i) => start - kills[i]!);
      assert.deepEqual(delays, [1_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
      const status = app(t.pod('memory-demo'));
      assert.equal(status.lastState?.terminated?.reason, 'OOMKilled');
      assert.equal(status.lastState?.terminated?.exitCode, 137);
      const uid = pod.metadata?.uid;
      const backOff = t.events('default', 'memory-demo').filter((e) => e.reason === 'BackOff');
      assert.equal(backOff.length, 1);
      assert.equal(backOff[0]?.type, 'Warning');
      assert.equal(
        backOff[0]?.message,
        `Back-off restarting failed container app in pod memory-demo_default(${uid})`,
      );
      // One BackOff per crash from the second on, counted on a single event.
      assert.equal(backOff[0]?.count, kills.length - 1);
      assert.equal(backOff[0]?.involvedObject.fieldPath, 'spec.containers{app}');
    }));

  test('waits in CrashLoopBackOff with the back-off in the waiting message', () =>
    withEngine((t) => {
      const pod = t.create<Pod>(podManifest('memory-demo', STRESS_250M));
      t.until(() => app(t.pod('memory-demo')).state?.waiting?.reason === 'CrashLoopBackOff', 60_000);
      assert.equal(t.elapsed(), 5_160);
      const status = app(t.pod('memory-demo'));
      assert.equal(
        status.state?.waiting?.message,
        `back-off 10s restarting failed container=app pod=memory-demo_default(${pod.metadata?.uid})`,
      );
      assert.equal(status.restartCount, 1);
      assert.equal(status.ready, false);
      assert.equal(t.pod('memory-demo').status?.phase, 'Running');
      assert.equal(t.row('v1', 'Pod', 'default', 'memory-demo').Status, 'CrashLoopBackOff');
    }));

  test('the image ID names the image repository, not docker.io/library', () =>
    withEngine((t) => {
      t.create(podManifest('memory-demo', STRESS_250M));
      t.until(() => app(t.pod('memory-demo')).state?.running !== undefined, 10_000);
      const status = app(t.pod('memory-demo'));
      assert.match(status.imageID, /^docker\.io\/polinux\/stress@sha256:[0-9a-f]{64}$/);
      assert.equal(status.image, 'docker.io/polinux/stress:latest');
    }));
});

describe('back-off reset', () => {
  const cases = [
    { name: 'a container that ran 5 minutes backs off 10s', runFor: 300, delays: [1_000, 10_000, 20_000] },
    { name: 'a container that ran 11 minutes restarts at once', runFor: 660, delays: [1_000, 1_000, 1_000] },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withEngine((t) => {
        t.create(
          podManifest('crasher', {
            image: 'busybox:1.36',
            command: ['sh', '-c', `sleep ${c.runFor}; exit 1`],
          }),
        );
        const timeline = t.record(() => stateOf(app(t.pod('crasher'))), (c.runFor * 4 + 100) * 1000);
        const starts = timeline.filter((e) => e.value === 'running').map((e) => e.at);
        const exits = timeline.filter((e) => e.value === 'terminated:Error').map((e) => e.at);
        const delays = starts.slice(1, 4).map((start, i) => start - exits[i]!);
        assert.deepEqual(delays, c.delays);
      }),
    );
  }
});

describe('image pulls', () => {
  test('a missing image: ErrImagePull, then ImagePullBackOff, retried after 10s, 20s', () =>
    withEngine((t) => {
      t.create(podManifest('missing', { image: 'nginx:does-not-exist' }));
      const timeline = t.record(() => {
        const s = app(t.pod('missing'));
        return s.state?.waiting?.reason ?? stateOf(s);
      }, 40_000);
      assert.deepEqual(timeline, [
        { at: 0, value: 'ContainerCreating' },
        { at: 1_500, value: 'ErrImagePull' },
        { at: 2_500, value: 'ImagePullBackOff' },
        { at: 12_000, value: 'ErrImagePull' },
        { at: 13_000, value: 'ImagePullBackOff' },
        { at: 32_500, value: 'ErrImagePull' },
        { at: 33_500, value: 'ImagePullBackOff' },
      ]);
      const status = app(t.pod('missing'));
      assert.equal(status.state?.waiting?.message, 'Back-off pulling image "nginx:does-not-exist"');
      assert.equal(t.pod('missing').status?.phase, 'Pending');
      const reasons = t.eventLines('default', 'missing').slice(1, 6);
      assert.deepEqual(reasons, [
        'Pulling: Pulling image "nginx:does-not-exist"',
        'Failed: Failed to pull image "nginx:does-not-exist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:does-not-exist": failed to resolve reference "docker.io/library/nginx:does-not-exist": docker.io/library/nginx:does-not-exist: not found',
        'Failed: Error: ErrImagePull',
        'BackOff: Back-off pulling image "nginx:does-not-exist"',
        'Failed: Error: ImagePullBackOff',
      ]);
      const logs = t.logs('missing');
      assert.equal(logs.status, 400);
      assert.equal(
        (logs.body as { message: string }).message,
        'container "app" in pod "missing" is waiting to start: trying and failing to pull image',
      );
    }));
});

describe('init containers', () => {
  test('run in order; kubectl shows Init:0/2, Init:1/2, PodInitializing, Running', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'with-init', namespace: 'default' },
        spec: {
          initContainers: [
            { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2'] },
            { name: 'second', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3'] },
          ],
          containers: [{ name: 'app', image: 'nginx:1.25' }],
        },
      });
      const timeline = t.record(() => {
        const row = t.row('v1', 'Pod', 'default', 'with-init');
        return `${row.Status} ${row.Ready} ${t.pod('with-init').status?.phase}`;
      }, 30_000);
      // first: pulled 1 s, runs 2–4 s; second starts after the relist (5 s), its image already
      // there: runs 5–8 s; the app starts after the next relist (9 s) and a 2 s nginx pull.
      assert.deepEqual(timeline, [
        { at: 0, value: 'Init:0/2 0/1 Pending' },
        { at: 4_000, value: 'Init:1/2 0/1 Pending' },
        { at: 8_000, value: 'PodInitializing 0/1 Pending' },
        { at: 11_000, value: 'Running 1/1 Running' },
      ]);
      const pod = t.pod('with-init');
      assert.deepEqual(
        pod.status?.initContainerStatuses?.map((s) => [s.name, s.state?.terminated?.reason, s.ready]),
        [
          ['first', 'Completed', true],
          ['second', 'Completed', true],
        ],
      );
    }));

  test('Initialized stays False with the incomplete init containers listed', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'with-init', namespace: 'default' },
        spec: {
          initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }],
          containers: [{ name: 'app', image: 'nginx:1.25' }],
        },
      });
      t.advance(10_000);
      const initialized = t.pod('with-init').status?.conditions?.find((c) => c.type === 'Initialized');
      assert.equal(initialized?.status, 'False');
      assert.equal(initialized?.reason, 'ContainersNotInitialized');
      assert.equal(initialized?.message, 'containers with incomplete status: [wait]');
      assert.equal(app(t.pod('with-init')).state?.waiting?.reason, 'PodInitializing');
    }));

  test('a failing init container with restartPolicy Never fails the pod', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bad-init', namespace: 'default' },
        spec: {
          restartPolicy: 'Never',
          initContainers: [{ name: 'check', image: 'busybox:1.36', command: ['sh', '-c', 'exit 2'] }],
          containers: [{ name: 'app', image: 'nginx:1.25' }],
        },
      });
      t.until(() => t.pod('bad-init').status?.phase === 'Failed', 30_000);
      assert.equal(t.row('v1', 'Pod', 'default', 'bad-init').Status, 'Init:Error');
    }));
});

describe('restart policies', () => {
  const cases = [
    { policy: 'Never', code: 0, phase: 'Succeeded', status: 'Completed', restarts: 0 },
    { policy: 'Never', code: 1, phase: 'Failed', status: 'Error', restarts: 0 },
    { policy: 'OnFailure', code: 0, phase: 'Succeeded', status: 'Completed', restarts: 0 },
    { policy: 'OnFailure', code: 1, phase: 'Running', status: 'CrashLoopBackOff', restarts: 2 },
    { policy: 'Always', code: 0, phase: 'Running', status: 'CrashLoopBackOff', restarts: 2 },
  ];
  for (const c of cases) {
    test(`restartPolicy ${c.policy}, exit ${c.code}: ${c.phase}`, () =>
      withEngine((t) => {
        t.create(
          podManifest(
            'job-like',
            { image: 'busybox:1.36', command: ['sh', '-c', `sleep 1; exit ${c.code}`] },
            { restartPolicy: c.policy },
          ),
        );
        t.advance(30_000);
        const pod = t.pod('job-like');
        assert.equal(pod.status?.phase, c.phase);
        assert.equal(t.row('v1', 'Pod', 'default', 'job-like').Status, c.status);
        assert.equal(app(pod).restartCount, c.restarts);
        if (c.phase === 'Succeeded' || c.phase === 'Failed') {
          const conditions = Object.fromEntries(
            (pod.status?.conditions ?? []).map((x) => [
              x.type,
              `${x.status}${x.reason ? ` ${x.reason}` : ''}`,
            ]),
          );
          const reason = c.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
          assert.deepEqual(conditions, {
            PodReadyToStartContainers: 'False',
            Initialized: c.phase === 'Succeeded' ? 'True PodCompleted' : 'True',
            Ready: `False ${reason}`,
            ContainersReady: `False ${reason}`,
            PodScheduled: 'True',
          });
        }
      }));
  }
});

describe('probes', () => {
  // The exec liveness example of the Kubernetes documentation.
  const livenessExec = {
    image: 'busybox:1.36',
    args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
    livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
  };

  test('a failing liveness probe: three Unhealthy, Killing, SIGKILL after the grace period, restart', () =>
    withEngine((t) => {
      t.create(podManifest('liveness-exec', livenessExec));
      const timeline = t.record(() => {
        const s = app(t.pod('liveness-exec'));
        return `${stateOf(s)} ${s.restartCount}`;
      }, 120_000);
      // Started at 2 s. The prober ticks every 5 s from when the kubelet took the pod (0 s): the
      // first tick at least 5 s after the start is 10 s; /tmp/healthy goes at 32 s, so the probes
      // at 35, 40 and 45 s fail, and the third failure kills the container. A shell ignores
      // SIGTERM: it dies by SIGKILL 30 s later (exit 137) and starts again at once.
      assert.deepEqual(timeline, [
        { at: 0, value: 'waiting:ContainerCreating 0' },
        { at: 2_000, value: 'running 0' },
        { at: 75_000, value: 'running 1' },
      ]);
      const unhealthy = t.events('default', 'liveness-exec').filter((e) => e.reason === 'Unhealthy');
      assert.equal(unhealthy.length, 1);
      assert.equal(unhealthy[0]?.type, 'Warning');
      assert.equal(
        unhealthy[0]?.message,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
      );
      assert.equal(unhealthy[0]?.firstTimestamp, '2025-01-01T00:00:35Z');
      const killing = t.events('default', 'liveness-exec').find((e) => e.reason === 'Killing');
      assert.equal(killing?.message, 'Container app failed liveness probe, will be restarted');
      assert.equal(killing?.firstTimestamp, '2025-01-01T00:00:45Z');
      const last = app(t.pod('liveness-exec')).lastState?.terminated;
      assert.equal(last?.exitCode, 137);
      assert.equal(last?.reason, 'Error');
      assert.equal(last?.finishedAt, '2025-01-01T00:01:15Z');
    }));

  test('after a liveness restart the probes wait for the new container and its initial delay', () =>
    withEngine((t) => {
      t.create(podManifest('liveness-exec', livenessExec));
      t.advanceTo(200_000);
      // Second run: started at 75 s, file gone at 105 s, failures at 105, 110, 115 → killed,
      // SIGKILL at 145 s, restarted immediately (the previous exit was 70 s before).
      const status = app(t.pod('liveness-exec'));
      assert.equal(status.restartCount, 2);
      assert.equal(status.lastState?.terminated?.finishedAt, '2025-01-01T00:02:25Z');
      assert.equal(status.state?.running?.startedAt, '2025-01-01T00:02:25Z');
    }));

  test('readiness toggles the Ready condition without restarting', () =>
    withEngine((t) => {
      t.create(
        podManifest('ready-toggle', {
          image: 'busybox:1.36',
          command: [
            'sh',
            '-c',
            'touch /tmp/ready; sleep 40; rm -f /tmp/ready; sleep 40; touch /tmp/ready; sleep 3600',
          ],
          readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5, failureThreshold: 2 },
        }),
      );
      const timeline = t.record(() => {
        const ready = t.pod('ready-toggle').status?.conditions?.find((c) => c.type === 'Ready');
        return `${ready?.status}${ready?.message ? ` ${ready.message}` : ''}`;
      }, 120_000);
      // Started at 2 s; the status sync 1 s later runs the probe at once (ready at 3 s). The file
      // goes at 42 s: failures at 45 and 50 s (threshold 2); back at 82 s, ready at the 85 s tick.
      assert.deepEqual(timeline, [
        { at: 0, value: 'False containers with unready status: [app]' },
        { at: 3_000, value: 'True' },
        { at: 50_000, value: 'False containers with unready status: [app]' },
        { at: 85_000, value: 'True' },
      ]);
      assert.equal(app(t.pod('ready-toggle')).restartCount, 0);
    }));
});

describe('sidecars and startup probes', () => {
  test('a sidecar starts first and stays; the app is not ready before its startup probe passes', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'side', namespace: 'default' },
        spec: {
          initContainers: [
            {
              name: 'log',
              image: 'busybox:1.36',
              restartPolicy: 'Always',
              command: ['sh', '-c', 'sleep 3600'],
            },
            { name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2'] },
          ],
          containers: [
            {
              name: 'app',
              image: 'nginx:1.25',
              startupProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2, failureThreshold: 5 },
            },
          ],
        },
      });
      const timeline = t.record(() => {
        const row = t.row('v1', 'Pod', 'default', 'side');
        return `${row.Status} ${row.Ready} ${app(t.pod('side')).started}`;
      }, 30_000);
      // The sidecar runs from 2 s; setup runs 2–4 s; the app starts at 7 s (relist, 2 s pull) and
      // listens from 7.5 s: the startup probe ticking every 2 s passes at 8 s.
      assert.deepEqual(timeline, [
        { at: 0, value: 'Init:0/2 0/2 false' },
        { at: 2_000, value: 'Init:1/2 1/2 false' },
        { at: 4_000, value: 'PodInitializing 1/2 false' },
        { at: 7_000, value: 'Running 1/2 false' },
        { at: 8_000, value: 'Running 2/2 true' },
      ]);
      assert.equal(t.pod('side').status?.initContainerStatuses?.[0]?.state?.running !== undefined, true);
    }));
});

describe('missing ConfigMaps', () => {
  test('an env reference: CreateContainerConfigError, retried every 10 s until it exists', () =>
    withEngine((t) => {
      t.create(
        podManifest('envy', {
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo $GREETING; sleep 3600'],
          env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'greeting', key: 'text' } } }],
        }),
      );
      t.advanceTo(30_000);
      const status = app(t.pod('envy'));
      assert.deepEqual(status.state?.waiting, {
        reason: 'CreateContainerConfigError',
        message: 'configmap "greeting" not found',
      });
      const failed = t.events('default', 'envy').find((e) => e.reason === 'Failed');
      assert.equal(failed?.message, 'Error: configmap "greeting" not found');
      assert.equal(failed?.count, 3);
      t.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'greeting', namespace: 'default' },
        data: {},
      });
      t.advanceTo(35_000);
      assert.equal(
        app(t.pod('envy')).state?.waiting?.message,
        "couldn't find key text in ConfigMap default/greeting",
      );
      t.request('PUT', '/api/v1/namespaces/default/configmaps/greeting', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'greeting', namespace: 'default' },
        data: { text: 'hello' },
      });
      const runningAt = t.until(() => app(t.pod('envy')).state?.running !== undefined, 30_000);
      assert.equal(runningAt, 42_000);
      assert.equal(t.logs('envy').text, 'hello\n');
    }));

  test('a volume: FailedMount with growing retries, no sandbox until it mounts', () =>
    withEngine((t) => {
      t.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'mounty', namespace: 'default' },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'nginx:1.25',
              volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name: 'settings' } }],
        },
      });
      t.advanceTo(40_000);
      const mount = t.events('default', 'mounty').find((e) => e.reason === 'FailedMount');
      assert.equal(
        mount?.message,
        'MountVolume.SetUp failed for volume "config" : configmap "settings" not found',
      );
      // Tries at 1, 1.5, 2.5, 4.5, 8.5, 16.5 and 32.5 s; the next one at 64.5 s.
      assert.equal(mount?.count, 7);
      assert.equal(t.row('v1', 'Pod', 'default', 'mounty').Status, 'ContainerCreating');
      const ready = t.pod('mounty').status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers');
      assert.equal(ready?.status, 'False');
      t.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'default' },
        data: { a: 'b' },
      });
      const runningAt = t.until(() => app(t.pod('mounty')).state?.running !== undefined, 60_000);
      assert.equal(runningAt, 66_500);
    }));
});

describe('graceful termination', () => {
  const cases = [
    {
      name: 'a sleep as PID 1 ignores SIGTERM and is killed after terminationGracePeriodSeconds',
      container: { image: 'busybox:1.36', command: ['sleep', '3600'] },
      grace: 10,
      goneAfter: 10_000,
    },
    {
      name: 'the default grace period is 30 s',
      container: { image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] },
      grace: undefined,
      goneAfter: 30_000,
    },
    {
      name: 'nginx stops on SIGTERM at once',
      container: { image: 'nginx:1.25' },
      grace: undefined,
      goneAfter: 0,
    },
    {
      name: 'a preStop sleep runs before SIGTERM',
      container: { image: 'nginx:1.25', lifecycle: { preStop: { sleep: { seconds: 5 } } } },
      grace: undefined,
      goneAfter: 5_000,
    },
  ];
  for (const c of cases) {
    test(c.name, () =>
      withEngine((t) => {
        t.create(
          podManifest(
            'victim',
            c.container,
            c.grace === undefined ? {} : { terminationGracePeriodSeconds: c.grace },
          ),
        );
        t.until(() => app(t.pod('victim')).state?.running !== undefined, 10_000);
        const deletedAt = t.elapsed();
        const reply = t.delete('v1', 'Pod', 'default', 'victim');
        assert.ok(reply.status < 300, reply.text);
        assert.equal(t.row('v1', 'Pod', 'default', 'victim').Status, 'Terminating');
        const gone = t.until(() => t.get('v1', 'Pod', 'default', 'victim') === undefined, 60_000);
        assert.equal(gone - deletedAt, c.goneAfter);
        const killing = t.events('default', 'victim').find((e) => e.reason === 'Killing');
        assert.equal(killing?.message, 'Stopping container app');
      }),
    );
  }
});

describe('kubectl logs', () => {
  test('current, previous, tail and the upstream errors', () =>
    withEngine((t) => {
      t.create(
        podManifest('talker', {
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo hello; sleep 5; echo world; exit 1'],
        }),
      );
      const noPrevious = t.logs('talker', '?previous=true');
      const notStarted = t.logs('talker');
      t.until(() => app(t.pod('talker')).state?.running !== undefined, 10_000);
      assert.equal(t.logs('talker').text, 'hello\n');
      t.until(() => app(t.pod('talker')).restartCount === 1, 30_000);
      assert.equal(t.logs('talker', '?previous=true').text, 'hello\nworld\n');
      assert.equal(t.logs('talker').text, 'hello\n');
      assert.equal(t.logs('talker', '?previous=true&tailLines=1').text, 'world\n');
      assert.equal(t.logs('talker', '?container=nope').status, 400);
      assert.equal(
        (t.logs('talker', '?container=nope').body as { message: string }).message,
        'container nope is not valid for pod talker',
      );
      assert.equal(noPrevious.status, 400);
      assert.equal(
        (noPrevious.body as { message: string }).message,
        'previous terminated container "app" in pod "talker" not found',
      );
      assert.equal(notStarted.status, 400);
      assert.equal(
        (notStarted.body as { message: string }).message,
        'container "app" in pod "talker" is waiting to start: ContainerCreating',
      );
    }));

  test('in CrashLoopBackOff the logs are those of the last run', () =>
    withEngine((t) => {
      t.create(podManifest('talker', { image: 'busybox:1.36', command: ['sh', '-c', 'echo bye; exit 3'] }));
      t.until(() => app(t.pod('talker')).state?.waiting?.reason === 'CrashLoopBackOff', 30_000);
      assert.equal(t.logs('talker').text, 'bye\n');
      assert.equal(t.logs('talker', '?previous=true').text, 'bye\n');
      assert.match(t.logs('talker', '?timestamps=true').text, /^2025-01-01T00:00:\d\d(\.\d+)?Z bye\n$/);
    }));
});
