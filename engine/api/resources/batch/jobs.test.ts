import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { Status } from 'kubernetes-types/meta/v1';
import { TestEngine } from '../../../cluster/testing.ts';

let t: TestEngine;
before(async () => {
  t = await TestEngine.start();
});
after(() => t.stop());

const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const CRONJOBS = '/apis/batch/v1/namespaces/default/cronjobs';

function job(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      ...spec,
      template: {
        ...(spec.template as object),
        spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }], ...podSpec },
      },
    },
  };
}

function cronJob(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [{ name: 'main', image: 'busybox:1.36' }],
              ...podSpec,
            },
          },
        },
      },
      ...spec,
    },
  };
}

describe('Job defaulting and the generated selector', () => {
  test('a bare Job: the v1.32 defaults, the generated selector and labels', () => {
    const created = t.create<Job>(job('bare'));
    const uid = created.metadata?.uid ?? '';
    const generated = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'bare',
      'controller-uid': uid,
      'job-name': 'bare',
    };
    const { template, ...spec } = created.spec ?? { template: {} };
    assert.deepEqual(spec, {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      manualSelector: false,
      suspend: false,
      completionMode: 'NonIndexed',
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    assert.deepEqual(template.metadata?.labels, generated);
    assert.deepEqual(created.metadata?.labels, generated);
    assert.equal(template.spec?.dnsPolicy, 'ClusterFirst');
    assert.equal(template.spec?.terminationGracePeriodSeconds, 30);
    assert.deepEqual(created.status, {});
  });

  const cases: Array<{ name: string; spec: Record<string, unknown>; expected: Record<string, unknown> }> = [
    { name: 'parallelism only: a work queue', spec: { parallelism: 3 }, expected: { parallelism: 3 } },
    { name: 'completions only', spec: { completions: 5 }, expected: { completions: 5, parallelism: 1 } },
    {
      name: 'backoffLimitPerIndex: backoffLimit is MaxInt32',
      spec: { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 },
      expected: { backoffLimit: 2147483647 },
    },
    {
      name: 'podFailurePolicy: pods are replaced once Failed, condition status True',
      spec: {
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
      },
      expected: {
        podReplacementPolicy: 'Failed',
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
        },
      },
    },
  ];
  cases.forEach((c, i) => {
    test(c.name, () => {
      const created = t.create<Job>(job(`defaults-${i}`, c.spec));
      const spec = created.spec as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(c.expected)) assert.deepEqual(spec[key], value, key);
      if (!('completions' in c.expected) && c.spec.parallelism) assert.equal(spec.completions, undefined);
    });
  });

  test('a Job keeps its own labels; its template gets the generated ones', () => {
    const manifest = job('labelled', { template: { metadata: { labels: { app: 'batch' } } } });
    const created = t.create<Job>({ ...manifest, metadata: { ...manifest.metadata, labels: { team: 'a' } } });
    assert.deepEqual(created.metadata?.labels, { team: 'a' });
    assert.equal(created.spec?.template.metadata?.labels?.app, 'batch');
    assert.equal(created.spec?.template.metadata?.labels?.['job-name'], 'labelled');
  });

  test('manualSelector: nothing is generated', () => {
    const created = t.create<Job>(
      job('manual', {
        manualSelector: true,
        selector: { matchLabels: { app: 'manual' } },
        template: { metadata: { labels: { app: 'manual' } } },
      }),
    );
    assert.deepEqual(created.spec?.selector, { matchLabels: { app: 'manual' } });
    assert.deepEqual(created.spec?.template.metadata?.labels, { app: 'manual' });
  });

  test('kubectl get jobs -o wide shows the generated selector', () => {
    const created = t.create<Job>(job('wide'));
    const row = t.row('batch/v1', 'Job', 'default', 'wide');
    assert.equal(row.Selector, `batch.kubernetes.io/controller-uid=${created.metadata?.uid}`);
  });
});

describe('Job validation', () => {
  const cases: Array<{ name: string; body: object; message: string | RegExp }> = [
    {
      name: 'no restartPolicy (the pod default Always)',
      body: job('no-restart', {}, { restartPolicy: undefined }),
      message:
        'Job.batch "no-restart" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    },
    {
      name: 'restartPolicy Always',
      body: job('always', {}, { restartPolicy: 'Always' }),
      message:
        'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    },
    {
      name: 'negative parallelism',
      body: job('negative', { parallelism: -1 }),
      message:
        'Job.batch "negative" is invalid: spec.parallelism: Invalid value: -1: must be greater than or equal to 0',
    },
    {
      name: 'an unknown completion mode',
      body: job('mode', { completionMode: 'Sometimes' }),
      message:
        'Job.batch "mode" is invalid: spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    },
    {
      name: 'Indexed without completions',
      body: job('indexed', { completionMode: 'Indexed', parallelism: 2 }),
      message:
        'Job.batch "indexed" is invalid: spec.completions: Required value: when completion mode is Indexed',
    },
    {
      name: 'an unknown pod replacement policy',
      body: job('replace', { podReplacementPolicy: 'Never' }),
      message:
        'Job.batch "replace" is invalid: spec.podReplacementPolicy: Unsupported value: "Never": supported values: "Failed", "TerminatingOrFailed"',
    },
    {
      name: 'a selector without manualSelector',
      body: job('picky', {
        selector: { matchLabels: { app: 'picky' } },
        template: { metadata: { labels: { app: 'picky' } } },
      }),
      message:
        /^Job\.batch "picky" is invalid: spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"picky", "batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: `selector` not auto-generated$/,
    },
    {
      name: 'manualSelector with a selector that misses the template',
      body: job('mismatch', {
        manualSelector: true,
        selector: { matchLabels: { app: 'x' } },
        template: { metadata: { labels: { app: 'y' } } },
      }),
      message:
        'Job.batch "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"y"}: `selector` does not match template `labels`',
    },
    {
      name: 'manualSelector without a selector',
      body: job('unselected', { manualSelector: true }),
      message: 'Job.batch "unselected" is invalid: spec.selector: Required value',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const reply = t.request('POST', JOBS, c.body);
      assert.equal(reply.status, 422, reply.text);
      const message = (reply.body as Status).message ?? '';
      if (typeof c.message === 'string') assert.equal(message, c.message);
      else assert.match(message, c.message);
    });
  }
});

describe('Job updates', () => {
  const patch = (name: string, body: unknown) =>
    t.request('PATCH', `${JOBS}/${name}`, body, 'application/merge-patch+json');

  test('completions are immutable', () => {
    t.create(job('fixed', { completions: 2 }));
    const reply = patch('fixed', { spec: { completions: 3 } });
    assert.equal(reply.status, 422);
    assert.equal(
      (reply.body as Status).message,
      'Job.batch "fixed" is invalid: spec.completions: Invalid value: 3: field is immutable',
    );
  });

  test('the pod template is immutable', () => {
    t.create(job('frozen'));
    const reply = patch('frozen', { spec: { template: { spec: { activeDeadlineSeconds: 5 } } } });
    assert.equal(reply.status, 422);
    assert.match(
      (reply.body as Status).message ?? '',
      /^Job\.batch "frozen" is invalid: spec\.template: Invalid value: .*: field is immutable$/,
    );
  });

  test('a suspended Job that never started may change its scheduling directives', () => {
    t.create(job('waiting', { suspend: true }));
    const reply = patch('waiting', { spec: { template: { spec: { nodeSelector: { disk: 'ssd' } } } } });
    assert.equal(reply.status, 200, reply.text);
  });

  test('parallelism may change', () => {
    t.create(job('elastic', { completions: 4, parallelism: 1 }));
    assert.equal(patch('elastic', { spec: { parallelism: 2 } }).status, 200);
  });
});

describe('CronJob defaulting and validation', () => {
  test('defaults: Allow, not suspended, history 3 and 1; job template pods defaulted, not the Job fields', () => {
    const created = t.create<CronJob>(cronJob('nightly'));
    const { jobTemplate, ...spec } = created.spec ?? { schedule: '', jobTemplate: {} };
    assert.deepEqual(spec, {
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    assert.equal(jobTemplate.spec?.completions, undefined);
    assert.equal(jobTemplate.spec?.backoffLimit, undefined);
    assert.equal(jobTemplate.spec?.template.spec?.schedulerName, 'default-scheduler');
  });

  test('@every schedules are accepted', () => {
    assert.equal(t.request('POST', CRONJOBS, cronJob('every', { schedule: '@every 2m' })).status, 201);
  });

  const cases: Array<{ name: string; body: object; message: string }> = [
    {
      name: 'too few fields',
      body: cronJob('few', { schedule: '* * *' }),
      message:
        'CronJob.batch "few" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    },
    {
      name: 'a minute out of range',
      body: cronJob('late', { schedule: '60 * * * *' }),
      message:
        'CronJob.batch "late" is invalid: spec.schedule: Invalid value: "60 * * * *": end of range (60) above maximum (59): 60',
    },
    {
      name: 'a time zone in the schedule',
      body: cronJob('zoned', { schedule: 'TZ=UTC 0 * * * *' }),
      message:
        'CronJob.batch "zoned" is invalid: spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    },
    {
      name: 'an unknown time zone',
      body: cronJob('mars', { timeZone: 'Mars/Olympus' }),
      message:
        'CronJob.batch "mars" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    },
    {
      name: 'an unknown concurrency policy',
      body: cronJob('policy', { concurrencyPolicy: 'Sometimes' }),
      message:
        'CronJob.batch "policy" is invalid: spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    },
    {
      name: 'a job template that would restart its pods',
      body: cronJob('restarting', {}, { restartPolicy: 'Always' }),
      message:
        'CronJob.batch "restarting" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    },
    {
      name: 'a name too long for its Jobs',
      body: cronJob('a'.repeat(53)),
      message: `CronJob.batch "${'a'.repeat(53)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
    },
    {
      name: 'a job template with a selector',
      body: cronJob('selective', {
        jobTemplate: {
          spec: {
            selector: { matchLabels: { a: 'b' } },
            template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } },
          },
        },
      }),
      message:
        'CronJob.batch "selective" is invalid: spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const reply = t.request('POST', CRONJOBS, c.body);
      assert.equal(reply.status, 422, reply.text);
      assert.equal((reply.body as Status).message, c.message);
    });
  }
});
