import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { defaultKubeconfigFiles, expandHome, kubeconfigText, loadKubeconfig } from './kubeconfig-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'kuke-kubeconfig-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig with one cluster/user/context per name; the first is current unless told. */
function kubeconfig(
  names: string[],
  options: { current?: string; server?: string; caFile?: string } = {},
): string {
  return `apiVersion: v1
kind: Config
clusters:
${names.map((n) => `  - name: ${n}\n    cluster:\n      server: ${options.server ?? `https://${n}.example:6443`}${options.caFile ? `\n      certificate-authority: ${options.caFile}` : ''}`).join('\n')}
users:
${names.map((n) => `  - name: ${n}\n    user:\n      token: token-${n}`).join('\n')}
contexts:
${names.map((n) => `  - name: ${n}\n    context:\n      cluster: ${n}\n      user: ${n}`).join('\n')}
current-context: ${options.current ?? names[0]}
`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

test('a path and an optional context: the current context, or the one named', () => {
  const path = write('two.kubeconfig', kubeconfig(['kind-kind', 'minikube']));
  const current = loadKubeconfig(path, undefined, {});
  assert.equal(current.context, 'kind-kind');
  assert.equal(current.source, path);
  assert.equal(current.config.getCurrentCluster()?.server, 'https://kind-kind.example:6443');
  const chosen = loadKubeconfig(path, 'minikube', {});
  assert.equal(chosen.context, 'minikube');
  assert.equal(chosen.config.getCurrentCluster()?.server, 'https://minikube.example:6443');
});

test('errors name the file and what is missing', () => {
  const path = write('one.kubeconfig', kubeconfig(['kind-kind']));
  assert.throws(() => loadKubeconfig(join(dir, 'absent'), undefined, {}), {
    message: `kubeconfig not found: ${join(dir, 'absent')}`,
  });
  assert.throws(() => loadKubeconfig(path, 'prod', {}), {
    message: `kubeconfig ${path} has no context "prod" (it has: kind-kind)`,
  });
  const noCurrent = write('no-current.kubeconfig', kubeconfig(['a']).replace('current-context: a', ''));
  assert.throws(() => loadKubeconfig(noCurrent, undefined, {}), {
    message: `kubeconfig ${noCurrent} has no current context; name one: kubeconfig:PATH#CONTEXT`,
  });
  const dangling = write(
    'dangling.kubeconfig',
    kubeconfig(['a']).replace('      cluster: a\n      user: a', '      cluster: gone\n      user: a'),
  );
  assert.throws(() => loadKubeconfig(dangling, undefined, {}), {
    message: `kubeconfig ${dangling}: context "a" names cluster "gone", which it does not define`,
  });
  const broken = write('broken.kubeconfig', 'clusters: [\n');
  assert.throws(
    () => loadKubeconfig(broken, undefined, {}),
    (error: unknown) => {
      assert.match((error as Error).message, new RegExp(`^kubeconfig ${broken} cannot be read: `));
      return true;
    },
  );
});

test('without a path: $KUBECONFIG files merged as kubectl merges them, missing ones ignored', () => {
  const first = write(
    'env/first.kubeconfig',
    kubeconfig(['shared', 'first-only'], { current: 'first-only' }),
  );
  const second = write(
    'env/second.kubeconfig',
    kubeconfig(['shared', 'second-only'], { current: 'second-only', server: 'https://second.example' }),
  );
  const env = { KUBECONFIG: [join(dir, 'env/absent'), first, second].join(':') };
  const loaded = loadKubeconfig(undefined, undefined, env);
  assert.equal(loaded.context, 'first-only', 'the first file that sets current-context wins');
  assert.equal(loaded.source, `$KUBECONFIG (${env.KUBECONFIG})`);
  assert.deepEqual(
    loaded.config.contexts.map((c) => c.name),
    ['shared', 'first-only', 'second-only'],
  );
  assert.equal(
    loaded.config.getCluster('shared')?.server,
    'https://shared.example:6443',
    'the first definition wins',
  );
  assert.equal(
    loadKubeconfig(undefined, 'second-only', env).config.getCurrentCluster()?.server,
    'https://second.example',
  );
  assert.throws(() => loadKubeconfig(undefined, undefined, { KUBECONFIG: join(dir, 'env/absent') }), {
    message: `kubeconfig not found: $KUBECONFIG (${join(dir, 'env/absent')})`,
  });
});

test('without a path or $KUBECONFIG: ~/.kube/config', () => {
  assert.deepEqual(defaultKubeconfigFiles({}, '/home/ada'), ['/home/ada/.kube/config']);
  assert.deepEqual(defaultKubeconfigFiles({ KUBECONFIG: '' }, '/home/ada'), ['/home/ada/.kube/config']);
  assert.deepEqual(defaultKubeconfigFiles({ KUBECONFIG: '~/a:/b::' }, '/home/ada'), ['/home/ada/a', '/b']);
  assert.equal(expandHome('~/kind.kubeconfig', '/home/ada'), '/home/ada/kind.kubeconfig');
  assert.equal(expandHome('~', '/home/ada'), '/home/ada');
  assert.equal(expandHome('./~/x', '/home/ada'), './~/x');
});

test('relative certificate paths are resolved against their file; the text keeps the namespace', () => {
  const path = write('certs/with-ca.kubeconfig', kubeconfig(['a'], { caFile: 'ca.crt' }));
  const { config } = loadKubeconfig(path, undefined, {});
  assert.equal(config.getCurrentCluster()?.caFile, join(dir, 'certs/ca.crt'));
  const text = parse(kubeconfigText(config, 'kuke-x-1')) as {
    contexts: Array<{ name: string; context: { namespace?: string } }>;
    clusters: Array<{ cluster: Record<string, string> }>;
  };
  assert.equal(text.contexts[0]?.context.namespace, 'kuke-x-1');
  assert.equal(text.clusters[0]?.cluster['certificate-authority'], join(dir, 'certs/ca.crt'));
});
