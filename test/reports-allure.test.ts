/**
 * `kuke report`: the Allure HTML generated from a run's allure-results by allure-commandline
 * (which needs Java), checked through the data files the report's pages load; and the clear
 * refusals when Java or the results are missing.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execa } from 'execa';
import { findJava, generateAllureReport, JAVA_MISSING, resultsMissing } from '../cli/report.command.ts';
import { FIT_FEATURE } from './browser/report-fixtures.ts';

const KUKE = new URL('../bin/kuke.js', import.meta.url).pathname;
const SCENARIOS = [
  'A small pod runs on any cluster',
  'A 5Gi pod fits no node',
  'Only on one 2 CPU / 2Gi node',
];

interface SuiteNode {
  name: string;
  status?: string;
  children?: SuiteNode[];
}

let dir = '';
const java = findJava();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuke-allure-'));
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features/fit.feature'), FIT_FEATURE);
  await execa(process.execPath, [KUKE, 'run', '--target', 'bundled:three-nodes', 'features'], {
    cwd: dir,
    reject: false,
  });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kuke report', () => {
  it('generates reports/allure-report from reports/allure-results, naming every scenario', async (t) => {
    if (!java) {
      t.skip('Java is not installed: allure-commandline needs it (apt-get install openjdk-17-jre-headless)');
      return;
    }
    const run = await execa(process.execPath, [KUKE, 'report'], { cwd: dir, reject: false });
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^Allure report of 3 scenario results: reports\/allure-report\/index\.html$/m);
    const report = join(dir, 'reports/allure-report');
    const index = readFileSync(join(report, 'index.html'), 'utf8');
    assert.match(index, /<title>kuke<\/title>/);
    const app = /<script src="(assets\/index-[\w-]+\.js)"><\/script>/.exec(index)?.[1];
    assert.ok(app && existsSync(join(report, app)), 'the page loads the Allure app from the report folder');
    assert.doesNotMatch(index, /googletagmanager/, 'no analytics in a report kuke generates');

    const suites = JSON.parse(readFileSync(join(report, 'data/suites.json'), 'utf8')) as SuiteNode;
    const leaves = (node: SuiteNode): SuiteNode[] => (node.children ? node.children.flatMap(leaves) : [node]);
    assert.deepEqual(
      leaves(suites)
        .map((leaf) => [leaf.name, leaf.status])
        .sort(),
      [
        // allure-cucumberjs reports a plain Error (not an assertion error) as "broken".
        [SCENARIOS[1], 'broken'],
        [SCENARIOS[0], 'passed'],
        [SCENARIOS[2], 'skipped'],
      ],
    );
    const summary = JSON.parse(readFileSync(join(report, 'widgets/summary.json'), 'utf8')) as {
      reportName: string;
      statistic: Record<string, number>;
    };
    assert.equal(summary.reportName, 'kuke');
    assert.deepEqual(summary.statistic, {
      failed: 0,
      broken: 1,
      skipped: 1,
      passed: 1,
      unknown: 0,
      total: 3,
    });

    // Each test case keeps its attachments, the timeline picture among them.
    const cases = readdirSync(join(report, 'data/test-cases')).map(
      (file) =>
        JSON.parse(readFileSync(join(report, 'data/test-cases', file), 'utf8')) as {
          name: string;
          afterStages?: Array<{ attachments?: Array<{ name: string; type: string; source: string }> }>;
          testStage?: { attachments?: Array<{ name: string; type: string; source: string }> };
        },
    );
    const small = cases.find((c) => c.name === SCENARIOS[0]);
    const attachments = JSON.stringify(small);
    assert.match(attachments, /"type":"image\/svg\+xml"/);
    const svgSource = /"source":"([^"]+\.svg)"/.exec(attachments)?.[1];
    assert.ok(svgSource, 'the timeline attachment is in the report');
    assert.match(readFileSync(join(report, 'data/attachments', svgSource), 'utf8'), /<rect class="segment"/);
  });

  it('refuses with a clear message when Java is missing', async () => {
    await assert.rejects(
      generateAllureReport({ reportsDir: join(dir, 'reports'), env: { PATH: '/nonexistent' } }),
      { message: JAVA_MISSING },
    );
  });

  it('refuses with a clear message when there are no results', async () => {
    await assert.rejects(generateAllureReport({ reportsDir: join(dir, 'elsewhere') }), {
      message: resultsMissing(join(dir, 'elsewhere/allure-results')),
    });
  });
});
