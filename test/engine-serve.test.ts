import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KubeClient } from '../harness/kube/kube-client.ts';

test('kuke engine serve writes a working kubeconfig, answers /readyz and stops cleanly on Ctrl-C', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kuke-serve-'));
  const kubeconfig = join(dir, 'kuke.kubeconfig');
  const child = spawn(
    process.execPath,
    ['bin/kuke.js', 'engine', 'serve', '--port', '0', '--kubeconfig', kubeconfig, '--cluster', 'three-nodes'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(
      () => output.includes('Ctrl-C stops it.'),
      20_000,
      () => output,
    );
    assert.match(
      output,
      /^kuke engine serving https:\/\/127\.0\.0\.1:\d+ \(cluster three-nodes: 3 nodes\)$/m,
    );
    const client = KubeClient.fromString(readFileSync(kubeconfig, 'utf8'));
    try {
      const ready = await client.raw('GET', '/readyz');
      assert.equal(ready.status, 200);
      assert.equal(ready.body, 'ok');
      const nodes = await client.list('v1', 'Node', undefined);
      assert.deepEqual(
        nodes.map((n) => n.metadata.name),
        ['control-plane', 'worker-1', 'worker-2'],
      );
      const version = JSON.parse((await client.raw('GET', '/version')).body) as { gitVersion: string };
      assert.match(version.gitVersion, /^v1\.32\./);
    } finally {
      client.close();
    }
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(output, /SIGINT: stopping the engine/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
