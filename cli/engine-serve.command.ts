import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';

interface ServeOptions {
  port: string;
  host: string;
  kubeconfig: string;
  cluster?: string;
  speed: string;
  seed?: string;
  images?: string[];
}

/** `kuke engine serve`: the bundled engine as a standalone API server on the real clock. */
export function registerEngineServe(program: Command): void {
  const engine = program.command('engine').description('the bundled Kubernetes-compatible engine');
  engine
    .command('serve')
    .description('serve the bundled engine on 127.0.0.1 and write a kubeconfig kubectl can use')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '6443')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--kubeconfig <file>', 'where to write the kubeconfig', './kuke.kubeconfig')
    .option(
      '--cluster <nameOrFile>',
      'cluster fixture: a name under fixtures/clusters or a YAML file',
      'minikube',
    )
    .option('--speed <n>', 'run cluster time N times faster than wall-clock time', '1')
    .option('--seed <seed>', 'fix every random choice (names, IPs, tie-breaks)')
    .option('--images <dir...>', 'extra image behaviour profile directories')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      const speed = Number(options.speed);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port: not a port number: ${options.port}`);
      if (!(speed > 0)) throw new Error(`--speed: must be a positive number, got ${options.speed}`);
      const { Engine } = await import('../engine/engine.ts');
      const started = await Engine.start({
        clock: 'real',
        speed,
        port,
        host: options.host,
        ...(options.cluster ? { cluster: options.cluster } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.images ? { imageProfileDirs: options.images } : {}),
      });
      const kubeconfigPath = resolve(options.kubeconfig);
      await writeFile(kubeconfigPath, started.kubeconfig(), { mode: 0o600 });
      const nodes = started.cluster.spec.nodes.reduce((n, node) => n + (node.count ?? 1), 0);
      console.log(
        `kuke engine serving ${started.url} (cluster ${started.cluster.metadata.name}: ${nodes} node${nodes === 1 ? '' : 's'}${speed !== 1 ? `, ${speed}x speed` : ''})`,
      );
      console.log(
        `kubeconfig written to ${kubeconfigPath}; try: kubectl --kubeconfig ${options.kubeconfig} get nodes`,
      );
      console.log('Ctrl-C stops it.');
      const stop = async (signal: string) => {
        console.log(`\n${signal}: stopping the engine`);
        await started.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
