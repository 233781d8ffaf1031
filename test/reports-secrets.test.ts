// Secret values written in feature files never reach a report or the console: one run (two
// workers) against a served engine, a passing and a failing scenario with Secrets in YAML and
// JSON doc strings and a patch of one. The engine is watched from outside to prove the steps
// still sent the real values.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Envelope, Pickle } from '@cucumber/messages';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import {
  type KukeRun,
  type Reports,
  readReports,
  runKuke,
  type ServedEngine,
  serveEngine,
  tempDir,
  writeFiles,
} from './harness-support.ts';

const PASSWORD = 'Plain-Zebra-4711';
const TOKEN = 'Base-Otter-932';
const PATCHED = 'Patched-Lynx-206';
const FAILING = 'Failing-Heron-58';
const LITERAL = 'Literal-Ibis-3301';
const b64 = (text: string) => Buffer.from(text).toString('base64');
/** Every Secret value of the feature, as written and base64-encoded. */
const FORBIDDEN = [PASSWORD, TOKEN, PATCHED, FAILING, LITERAL].flatMap((value) => [value, b64(value)]);

const FEATURE = `Feature: Secrets stay out of the reports

  Scenario: The cluster admin stores credentials for the admin user
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        role: admin
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: db-credentials
      stringData:
        username: admin
        password: ${PASSWORD}
      data:
        token: ${b64(TOKEN)}
      """
    And I patch secret "db-credentials" with:
      """
      stringData:
        password: ${PATCHED}
      """
    And I run "kubectl create secret generic cli-credentials --from-literal=user=admin --from-literal=password=${LITERAL}"
    Then secret "db-credentials" has "data.username" equal to "YWRtaW4="

  Scenario: A failing check on a Secret
    When I create the manifest:
      """json
      {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-key"},
       "stringData": {"key": "${FAILING}"}}
      """
    Then within 5 seconds secret "api-key" has "data.key" equal to "not-the-key"
`;
const FEATURE_LINES = FEATURE.split('\n');
/** 1-based line of the feature where a text is written. */
const lineOf = (text: string) => FEATURE_LINES.findIndex((line) => line.includes(text)) + 1;

interface SecretSeen {
  name: string;
  data: Record<string, string>;
}

/** The Secrets the cluster stores (every add and change) while the run goes on. */
async function watchSecrets(kubeconfigPath: string): Promise<{ seen: SecretSeen[]; stop: () => void }> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const seen: SecretSeen[] = [];
  const controller = await new Watch(config).watch(
    '/api/v1/secrets',
    {},
    (type, secret: { metadata?: { name?: string }; data?: Record<string, string> }) => {
      if (type === 'ADDED' || type === 'MODIFIED')
        seen.push({ name: secret.metadata?.name ?? '', data: secret.data ?? {} });
    },
    () => {},
  );
  return { seen, stop: () => controller.abort() };
}

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The messages cucumber.html embeds (it writes `<` as `\x3C` inside its script). */
function htmlMessages(html: string): Envelope[] {
  const match = /window\.CUCUMBER_MESSAGES = (\[.*?\]);\s*<\/script>/s.exec(html);
  assert.ok(match, 'cucumber.html embeds the messages');
  return JSON.parse(match[1]!.replaceAll('\\x3C', '\\u003C')) as Envelope[];
}

describe('Secret values from feature files in reports and logs', () => {
  const tmp = tempDir('kuke-reports-secrets');
  const reportsDir = join(tmp.dir, 'reports');
  let engine: ServedEngine;
  let run: KukeRun;
  let seen: SecretSeen[] = [];
  let reports: Reports;

  before(async () => {
    const [feature] = writeFiles(tmp.dir, { 'features/secrets.feature': FEATURE });
    engine = await serveEngine(tmp.dir, { speed: 50 });
    const watch = await watchSecrets(engine.kubeconfigPath);
    try {
      run = await runKuke(
        [
          'run',
          '--parallel',
          '2',
          '--target',
          `kubeconfig:${engine.kubeconfigPath}`,
          '--reports',
          reportsDir,
          feature!,
        ],
        { timeoutMs: 120_000 },
      );
    } finally {
      watch.stop();
    }
    seen = watch.seen;
    reports = readReports(reportsDir);
  });

  after(async () => {
    await engine?.stop();
    tmp.cleanup();
  });

  test('one scenario passes, the other fails on its check', () => {
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.deepEqual(
      reports.summary.scenarios.map((s) => [s.line, s.status]),
      [
        [lineOf('Scenario: The cluster admin'), 'passed'],
        [lineOf('Scenario: A failing check'), 'failed'],
      ],
      run.stdout,
    );
  });

  test('the steps sent the real values: the cluster stored them', () => {
    const stored = (name: string) => seen.filter((secret) => secret.name === name).map((s) => s.data);
    assert.deepEqual(stored('db-credentials'), [
      { username: b64('admin'), password: b64(PASSWORD), token: b64(TOKEN) },
      { username: b64('admin'), password: b64(PATCHED), token: b64(TOKEN) },
    ]);
    assert.deepEqual(stored('api-key'), [{ key: b64(FAILING) }]);
    assert.deepEqual(stored('cli-credentials'), [{ user: b64('admin'), password: b64(LITERAL) }]);
  });

  test('no report file, and neither stdout nor stderr, holds a value, plain or base64', () => {
    const files = filesUnder(reportsDir);
    for (const expected of ['cucumber.html', 'cucumber.ndjson', 'cucumber.json', 'junit.xml', 'summary.json'])
      assert.ok(
        files.some((file) => file.endsWith(`/${expected}`)),
        `${expected} written`,
      );
    assert.ok(
      files.some((file) => file.includes('/allure-results/') && file.endsWith('-result.json')),
      'Allure results written',
    );
    const outputs: Array<[string, string]> = [
      ...files.map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ];
    for (const [where, text] of outputs)
      for (const value of FORBIDDEN) assert.ok(!text.includes(value), `${where} shows ${value}`);
  });

  test('cucumber.ndjson and cucumber.html show <redacted> where each value was, on the same line', () => {
    const html = htmlMessages(readFileSync(join(reportsDir, 'cucumber.html'), 'utf8'));
    for (const [report, envelopes] of [
      ['cucumber.ndjson', reports.envelopes],
      ['cucumber.html', html],
    ] as const) {
      const source = envelopes.find((e) => e.source)?.source?.data.split('\n') ?? [];
      assert.equal(source.length, FEATURE_LINES.length, `${report}: the feature keeps its lines`);
      const redactedLines = source.flatMap((line, index) =>
        line === FEATURE_LINES[index] ? [] : [index + 1],
      );
      assert.deepEqual(
        redactedLines.map((line) => source[line - 1]?.trim()),
        [
          'username: <redacted>',
          `password: <redacted>`,
          'token: <redacted>',
          'password: <redacted>',
          'And I run "kubectl create secret generic cli-credentials --from-literal=user=<redacted> --from-literal=password=<redacted>"',
          '"stringData": {"key": "<redacted>"}}',
        ],
        report,
      );
      assert.deepEqual(
        redactedLines,
        [
          lineOf('username: admin'),
          lineOf(PASSWORD),
          lineOf('token:'),
          lineOf(PATCHED),
          lineOf(LITERAL),
          lineOf(FAILING),
        ],
        `${report}: each <redacted> is on the line of the value it hides`,
      );
      // The same words outside a Secret's values keep their text.
      assert.equal(source[lineOf('role: admin') - 1], FEATURE_LINES[lineOf('role: admin') - 1]);
      const pickles = envelopes.flatMap((e) => (e.pickle ? [e.pickle] : []));
      assert.deepEqual(
        pickles.map((p) => p.name),
        ['The cluster admin stores credentials for the admin user', 'A failing check on a Secret'],
      );
      assert.deepEqual(pickles.flatMap(docStrings), [
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  role: admin
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
stringData:
  username: <redacted>
  password: <redacted>
data:
  token: <redacted>`,
        'stringData:\n  password: <redacted>',
        '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-key"},\n "stringData": {"key": "<redacted>"}}',
      ]);
      const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
      const documentDocStrings = (document?.feature?.children ?? []).flatMap((child) =>
        (child.scenario?.steps ?? []).flatMap((step) => (step.docString ? [step.docString.content] : [])),
      );
      assert.deepEqual(documentDocStrings, pickles.flatMap(docStrings), `${report}: the parsed feature too`);
    }
  });

  test('the console shows the failing scenario with its Secret redacted, and what it last observed redacted', () => {
    assert.match(run.stdout, /"stringData": \{"key": "<redacted>"\}\}/);
    assert.match(
      run.stdout,
      /secret "api-key" data\.key = "not-the-key": not seen within 5s of cluster time \(\d+ observations\)\.\n\s*Last observed: data\.key = "<redacted>"/,
    );
  });
});

function docStrings(pickle: Pickle): string[] {
  return pickle.steps.flatMap((step) => (step.argument?.docString ? [step.argument.docString.content] : []));
}
