import type { KubeClient } from '../kube/kube-client.ts';
import type { TargetClock } from '../waiting/target-clock.ts';

/** What a target can do beyond the Kubernetes API every target serves. */
export interface Capabilities {
  /** Cluster time can be stepped and advanced (the bundled engine's virtual clock). */
  virtualClock: boolean;
  /** Nodes can be failed and recovered, image behaviour changed, faults injected. */
  engineControl: boolean;
  /** The cluster is created per scenario from a fixture ("Given a cluster like minikube"). */
  clusterFixtures: boolean;
}

/** One scenario's view of a target: a client, a namespace to work in, a clock to wait on. */
export interface TargetSession {
  readonly targetName: string;
  readonly client: KubeClient;
  readonly kubeconfig: string;
  /** A kubeconfig file for the real kubectl. */
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly capabilities: Capabilities;
  readonly clock: TargetClock;
  /** Remembers a cluster-scoped object the scenario created, so it is deleted afterwards. */
  trackClusterScoped(apiVersion: string, kind: string, name: string): void;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** A stable id of the scenario (its URI and line), for names and seeds. */
  scenarioId: string;
  /** Cluster fixture wanted by the scenario (a tag `@cluster:NAME`), bundled targets only. */
  cluster?: string;
}

/** How support code (in this process or in parallel workers) reaches a prepared target. */
export interface SharedTarget {
  /** A `--target` spec for the same cluster (a k3s target hands on its container's kubeconfig). */
  spec: string;
  /** The target's name in reports. */
  name: string;
}

/**
 * Where scenarios run: the bundled engine, a cluster reachable by kubeconfig, or a k3s
 * container. A step cannot tell them apart except through `capabilities`.
 */
export interface Target {
  readonly name: string;
  readonly kind: 'bundled' | 'kubeconfig' | 'k3s';
  /**
   * Once per run, before any scenario (start a container, check the cluster is reachable and
   * the credentials work); fails at once with a message naming what is wrong.
   */
  prepare(): Promise<void>;
  /** Once per process that runs scenarios, after prepare: load what the first scenario would. */
  warmUp?(): Promise<void>;
  /** After prepare: how support code and parallel workers reach the same cluster. */
  shared(): SharedTarget;
  openSession(options: SessionOptions): Promise<TargetSession>;
  /** Once per run, after every scenario. */
  dispose(): Promise<void>;
}

/** Thrown by steps that need something the current target cannot do; the scenario is skipped. */
export class NotOnThisTarget extends Error {
  constructor(
    readonly need: string,
    targetName: string,
  ) {
    super(`skipped on ${targetName}: needs ${need}`);
    this.name = 'NotOnThisTarget';
  }
}
