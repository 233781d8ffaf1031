import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope, GherkinDocument, Pickle } from '@cucumber/messages';
import { EnvelopeRedactor, redactGherkinDocument, redactPickle, redactSource } from './redact-envelopes.ts';

/** The source, document and pickle messages cucumber makes of a feature file (a dry run). */
async function gherkinMessages(feature: string): Promise<Envelope[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kuke-redact-'));
  try {
    writeFileSync(join(dir, 'x.feature'), feature);
    const { runConfiguration } = await loadConfiguration(
      { provided: { paths: ['x.feature'], dryRun: true, format: [] } },
      { cwd: dir },
    );
    const envelopes: Envelope[] = [];
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await runCucumber(runConfiguration, { cwd: dir, stdout: sink }, (envelope) => envelopes.push(envelope));
    return envelopes.filter((e) => e.source || e.gherkinDocument || e.pickle);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FEATURE = `Feature: Secrets in doc strings
  The cluster admin creates db-credentials for the admin user.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: background
      stringData:
        token: Background-Otter-1
      """

  Scenario: YAML, several documents
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        username: admin
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: db-credentials
        annotations:
          note: 'quotes \\"\\"\\" inside'
      stringData:
        username: admin
        password: Plain-Zebra-4711
      data:
        cert: |
          Q0VSVC1MSU5FLTE=
          Q0VSVC1MSU5FLTI=
      type: Opaque
      """
    Then secret "db-credentials" exists

  Rule: JSON and patches
    Scenario: JSON with backticks, and a patch
      When I create the manifest:
        \`\`\`json
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "j"},
         "data": {"password": "QmFzZS1PdHRlci05MzI="}}
        \`\`\`
      And I patch secret "j" with:
        """
        stringData:
          password: Patched-Heron-77
        """
      And I patch configmap "settings" with:
        """
        data:
          username: root
        """
`;

const VALUES = [
  'Background-Otter-1',
  'Plain-Zebra-4711',
  'Q0VSVC1MSU5',
  'QmFzZS1PdHRlci05MzI=',
  'Patched-Heron-77',
];

test('redactSource hides the Secret values in the feature text, line for line, and nothing else', async () => {
  const envelopes = await gherkinMessages(FEATURE);
  const source = envelopes.find((e) => e.source)?.source;
  const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
  assert.ok(source && document);
  assert.equal(source.data, FEATURE);
  const redacted = redactSource(source, document);
  for (const value of VALUES) assert.ok(!redacted.data.includes(value), value);
  const before = FEATURE.split('\n');
  const after = redacted.data.split('\n');
  assert.equal(after.length, before.length);
  const changed = before.flatMap((line, index) => (line === after[index] ? [] : [[line, after[index]]]));
  assert.deepEqual(changed, [
    ['        token: Background-Otter-1', '        token: <redacted>'],
    ['        username: admin', '        username: <redacted>'],
    ['        password: Plain-Zebra-4711', '        password: <redacted>'],
    ['        cert: |', '        cert: <redacted>'],
    ['          Q0VSVC1MSU5FLTE=', ''],
    ['          Q0VSVC1MSU5FLTI=', ''],
    [
      '         "data": {"password": "QmFzZS1PdHRlci05MzI="}}',
      '         "data": {"password": "<redacted>"}}',
    ],
    ['          password: Patched-Heron-77', '          password: <redacted>'],
  ]);
  // The ConfigMap's `username: admin`, the patch of a ConfigMap and the prose keep their text.
  assert.match(redacted.data, /data:\n {8}username: admin\n/);
  assert.match(redacted.data, /username: root/);
  assert.match(redacted.data, /The cluster admin creates db-credentials for the admin user\./);

  // Parsed again, the redacted text has exactly the redacted documents' doc strings.
  const reparsed = (await gherkinMessages(redacted.data)).find((e) => e.gherkinDocument)?.gherkinDocument;
  assert.ok(reparsed);
  assert.deepEqual(docStrings(reparsed), docStrings(redactGherkinDocument(document)));
});

test('redactSource keeps Windows line endings', async () => {
  const crlf = FEATURE.replaceAll('\n', '\r\n');
  const envelopes = await gherkinMessages(crlf);
  const source = envelopes.find((e) => e.source)?.source;
  const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
  assert.ok(source && document);
  const redacted = redactSource(source, document).data;
  for (const value of VALUES) assert.ok(!redacted.includes(value), value);
  assert.equal(redacted.split('\r\n').length, crlf.split('\r\n').length);
  assert.ok(!/[^\r]\n/.test(redacted), 'every line still ends with CRLF');
});

test('documents and pickles: doc strings redacted in copies, the originals (which steps get) untouched', async () => {
  const envelopes = await gherkinMessages(FEATURE);
  const document = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument;
  const pickles = envelopes.flatMap((e) => (e.pickle ? [e.pickle] : []));
  assert.ok(document);
  const originalDocument = structuredClone(document);
  const originalPickles = structuredClone(pickles);

  const redactedDocument = redactGherkinDocument(document);
  assert.notEqual(redactedDocument, document);
  assert.deepEqual(document, originalDocument);
  assert.deepEqual(
    docStrings(redactedDocument).map((content) => VALUES.filter((value) => content.includes(value))),
    [[], [], [], [], []],
  );
  assert.equal(docStrings(redactedDocument)[4], 'data:\n  username: root');

  const redactedPickles = pickles.map(redactPickle);
  assert.deepEqual(pickles, originalPickles);
  assert.deepEqual(
    redactedPickles.map((pickle) => pickleDocStrings(pickle)),
    [
      [
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: background\nstringData:\n  token: <redacted>',
        `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  username: admin
---
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  annotations:
    note: 'quotes """ inside'
stringData:
  username: <redacted>
  password: <redacted>
data:
  cert: <redacted>


type: Opaque`,
      ],
      [
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: background\nstringData:\n  token: <redacted>',
        '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "j"},\n "data": {"password": "<redacted>"}}',
        'stringData:\n  password: <redacted>',
        'data:\n  username: root',
      ],
    ],
  );
  // Step texts and names are not doc strings: "admin" stays wherever it is written.
  assert.deepEqual(
    redactedPickles.map((p) => p.steps.map((s) => s.text)),
    pickles.map((p) => p.steps.map((s) => s.text)),
  );
  const plain: Pickle = { ...pickles[0]!, steps: pickles[0]!.steps.map(({ argument: _, ...step }) => step) };
  assert.equal(redactPickle(plain), plain, 'a pickle with nothing to hide is passed on as it is');
});

test('EnvelopeRedactor holds a source back until its document, and passes everything else on in order', async () => {
  const envelopes = await gherkinMessages(FEATURE);
  const finished = { testRunFinished: { success: true, timestamp: { seconds: 1, nanos: 0 } } } as Envelope;
  const stream = [...envelopes, finished];
  assert.ok(stream[0]?.source && stream[1]?.gherkinDocument, 'cucumber emits a source, then its document');
  const redactor = new EnvelopeRedactor();
  const out: Envelope[] = [];
  const afterSource = redactor.push(stream[0]!);
  assert.deepEqual(afterSource, [], 'the source waits for its document');
  out.push(...afterSource);
  for (const envelope of stream.slice(1)) out.push(...redactor.push(envelope));
  out.push(...redactor.flush());
  assert.deepEqual(
    out.map((e) => Object.keys(e)[0]),
    stream.map((e) => Object.keys(e)[0]),
  );
  const text = JSON.stringify(out);
  for (const value of VALUES) assert.ok(!text.includes(value), value);
  assert.equal(out.at(-1), finished, 'other messages are passed on as they are');

  // A source whose file did not parse has no document: it is passed on when the next message comes.
  const lone = new EnvelopeRedactor();
  const source = {
    source: { uri: 'bad.feature', data: 'not gherkin', mediaType: 'text/x.cucumber.gherkin+plain' },
  };
  assert.deepEqual(lone.push(source as Envelope), []);
  const next = { testRunFinished: { success: false, timestamp: { seconds: 1, nanos: 0 } } } as Envelope;
  assert.deepEqual(lone.push(next), [source, next]);
});

function docStrings(document: GherkinDocument): string[] {
  return (document.feature?.children ?? [])
    .flatMap((child) => [
      ...(child.background?.steps ?? []),
      ...(child.scenario?.steps ?? []),
      ...(child.rule?.children ?? []).flatMap((c) => c.scenario?.steps ?? []),
    ])
    .flatMap((step) => (step.docString ? [step.docString.content] : []));
}

function pickleDocStrings(pickle: Pickle): string[] {
  return pickle.steps.flatMap((step) => (step.argument?.docString ? [step.argument.docString.content] : []));
}

const OUTLINE = `Feature: Secrets from an Examples table

  Scenario Outline: Credentials for <name>
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: <name>
      stringData:
        password: <password>
      """
    And I run "kubectl create secret generic <name>-cli --from-literal=token=<token>"

    Examples:
      | name  | password        | token          |
      | alice | Outline-Puma-17 | Outline-Mole-3 |
      | bob   | Outline-Wren-88 | Outline-Yak-41 |
`;
const OUTLINE_VALUES = ['Outline-Puma-17', 'Outline-Mole-3', 'Outline-Wren-88', 'Outline-Yak-41'];

test('Examples cells that become Secret values are hidden in the source, the document and the pickles', async () => {
  const envelopes = await gherkinMessages(OUTLINE);
  const source = envelopes.find((e) => e.source)!.source!;
  const document = envelopes.find((e) => e.gherkinDocument)!.gherkinDocument!;
  const pickles = envelopes.flatMap((e) => (e.pickle ? [e.pickle] : []));
  const redacted = JSON.stringify([
    redactSource(source, document),
    redactGherkinDocument(document),
    pickles.map(redactPickle),
  ]);
  for (const value of OUTLINE_VALUES) assert.ok(!redacted.includes(value), value);
  const lines = redactSource(source, document).data.split('\n');
  assert.deepEqual(
    lines.filter((line) => line.includes('| alice') || line.includes('| bob')).map((line) => line.trim()),
    ['| alice | <redacted> | <redacted> |', '| bob   | <redacted> | <redacted> |'],
  );
  assert.equal(lines.length, OUTLINE.split('\n').length);
  const rows = redactGherkinDocument(document).feature!.children[0]!.scenario!.examples[0]!.tableBody;
  assert.deepEqual(
    rows.map((row) => row.cells.map((cell) => cell.value)),
    [
      ['alice', '<redacted>', '<redacted>'],
      ['bob', '<redacted>', '<redacted>'],
    ],
  );
  // The names are no secret and stay, in the pickles' names and texts too.
  assert.deepEqual(
    pickles.map(redactPickle).map((p) => [p.name, p.steps[1]?.text]),
    [
      [
        'Credentials for alice',
        'I run "kubectl create secret generic alice-cli --from-literal=token=<redacted>"',
      ],
      [
        'Credentials for bob',
        'I run "kubectl create secret generic bob-cli --from-literal=token=<redacted>"',
      ],
    ],
  );
});
