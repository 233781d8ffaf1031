import { Engine, type EngineOptions } from './engine.ts';

/** A running bundled engine, as `startEngine` hands it to tests. */
export interface RunningEngine {
  /** The API server's URL (plain HTTP on loopback). */
  url: string;
  /** A kubeconfig (YAML) with an admin context, for client-node's `loadFromString` or kubectl. */
  kubeconfig: string;
  /** Cluster time: read it, and on the virtual clock move it. */
  clock: EngineClock;
  engine: Engine;
  stop(): Promise<void>;
}

export interface EngineClock {
  readonly mode: 'virtual' | 'real';
  now(): Date;
  /** Virtual clock only: moves cluster time forward, running everything that falls due. */
  advance(ms: number): void;
}

/**
 * Starts the bundled Kubernetes-compatible engine in this process, like envtest for Go
 * operators: `const { kubeconfig, stop } = await startEngine()`.
 */
export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const engine = await Engine.start(options);
  return {
    url: engine.url,
    kubeconfig: engine.kubeconfig(),
    engine,
    clock: {
      mode: engine.clock.mode,
      now: () => new Date(engine.clock.now()),
      advance: (ms) => engine.advanceTo(engine.clock.now() + ms),
    },
    stop: () => engine.stop(),
  };
}

export { Engine, type EngineOptions } from './engine.ts';
