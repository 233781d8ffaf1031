/**
 * `kuke compare` end to end: the same three scenarios on two bundled clusters of different
 * shapes (one minikube-sized node; a tainted control plane and two bigger workers). One scenario
 * agrees; one fails only on three nodes (the scheduler's message names 3 nodes, not 1); one is
 * skipped there (it needs a single 2Gi node). A third target cannot run at all (its kubeconfig is
 * missing): it gets a column whose cells say why.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import type { CompareReport } from '../harness/compare/compare-report.ts';
import type { RunResults } from '../harness/reports/results.ts';
import { FIT_FEATURE } from './browser/report-fixtures.ts';

const KUKE = new URL('../bin/kuke.js', import.meta.url).pathname;

const MINIKUBE = 'bundled:minikube';
const THREE = 'bundled:three-nodes';
const MISSING = 'kubeconfig:./missing.kubeconfig#kind-kind';

let dir = '';
let exitCode: number | undefined;
let stdout = '';
let report: CompareReport;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuke-compare-'));
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features/fit.feature'), FIT_FEATURE);
  const run = await execa(
    process.execPath,
    [KUKE, 'compare', '--target', MINIKUBE, '--target', THREE, '--target', MISSING, 'features'],
    {
      cwd: dir,
      reject: false,
    },
  );
  exitCode = run.exitCode;
  stdout = run.stdout;
  report = JSON.parse(readFileSync(join(dir, 'reports/compare.json'), 'utf8')) as CompareReport;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kuke compare on two bundled clusters and an unreachable one', () => {
  it('exits 1 because a target failed a scenario and one could not run', () => {
    assert.equal(exitCode, 1, stdout);
    assert.equal(report.success, false);
  });

  it('writes the scenario × target matrix with stable scenario ids', () => {
    assert.deepEqual(
      report.rows.map((row) => [
        row.id,
        row.name,
        row.agree,
        row.cells[MINIKUBE]?.status,
        row.cells[THREE]?.status,
        row.cells[MISSING]?.status,
      ]),
      [
        [
          'features/fit.feature:3',
          'A small pod runs on any cluster',
          true,
          'passed',
          'passed',
          'unavailable',
        ],
        ['features/fit.feature:20', 'A 5Gi pod fits no node', false, 'passed', 'failed', 'unavailable'],
        [
          'features/fit.feature:42',
          'Only on one 2 CPU / 2Gi node',
          false,
          'passed',
          'skipped',
          'unavailable',
        ],
      ],
    );
    assert.equal(
      report.rows[2]?.cells[THREE]?.message,
      'skipped on bundled:three-nodes: needs 1 node(s) of 2 CPU / 2Gi, the cluster has 2 CPU / 4Gi, 2 CPU / 4Gi, 2 CPU / 4Gi',
    );
  });

  it('describes each target and keeps its own reports under reports/compare/<target>/', () => {
    assert.deepEqual(
      report.targets.map((t) => [
        t.spec,
        t.reportsDir,
        t.ran,
        t.counts?.passed,
        t.counts?.failed,
        t.counts?.skipped,
      ]),
      [
        [MINIKUBE, 'compare/bundled-minikube', true, 3, 0, 0],
        [THREE, 'compare/bundled-three-nodes', true, 1, 1, 1],
        [MISSING, 'compare/kubeconfig-missing.kubeconfig-kind-kind', false, undefined, undefined, undefined],
      ],
    );
    for (const target of report.targets.filter((t) => t.ran)) {
      const summary = JSON.parse(
        readFileSync(join(dir, 'reports', target.reportsDir, 'summary.json'), 'utf8'),
      ) as RunResults;
      assert.equal(summary.target, target.spec);
      assert.equal(summary.counts.total, 3);
    }
  });

  it('gives the first observation that differs: the assertion message, then the events', () => {
    const [scheduling, skipped] = report.disagreements;
    assert.equal(report.disagreements.length, 2);
    assert.equal(scheduling?.id, 'features/fit.feature:20');
    assert.deepEqual(scheduling?.statuses, {
      [MINIKUBE]: 'passed',
      [THREE]: 'failed',
      [MISSING]: 'unavailable',
    });
    assert.deepEqual(scheduling?.firstDifference, {
      source: 'message',
      line: 1,
      values: {
        [MINIKUBE]: '(passed, no message)',
        [THREE]:
          'Warning event FailedScheduling from default-scheduler on pod "big": not seen within 30s of cluster time (2 observations).',
      },
    });
    assert.deepEqual(
      scheduling?.differences.find((d) => d.source === 'events.txt'),
      {
        source: 'events.txt',
        line: 1,
        values: {
          [MINIKUBE]:
            'Warning FailedScheduling Pod/big: 0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
          [THREE]:
            'Warning FailedScheduling Pod/big: 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
        },
      },
    );
    // Both pods stayed Pending throughout, so the timelines agree.
    assert.equal(
      scheduling?.differences.some((d) => d.source === 'timeline.svg'),
      false,
    );
    assert.equal(skipped?.id, 'features/fit.feature:42');
    assert.deepEqual(skipped?.firstDifference?.values, {
      [MINIKUBE]: '(passed, no message)',
      [THREE]:
        'skipped on bundled:three-nodes: needs 1 node(s) of 2 CPU / 2Gi, the cluster has 2 CPU / 4Gi, 2 CPU / 4Gi, 2 CPU / 4Gi',
    });
  });

  it('prints each disagreement with its first difference', () => {
    assert.match(stdout, /kuke compare: 3 scenarios on 3 targets, 2 disagreements/);
    assert.match(
      stdout,
      /differs {3}features\/fit\.feature:20 A 5Gi pod fits no node \(bundled:minikube=passed, bundled:three-nodes=failed, kubeconfig:\.\/missing\.kubeconfig#kind-kind=unavailable\)\n {12}first difference in message, line 1:/,
    );
  });

  it('writes compare.html with the disagreeing rows marked', () => {
    const html = readFileSync(join(dir, 'reports/compare.html'), 'utf8');
    const marked = [...html.matchAll(/<tr class="disagreement" data-id="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(marked, ['features/fit.feature:20', 'features/fit.feature:42']);
    assert.match(html, /<tr class="agreement" data-id="features\/fit\.feature:3">/);
  });

  it('gives the target that could not run a column whose cells say why', () => {
    const target = report.targets.find((t) => t.spec === MISSING);
    assert.match(
      target?.error ?? '',
      new RegExp(`^kubeconfig not found: ${join(dir, 'missing.kubeconfig')}`),
    );
    for (const row of report.rows)
      assert.deepEqual(row.cells[MISSING], { status: 'unavailable', message: `not run: ${target?.error}` });
    const html = readFileSync(join(dir, 'reports/compare.html'), 'utf8');
    assert.ok(html.includes(`could not run: ${target?.error}`), 'the column header says why');
    assert.equal(
      html.split(`data-status="unavailable">unavailable<div class="why">not run: ${target?.error}</div>`)
        .length - 1,
      3,
    );
    assert.match(
      stdout,
      /kubeconfig:\.\/missing\.kubeconfig#kind-kind could not run: kubeconfig not found: /,
    );
  });
});
