import type { ApiFailure } from '../kube/api-failure.ts';
import type { KubectlResult } from '../kubectl.ts';
import type { ManifestSource } from '../manifests/manifests.ts';

export interface PodSample {
  /** Cluster time, ms since the epoch. */
  at: number;
  pods: Array<{ name: string; status: string; ready: string; restarts: string }>;
}

/**
 * Everything a scenario did and saw, for the report: manifests applied, API refusals met,
 * kubectl runs, and samples of the pods' `kubectl get pods` view over cluster time.
 */
export class ScenarioRecord {
  readonly manifests: Array<{ source: ManifestSource; text: string }> = [];
  readonly apiErrors: Array<{ request: string; code: number; reason: string; message: string }> = [];
  readonly kubectlRuns: KubectlResult[] = [];
  readonly observations: Array<{ at: number; ok: boolean }> = [];
  readonly podSamples: PodSample[] = [];

  manifest(source: ManifestSource, text: string): void {
    this.manifests.push({ source, text });
  }

  /** Refusals already recorded: one may pass through several layers (a write, then `attempt`). */
  private readonly seenFailures = new WeakSet<ApiFailure>();

  apiError(failure: ApiFailure): void {
    if (this.seenFailures.has(failure)) return;
    this.seenFailures.add(failure);
    this.apiErrors.push({
      request: failure.request,
      code: failure.code,
      reason: failure.reason,
      message: failure.message,
    });
  }

  kubectl(result: KubectlResult): void {
    this.kubectlRuns.push(result);
  }

  observation(at: number, ok: boolean): void {
    this.observations.push({ at, ok });
  }

  /**
   * Keeps a sample; a run of identical samples is kept as its first and its latest, so the
   * timeline knows both when a state began and until when it was still seen.
   */
  podSample(sample: PodSample): void {
    const last = this.podSamples.at(-1);
    if (last && last.at === sample.at) {
      this.podSamples[this.podSamples.length - 1] = sample;
      return;
    }
    const beforeLast = this.podSamples.at(-2);
    const same = (a: PodSample | undefined) =>
      a !== undefined && JSON.stringify(a.pods) === JSON.stringify(sample.pods);
    if (same(last) && same(beforeLast)) {
      this.podSamples[this.podSamples.length - 1] = sample;
      return;
    }
    this.podSamples.push(sample);
  }
}
