import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { REDACTED, redactCommandLine, redactObject, redactText } from './redact.ts';

const lines = (text: string) => text.split('\n');

test('redactText hides the values of Secrets where they are written, and nothing else', () => {
  const cases: Array<{ name: string; text: string; expected: string; kind?: string }> = [
    {
      name: 'stringData and base64 data; keys, other fields and the same words elsewhere stay',
      text: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  labels:
    user: admin
stringData:
  username: admin
  password: s3cr3t-value # rotated monthly
data:
  token: czNjcjN0LXRva2Vu
type: Opaque
`,
      expected: `apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  labels:
    user: admin
stringData:
  username: <redacted>
  password: <redacted> # rotated monthly
data:
  token: <redacted>
type: Opaque
`,
    },
    {
      name: 'multi-document YAML: only the Secret, not a ConfigMap with the same keys',
      text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  password: not-a-secret
---
apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: s3cr3t
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: main
      image: busybox
      env:
        - name: PASSWORD
          value: s3cr3t
`,
      expected: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  password: not-a-secret
---
apiVersion: v1
kind: Secret
metadata:
  name: db
stringData:
  password: <redacted>
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: main
      image: busybox
      env:
        - name: PASSWORD
          value: s3cr3t
`,
    },
    {
      name: 'quoting is kept: single, double, and a quoted key',
      text: `kind: "Secret"\nstringData:\n  a: 'one'\n  "b": "two"\n  c: three\n`,
      expected: `kind: "Secret"\nstringData:\n  a: '<redacted>'\n  "b": "<redacted>"\n  c: <redacted>\n`,
    },
    {
      name: 'a block scalar keeps its lines, empty, so the next key stays on its line',
      text: `kind: Secret\ndata:\n  tls.key: |\n    LINE-ONE\n    LINE-TWO\n  tls.crt: Q0VSVA==\nmetadata:\n  name: tls\n`,
      expected: `kind: Secret\ndata:\n  tls.key: <redacted>\n\n\n  tls.crt: <redacted>\nmetadata:\n  name: tls\n`,
    },
    {
      name: 'a quoted value over two lines keeps its line break and the indentation after it',
      text: `kind: Secret\nstringData:\n  note: "first half\n    second half"\n  other: x\n`,
      expected: `kind: Secret\nstringData:\n  note: "<redacted>"\n    \n  other: <redacted>\n`,
    },
    {
      name: 'flow maps',
      text: `kind: Secret\nmetadata: {name: db}\nstringData: {user: admin, password: s3cr3t}\n`,
      expected: `kind: Secret\nmetadata: {name: db}\nstringData: {user: <redacted>, password: <redacted>}\n`,
    },
    {
      name: 'JSON on one line stays JSON (a number becomes a string)',
      text: '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"s3cr3t","pin":1234}}',
      expected:
        '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"stringData":{"password":"<redacted>","pin":"<redacted>"}}',
    },
    {
      name: 'JSON indented with tabs',
      text: '{\n\t"kind": "Secret",\n\t"data": {\n\t\t"password": "czNjcjN0"\n\t}\n}\n',
      expected: '{\n\t"kind": "Secret",\n\t"data": {\n\t\t"password": "<redacted>"\n\t}\n}\n',
    },
    {
      name: 'a List of Secrets, and a SecretList whose items do not say their kind',
      text: `kind: List
items:
  - kind: Secret
    metadata: {name: a}
    data: {k: YQ==}
  - kind: ConfigMap
    metadata: {name: b}
    data: {k: b}
---
kind: SecretList
items:
  - metadata: {name: c}
    data: {k: Yw==}
`,
      expected: `kind: List
items:
  - kind: Secret
    metadata: {name: a}
    data: {k: <redacted>}
  - kind: ConfigMap
    metadata: {name: b}
    data: {k: b}
---
kind: SecretList
items:
  - metadata: {name: c}
    data: {k: <redacted>}
`,
    },
    {
      name: "kubectl's last-applied-configuration annotation, which holds the values too",
      text: `kind: Secret
metadata:
  name: db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"kind":"Secret","stringData":{"password":"s3cr3t"}}
    team: payments
data:
  password: czNjcjN0
`,
      expected: `kind: Secret
metadata:
  name: db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: <redacted>

    team: payments
data:
  password: <redacted>
`,
    },
    {
      name: 'a patch of a Secret names no kind; the caller says it is one',
      text: 'stringData:\n  password: n3w-s3cr3t\n',
      kind: 'Secret',
      expected: 'stringData:\n  password: <redacted>\n',
    },
    {
      name: 'a patch that names another kind is not a Secret',
      text: 'kind: ConfigMap\ndata:\n  password: visible\n',
      kind: 'Secret',
      expected: 'kind: ConfigMap\ndata:\n  password: visible\n',
    },
    {
      name: 'an empty value and an empty data map have nothing to hide',
      text: 'kind: Secret\nstringData:\n  password:\ndata: {}\n',
      expected: 'kind: Secret\nstringData:\n  password:\ndata: {}\n',
    },
    {
      name: 'non-Secret objects are untouched',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Secret-ish\ndata:\n  password: visible\n',
      expected:
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Secret-ish\ndata:\n  password: visible\n',
    },
    {
      name: 'malformed YAML is left as it is',
      text: 'kind: Secret\nstringData:\n  password: s3cr3t\n bad: indentation\n',
      expected: 'kind: Secret\nstringData:\n  password: s3cr3t\n bad: indentation\n',
    },
    {
      name: 'a malformed document does not stop the others from being redacted',
      text: 'kind: Secret\nstringData:\n  password: s3cr3t\n---\nkind: Secret\nstringData:\n  a: "unclosed\n',
      expected:
        'kind: Secret\nstringData:\n  password: <redacted>\n---\nkind: Secret\nstringData:\n  a: "unclosed\n',
    },
    {
      name: 'plain text that mentions Secrets is not YAML to redact',
      text: 'Error from server (NotFound): secrets "db" not found\nkind Secret: password: shown\n',
      expected: 'Error from server (NotFound): secrets "db" not found\nkind Secret: password: shown\n',
    },
  ];
  for (const { name, text, expected, kind } of cases) {
    const redacted = redactText(text, kind ? { kind } : {});
    assert.equal(redacted, expected, name);
    assert.equal(lines(redacted).length, lines(text).length, `${name}: same number of lines`);
  }
});

test('redacted YAML and JSON still parse, with every Secret value replaced and every key kept', () => {
  const texts = [
    'kind: Secret\nmetadata: {name: a}\nstringData:\n  u: admin\n  p: |\n    x\n    y\ndata:\n  t: dA==\n',
    '{"kind": "Secret", "metadata": {"name": "a"}, "data": {"t": "dA==", "n": 5, "b": true}}',
    'kind: Secret\nmetadata: {name: a}\nstringData: {u: "one\n  two", p: [x, y]}\n',
  ];
  for (const text of texts) {
    const redacted = redactText(text);
    const value = onlyDocument(redacted);
    const original = onlyDocument(text);
    for (const field of ['data', 'stringData'] as const) {
      assert.deepEqual(Object.keys(value[field] ?? {}), Object.keys(original[field] ?? {}), redacted);
      for (const shown of Object.values(value[field] ?? {})) assert.equal(shown, REDACTED, redacted);
    }
    if (text.startsWith('{')) assert.doesNotThrow(() => JSON.parse(redacted), redacted);
  }
});

type SecretFields = { data?: Record<string, unknown>; stringData?: Record<string, unknown> };

function onlyDocument(text: string): SecretFields {
  const documents = parseAllDocuments(text);
  assert.ok(Array.isArray(documents) && documents.length === 1, text);
  const [document] = documents;
  assert.deepEqual(document?.errors, [], text);
  return document?.toJS() as SecretFields;
}

test('redactObject hides the values of a Secret object and its last-applied annotation, keeps its keys', () => {
  const secret = {
    kind: 'Secret',
    metadata: {
      name: 'db',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"p":"eA=="}}', team: 'x' },
    },
    data: { p: 'eA==' },
    type: 'Opaque',
  };
  assert.deepEqual(redactObject(secret), {
    kind: 'Secret',
    metadata: {
      name: 'db',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': REDACTED, team: 'x' },
    },
    data: { p: REDACTED },
    type: 'Opaque',
  });
  assert.equal(secret.data.p, 'eA==', 'the object itself is not changed');
  const configMap = { kind: 'ConfigMap', data: { p: 'visible' } };
  assert.deepEqual(redactObject(configMap), configMap);
});

describe('redactCommandLine', () => {
  const cases: Array<[string, string]> = [
    [
      'I run "kubectl create secret generic db --from-literal=username=admin --from-literal=password=S3cr3t-Otter"',
      'I run "kubectl create secret generic db --from-literal=username=<redacted> --from-literal=password=<redacted>"',
    ],
    [
      `kubectl create secret generic db --from-literal 'password=two words' -n x`,
      `kubectl create secret generic db --from-literal 'password=<redacted>' -n x`,
    ],
    [
      'kubectl create secret generic db --from-literal=password="two words" --dry-run=client',
      'kubectl create secret generic db --from-literal=password=<redacted> --dry-run=client',
    ],
    [
      'kubectl create secret docker-registry reg --docker-server=r.io --docker-username=u --docker-password=Pa55',
      'kubectl create secret docker-registry reg --docker-server=r.io --docker-username=u --docker-password=<redacted>',
    ],
    // Not a Secret: a ConfigMap's literals are no secret and stay.
    [
      'kubectl create configmap settings --from-literal=color=blue',
      'kubectl create configmap settings --from-literal=color=blue',
    ],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.equal(redactCommandLine(input), expected));
  }
});
