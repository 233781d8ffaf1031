/**
 * Every report `kuke run` writes, parsed and checked: JUnit XML, cucumber's message NDJSON and
 * JSON, summary.json and conformance.json/html. One run of three scenarios on the bundled
 * three-node cluster: one passes (and draws a timeline), one fails, one is skipped.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Envelope } from '@cucumber/messages';
import { execa } from 'execa';
import type { ConformanceSummary } from '../harness/reports/conformance-summary.ts';
import type { RunResults } from '../harness/reports/results.ts';
import { FIT_FEATURE } from './browser/report-fixtures.ts';

const KUKE = new URL('../bin/kuke.js', import.meta.url).pathname;
const TARGET = 'bundled:three-nodes';
const FEATURE = 'Fit depends on the nodes';
const SCENARIOS = [
  'A small pod runs on any cluster',
  'A 5Gi pod fits no node',
  'Only on one 2 CPU / 2Gi node',
];
const FAILURE_FIRST_LINE =
  'Warning event FailedScheduling from default-scheduler on pod "big": not seen within 30s of cluster time (2 observations).';
const SKIP_REASON =
  'skipped on bundled:three-nodes: needs 1 node(s) of 2 CPU / 2Gi, the cluster has 2 CPU / 4Gi, 2 CPU / 4Gi, 2 CPU / 4Gi';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict little XML parser (elements, attributes, text, CDATA, entities); throws on malformed input. */
function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`malformed XML at offset ${at}: ${why}: ${JSON.stringify(source.slice(at, at + 40))}`);
  };
  const decode = (text: string) =>
    text.replace(/&(#x[0-9a-f]+|#\d+|quot|amp|lt|gt|apos);/gi, (_, entity: string) => {
      if (entity[0] === '#')
        return String.fromCodePoint(
          entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
        );
      return { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" }[entity] ?? fail(`entity ${entity}`);
    });
  const skipProlog = () => {
    for (;;) {
      while (/\s/.test(source[at] ?? '')) at++;
      if (source.startsWith('<?', at)) at = source.indexOf('?>', at) + 2;
      else if (source.startsWith('<!--', at)) at = source.indexOf('-->', at) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(at)) ?? fail('expected an element');
    at += open[0].length;
    const node: XmlElement = { name: open[1]!, attributes: {}, children: [], text: '' };
    for (;;) {
      const attribute = /^\s+([\w.:-]+)\s*=\s*("([^"]*)"|'([^']*)')/.exec(source.slice(at));
      if (!attribute) break;
      if (attribute[1]! in node.attributes) fail(`duplicate attribute ${attribute[1]}`);
      node.attributes[attribute[1]!] = decode(attribute[3] ?? attribute[4] ?? '');
      at += attribute[0].length;
    }
    while (/\s/.test(source[at] ?? '')) at++;
    if (source.startsWith('/>', at)) {
      at += 2;
      return node;
    }
    if (source[at] !== '>') fail('expected > or />');
    at++;
    for (;;) {
      if (at >= source.length) fail(`unclosed <${node.name}>`);
      if (source.startsWith('</', at)) {
        const close = /^<\/([\w.:-]+)\s*>/.exec(source.slice(at)) ?? fail('bad closing tag');
        if (close[1] !== node.name) fail(`</${close[1]}> closes <${node.name}>`);
        at += close[0].length;
        return node;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA');
        node.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) at = source.indexOf('-->', at) + 3;
      else if (source[at] === '<') node.children.push(element());
      else {
        const end = source.indexOf('<', at);
        const text = source.slice(at, end < 0 ? source.length : end);
        node.text += decode(text);
        at += text.length;
      }
    }
  };
  skipProlog();
  const root = element();
  skipProlog();
  if (at < source.length) fail('content after the root element');
  return root;
}

let dir = '';
let reports = '';
let exitCode: number | undefined;
let output = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kuke-reports-'));
  reports = join(dir, 'reports');
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features/fit.feature'), FIT_FEATURE);
  const run = await execa(process.execPath, [KUKE, 'run', '--target', TARGET, 'features'], {
    cwd: dir,
    reject: false,
  });
  exitCode = run.exitCode;
  output = run.stdout + run.stderr;
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const read = (file: string) => readFileSync(join(reports, file), 'utf8');

describe('kuke run reports', () => {
  it('exits 1 because a scenario failed', () => {
    assert.equal(exitCode, 1, output);
  });

  it('junit.xml: one suite for the target, a testcase per scenario, the failure and the skip', () => {
    const suite = parseXml(read('junit.xml'));
    assert.equal(suite.name, 'testsuite');
    assert.equal(suite.attributes.name, `kuke (${TARGET})`);
    assert.deepEqual(
      [suite.attributes.tests, suite.attributes.failures, suite.attributes.skipped, suite.attributes.errors],
      ['3', '1', '1', '0'],
    );
    assert.deepEqual(
      suite.children.map((c) => [c.name, c.attributes.classname, c.attributes.name]),
      SCENARIOS.map((name) => ['testcase', FEATURE, name]),
    );
    const [passed, failed, skipped] = suite.children;
    assert.deepEqual(
      passed?.children.map((c) => c.name),
      ['system-out'],
    );
    const failure = failed?.children.find((c) => c.name === 'failure');
    assert.equal(failure?.attributes.type, 'Error');
    assert.equal(failure?.attributes.message?.split('\n')[0], FAILURE_FIRST_LINE);
    assert.match(
      failure?.text ?? '',
      /0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}, 2 Insufficient memory\./,
    );
    assert.match(
      failed?.children.find((c) => c.name === 'system-out')?.text ?? '',
      /And pod "big" has a Warning event "FailedScheduling" from "default-scheduler" with message:\.+failed/,
    );
    assert.deepEqual(
      skipped?.children.map((c) => c.name),
      ['skipped', 'system-out'],
    );
    for (const testcase of suite.children) assert.ok(Number(testcase.attributes.time) >= 0);
  });

  it('cucumber.ndjson: the message stream, with the scenario attachments and their media types', () => {
    const envelopes = read('cucumber.ndjson')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Envelope);
    const types = new Set(envelopes.flatMap((e) => Object.keys(e)));
    for (const type of [
      'meta',
      'source',
      'gherkinDocument',
      'pickle',
      'stepDefinition',
      'testRunStarted',
      'testCase',
      'testCaseStarted',
      'testStepFinished',
      'attachment',
      'testCaseFinished',
      'testRunFinished',
    ])
      assert.ok(types.has(type), `message type ${type}`);
    assert.equal(envelopes.find((e) => e.testRunFinished)?.testRunFinished?.success, false);
    const pickleName = new Map(envelopes.flatMap((e) => (e.pickle ? [[e.pickle.id, e.pickle.name]] : [])));
    const testCasePickle = new Map(
      envelopes.flatMap((e) => (e.testCase ? [[e.testCase.id, e.testCase.pickleId]] : [])),
    );
    const startedScenario = new Map(
      envelopes.flatMap((e) =>
        e.testCaseStarted
          ? [[e.testCaseStarted.id, pickleName.get(testCasePickle.get(e.testCaseStarted.testCaseId) ?? '')]]
          : [],
      ),
    );
    const attached = new Map<string, string[]>();
    for (const e of envelopes) {
      if (!e.attachment?.fileName) continue;
      const scenario = startedScenario.get(e.attachment.testCaseStartedId ?? '') ?? '?';
      attached.set(scenario, [
        ...(attached.get(scenario) ?? []),
        `${e.attachment.fileName} ${e.attachment.mediaType}`,
      ]);
    }
    assert.deepEqual(Object.fromEntries(attached), {
      [SCENARIOS[0]!]: ['manifests.yaml text/x.yaml', 'events.txt text/plain', 'timeline.svg image/svg+xml'],
      [SCENARIOS[1]!]: [
        'manifests.yaml text/x.yaml',
        'events.txt text/plain',
        'timeline.svg image/svg+xml',
        'evidence-pods.txt text/plain',
      ],
      [SCENARIOS[2]!]: ['events.txt text/plain', 'skip-reason.txt text/plain'],
    });
    const timeline = envelopes.find(
      (e) =>
        e.attachment?.fileName === 'timeline.svg' &&
        startedScenario.get(e.attachment.testCaseStartedId ?? '') === SCENARIOS[0],
    )?.attachment;
    assert.ok(timeline);
    const body =
      timeline.contentEncoding === 'BASE64'
        ? Buffer.from(timeline.body, 'base64').toString('utf8')
        : timeline.body;
    const svg = parseXml(body);
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attributes.xmlns, 'http://www.w3.org/2000/svg');
    const segments = svg.children.filter((c) => c.name === 'rect' && c.attributes.class === 'segment');
    assert.deepEqual(
      segments.map((s) => [s.attributes.fill, s.children[0]?.text.replace(/ from .*/, '')]),
      [
        ['#f9a825', 'small: ContainerCreating (restarts 0)'],
        ['#2e7d32', 'small: Running (restarts 0)'],
      ],
    );
    const skip = envelopes.find((e) => e.attachment?.fileName === 'skip-reason.txt')?.attachment;
    assert.equal(skip?.body, SKIP_REASON);
  });

  it('cucumber.json: the feature, its scenarios and steps with results, the timeline embedded', () => {
    const features = JSON.parse(read('cucumber.json')) as Array<{
      name: string;
      uri: string;
      tags: Array<{ name: string }>;
      elements: Array<{
        name: string;
        line: number;
        tags: Array<{ name: string }>;
        steps: Array<{
          keyword: string;
          name?: string;
          result: { status: string; error_message?: string };
          embeddings?: Array<{ mime_type: string; data: string }>;
        }>;
      }>;
    }>;
    assert.equal(features.length, 1);
    const [feature] = features;
    assert.equal(feature?.name, FEATURE);
    assert.equal(feature?.uri, 'features/fit.feature');
    assert.deepEqual(
      feature?.tags.map((t) => t.name),
      ['@sizing'],
    );
    assert.deepEqual(
      feature?.elements.map((e) => [e.name, e.line, e.tags.map((t) => t.name)]),
      [
        [SCENARIOS[0], 3, ['@sizing']],
        [SCENARIOS[1], 20, ['@sizing']],
        [SCENARIOS[2], 42, ['@sizing', '@single-node']],
      ],
    );
    const visible = (i: number) =>
      feature?.elements[i]?.steps.filter((s) => s.keyword !== 'Before' && s.keyword !== 'After') ?? [];
    assert.deepEqual(
      visible(1).map((s) => s.result.status),
      ['passed', 'passed', 'failed'],
    );
    assert.equal(visible(1)[2]?.result.error_message?.split('\n')[0], `Error: ${FAILURE_FIRST_LINE}`);
    assert.deepEqual(
      visible(2).map((s) => s.result.status),
      ['skipped', 'skipped'],
    );
    const embeddings = feature?.elements[0]?.steps.flatMap((s) => s.embeddings ?? []) ?? [];
    const svg = embeddings.find((e) => e.mime_type === 'image/svg+xml');
    assert.match(
      Buffer.from(svg?.data ?? '', 'base64').toString('utf8'),
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
  });

  it('summary.json: one result per scenario with stable ids, statuses and messages', () => {
    const summary = JSON.parse(read('summary.json')) as RunResults;
    assert.equal(summary.target, TARGET);
    assert.deepEqual(summary.counts, {
      total: 3,
      passed: 1,
      failed: 1,
      skipped: 1,
      undefined: 0,
      ambiguous: 0,
      pending: 0,
      flaky: 0,
    });
    assert.deepEqual(
      summary.scenarios.map((s) => [s.id, s.area, s.status, s.attempts, s.message?.split('\n')[0]]),
      [
        ['features/fit.feature:3', 'fit', 'passed', 1, undefined],
        ['features/fit.feature:20', 'fit', 'failed', 1, `Error: ${FAILURE_FIRST_LINE}`],
        ['features/fit.feature:42', 'fit', 'skipped', 1, SKIP_REASON],
      ],
    );
    assert.equal(
      summary.scenarios[1]?.step,
      'pod "big" has a Warning event "FailedScheduling" from "default-scheduler" with message:',
    );
  });

  it('conformance.json and conformance.html: tallies per area and per tag', () => {
    const conformance = JSON.parse(read('conformance.json')) as ConformanceSummary;
    const tally = (passed: number, failed: number, skipped: number) => ({
      passed,
      flaky: 0,
      failed,
      skipped,
      other: 0,
      total: passed + failed + skipped,
    });
    assert.equal(conformance.target, TARGET);
    assert.deepEqual(conformance.totals, tally(1, 1, 1));
    assert.deepEqual(conformance.byArea, { fit: tally(1, 1, 1) });
    assert.deepEqual(conformance.byTag, { '@single-node': tally(0, 0, 1), '@sizing': tally(1, 1, 1) });
    const html = read('conformance.html');
    assert.match(html, /<p id="totals">1 passed, 0 flaky, 1 failed, 1 skipped of 3 scenarios/);
    assert.match(
      html,
      /<tr class="failed"><td>failed<\/td><td>Fit depends on the nodes<\/td><td>A 5Gi pod fits no node<\/td><td><code>features\/fit\.feature:20<\/code><\/td>/,
    );
  });

  it('prints where the reports are', () => {
    assert.match(output, /kuke on bundled:three-nodes: 3 scenarios: 1 passed, 1 failed, 1 skipped/);
    assert.match(output, /reports: reports\/cucumber\.html, reports\/junit\.xml, reports\/conformance\.html/);
  });
});
