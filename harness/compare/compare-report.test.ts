import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResults, ScenarioResult, ScenarioStatus } from '../reports/results.ts';
import { compareHtml } from './compare-html.ts';
import { buildCompareReport, type TargetOutcome } from './compare-report.ts';
import { targetSlug, targetSlugs } from './target-slug.ts';

function scenario(line: number, status: ScenarioStatus, message?: string): ScenarioResult {
  return {
    id: `features/a.feature:${line}`,
    feature: 'A',
    area: 'a',
    name: `scenario at ${line}`,
    uri: 'features/a.feature',
    line,
    tags: [],
    status,
    attempts: 1,
    durationMs: 10,
    ...(message ? { message } : {}),
  };
}

function ran(spec: string, ...scenarios: ScenarioResult[]): TargetOutcome {
  const counts = {
    total: scenarios.length,
    passed: 0,
    failed: 0,
    skipped: 0,
    undefined: 0,
    ambiguous: 0,
    pending: 0,
    flaky: 0,
  };
  for (const s of scenarios) counts[s.status]++;
  const results: RunResults = {
    target: spec,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    counts,
    scenarios,
  };
  return { spec, reportsDir: `compare/${targetSlug(spec)}`, results, attachments: new Map() };
}

function report(...outcomes: TargetOutcome[]) {
  return buildCompareReport({ startedAt: '2026-01-01T00:00:00.000Z', durationMs: 9, paths: [], outcomes });
}

describe('buildCompareReport', () => {
  const cases: Array<{ name: string; outcomes: TargetOutcome[]; success: boolean; disagreements: string[] }> =
    [
      {
        name: 'all pass everywhere',
        outcomes: [ran('bundled', scenario(2, 'passed')), ran('kubeconfig', scenario(2, 'passed'))],
        success: true,
        disagreements: [],
      },
      {
        name: 'a skip on one target is a disagreement but not a failure',
        outcomes: [
          ran('bundled:minikube', scenario(2, 'passed'), scenario(9, 'passed')),
          ran(
            'bundled:three-nodes',
            scenario(2, 'passed'),
            scenario(9, 'skipped', 'skipped on bundled:three-nodes'),
          ),
        ],
        success: true,
        disagreements: ['features/a.feature:9'],
      },
      {
        name: 'a failure on one target fails the comparison',
        outcomes: [ran('a', scenario(2, 'passed')), ran('b', scenario(2, 'failed', 'Error: boom'))],
        success: false,
        disagreements: ['features/a.feature:2'],
      },
      {
        name: 'the same failure everywhere is an agreement, still a failure',
        outcomes: [ran('a', scenario(2, 'failed', 'Error: x')), ran('b', scenario(2, 'failed', 'Error: y'))],
        success: false,
        disagreements: [],
      },
      {
        name: 'a target that could not run fails the comparison without disagreeing',
        outcomes: [
          ran('bundled', scenario(2, 'passed')),
          { spec: 'k3s', reportsDir: 'compare/k3s', error: 'the k3s target needs a running Docker engine' },
        ],
        success: false,
        disagreements: [],
      },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const r = report(...c.outcomes);
      assert.equal(r.success, c.success);
      assert.deepEqual(
        r.disagreements.map((d) => d.id),
        c.disagreements,
      );
      assert.deepEqual(
        r.rows.filter((row) => !row.agree).map((row) => row.id),
        c.disagreements,
      );
    });
  }

  it('gives a target that could not run a column whose cells say why', () => {
    const r = report(ran('bundled', scenario(2, 'passed'), scenario(12, 'passed')), {
      spec: 'kubeconfig:./kind.kubeconfig#kind-kind',
      reportsDir: 'compare/kubeconfig-kind.kubeconfig-kind-kind',
      error:
        'cluster unreachable for target kubeconfig:./kind.kubeconfig#kind-kind: connect ECONNREFUSED 127.0.0.1:6443',
    });
    assert.deepEqual(
      r.rows.map((row) => row.cells['kubeconfig:./kind.kubeconfig#kind-kind']),
      [2, 12].map(() => ({
        status: 'unavailable',
        message:
          'not run: cluster unreachable for target kubeconfig:./kind.kubeconfig#kind-kind: connect ECONNREFUSED 127.0.0.1:6443',
      })),
    );
    assert.deepEqual(
      r.targets.map((t) => [t.spec, t.ran]),
      [
        ['bundled', true],
        ['kubeconfig:./kind.kubeconfig#kind-kind', false],
      ],
    );
  });

  it('lists planned scenarios when no target could run', () => {
    const r = report(
      {
        spec: 'a',
        reportsDir: 'compare/a',
        error: 'no',
        planned: [{ id: 'features/a.feature:3', feature: 'features/a.feature', name: 'x' }],
      },
      { spec: 'b', reportsDir: 'compare/b', error: 'no' },
    );
    assert.deepEqual(
      r.rows.map((row) => [row.id, row.cells.a?.status, row.cells.b?.status]),
      [['features/a.feature:3', 'unavailable', 'unavailable']],
    );
  });

  it('orders rows by file, scenario line and example row', () => {
    const ids = [
      'features/b.feature:3',
      'features/a.feature:10:21',
      'features/a.feature:10:9',
      'features/a.feature:4',
    ];
    const outcome = ran('a', ...ids.map((id, i) => ({ ...scenario(i, 'passed'), id })));
    assert.deepEqual(
      report(outcome, ran('b')).rows.map((row) => row.id),
      ['features/a.feature:4', 'features/a.feature:10:9', 'features/a.feature:10:21', 'features/b.feature:3'],
    );
  });
});

describe('compareHtml', () => {
  it('marks the disagreeing row and shows its first difference with markup escaped', () => {
    const html = compareHtml(
      report(
        ran('bundled:minikube', scenario(2, 'passed')),
        ran('bundled:three-nodes', scenario(2, 'failed', 'Error: expected <Pending> & got "Running"')),
      ),
    );
    assert.match(html, /<tr class="disagreement" data-id="features\/a.feature:2">/);
    assert.match(
      html,
      /<td class="cell failed" data-target="bundled:three-nodes" data-status="failed">failed/,
    );
    assert.match(html, /First observation that differs: <strong>the failure or skip message<\/strong><\/p>/);
    assert.match(html, /<td>expected &lt;Pending&gt; &amp; got &quot;Running&quot;<\/td>/);
  });
});

describe('targetSlugs', () => {
  const cases: Array<[string[], string[]]> = [
    [
      ['bundled', 'kubeconfig:./kind.kubeconfig#kind-kind'],
      ['bundled', 'kubeconfig-kind.kubeconfig-kind-kind'],
    ],
    [
      ['bundled:minikube', 'bundled:three-nodes'],
      ['bundled-minikube', 'bundled-three-nodes'],
    ],
    [
      ['k3s:rancher/k3s:v1.32.1-k3s1', 'bundled', 'bundled'],
      ['k3s-rancher-k3s-v1.32.1-k3s1', 'bundled', 'bundled-2'],
    ],
  ];
  for (const [specs, slugs] of cases) {
    it(specs.join(' + '), () => assert.deepEqual(targetSlugs(specs), slugs));
  }
});
