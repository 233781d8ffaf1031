import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { interpolate, ManifestError, parseManifests, parseYamlValue, readManifestFile } from './manifests.ts';

const source = { file: 'features/x.feature', line: 10 };

test('placeholders are replaced; an unknown one is an error naming it, where, and the known ones', () => {
  const values = { namespace: 'kuke-a-1', 'pod.name': 'web-1' };
  const cases: Array<[string, string]> = [
    ['namespace: ${namespace}', 'namespace: kuke-a-1'],
    ['${namespace}/${pod.name} in ${namespace}', 'kuke-a-1/web-1 in kuke-a-1'],
    [
      'no placeholders, $namespace, ${ namespace }, $${x',
      'no placeholders, $namespace, ${ namespace }, $${x',
    ],
  ];
  for (const [text, expected] of cases) assert.equal(interpolate(text, values), expected);
  assert.throws(() => interpolate('in ${namspace}', values, 'features/x.feature:12'), {
    message: 'unknown placeholder ${namspace} in features/x.feature:12 (known: namespace, pod.name)',
  });
});

test('multi-document manifests: every object, empty documents skipped, JSON too', () => {
  const objects = parseManifests(
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
---
# only a comment
---
{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}}
`,
    source,
  );
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.metadata.name}`),
    ['ConfigMap/a', 'Secret/b'],
  );
});

test('a List (or a typed list such as PodList) contributes its items', () => {
  const objects = parseManifests(
    `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: a
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      generateName: b-
---
apiVersion: v1
kind: PodList
metadata: {}
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: p
`,
    source,
  );
  assert.deepEqual(
    objects.map((o) => `${o.kind}/${o.metadata.name ?? o.metadata.generateName}`),
    ['ConfigMap/a', 'ConfigMap/b-', 'Pod/p'],
  );
});

test('errors name the file, the line in it and the field', () => {
  const cases: Array<{ text: string; message: string }> = [
    {
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n data: [\n',
      message: 'features/x.feature:14: invalid YAML: All mapping items must start at the same column',
    },
    {
      text: 'a: b\n\tc: d\n',
      message: 'features/x.feature:11: invalid YAML: Tabs are not allowed as indentation',
    },
    {
      text: 'kind: ConfigMap\nmetadata:\n  name: c\n',
      message: 'features/x.feature:10: apiVersion: required',
    },
    { text: 'apiVersion: v1\nmetadata:\n  name: c\n', message: 'features/x.feature:10: kind: required' },
    { text: 'apiVersion: v1\nkind: ConfigMap\n', message: 'features/x.feature:10: metadata: required' },
    {
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n',
      message: 'features/x.feature:10: metadata.name: required (or metadata.generateName)',
    },
    {
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n\napiVersion: v1\nmetadata:\n  name: b\n',
      message: 'features/x.feature:16: kind: required',
    },
    {
      text: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    metadata:\n      name: b\n',
      message: 'features/x.feature:17: items[1].kind: required',
    },
    {
      text: 'apiVersion: v1\nkind: List\nitems:\n  - just a string\n',
      message: 'features/x.feature:13: items[0]: must be a Kubernetes object (a map)',
    },
    {
      text: '- a\n- b\n',
      message: 'features/x.feature:10: each document must be a Kubernetes object (a map)',
    },
    { text: '# nothing here\n', message: 'features/x.feature:10: the manifest holds no objects' },
  ];
  for (const { text, message } of cases) {
    assert.throws(
      () => parseManifests(text, source),
      (error: unknown) => {
        assert.ok(error instanceof ManifestError, `${message}: ${String(error)}`);
        assert.equal(error.message, message);
        assert.equal(error.source, source);
        return true;
      },
    );
  }
});

test("YAML errors in a Secret's manifest never quote the text, which may be a value", () => {
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n';
  const cases: Array<{ text: string; message: string }> = [
    {
      text: `${secret}  password: *Pa55-Zebra\n`,
      message:
        'features/x.feature:15: invalid YAML: Unresolved alias (the anchor must be set before the alias)',
    },
    {
      text: `${secret}  password: |Pa55-Zebra\n`,
      message: 'features/x.feature:15: invalid YAML: Block scalar header includes extra characters',
    },
    {
      text: `${secret}  password: "\\xZZPa55"\n`,
      message: 'features/x.feature:15: invalid YAML: Invalid escape sequence',
    },
    {
      text: `${secret}  password: {a: Pa55-Zebra}}\n`,
      message: 'features/x.feature:15: invalid YAML: Unexpected flow-map-end token in YAML stream',
    },
  ];
  for (const { text, message } of cases) {
    assert.throws(() => parseManifests(text, source), { name: 'ManifestError', message });
  }
  // Other manifests keep yaml's whole description.
  assert.throws(() => parseManifests('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: *nowhere\n', source), {
    name: 'ManifestError',
    message:
      'features/x.feature:13: invalid YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
  });
  // A patch of a Secret has no kind to tell: the caller says so.
  assert.throws(() => parseYamlValue('stringData:\n  password: *Pa55-Zebra\n', source, { secret: true }), {
    name: 'ManifestError',
    message:
      'features/x.feature:11: invalid YAML: Unresolved alias (the anchor must be set before the alias)',
  });
  assert.throws(() => parseYamlValue('data:\n  a: *nowhere\n', source), {
    message:
      'features/x.feature:11: invalid YAML: Unresolved alias (the anchor must be set before the alias): nowhere',
  });
});

test('a manifest file is read with its path as the source, from line 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuke-manifests-'));
  try {
    const path = join(dir, 'web.yaml');
    writeFileSync(path, 'apiVersion: v1\nkind: Pod\nmetadata: {}\n');
    const { text, source: fileSource } = readManifestFile(path);
    assert.deepEqual(fileSource, { file: path, line: 1 });
    assert.throws(() => parseManifests(text, fileSource), {
      message: `${path}:1: metadata.name: required (or metadata.generateName)`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
