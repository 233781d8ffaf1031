import { type IWorldOptions, World } from '@cucumber/cucumber';
import { JSONPath } from 'jsonpath-plus';
import { formatDuration } from '../harness/expect/durations.ts';
import { formatMismatches, type Mismatch } from '../harness/expect/subset.ts';
import { ApiFailure, failureFromResponse } from '../harness/kube/api-failure.ts';
import type { Identity, KubeClient, KubeObject } from '../harness/kube/kube-client.ts';
import { type KubectlResult, runKubectl } from '../harness/kubectl.ts';
import {
  interpolate,
  type ManifestSource,
  parseManifests,
  parseYamlValue,
} from '../harness/manifests/manifests.ts';
import { ScenarioRecord } from '../harness/reports/scenario-record.ts';
import { NotOnThisTarget, type TargetSession } from '../harness/targets/target.ts';
import type { Observation, Probe } from '../harness/waiting/target-clock.ts';

/** A pod as a row of `kubectl get pods`. */
export interface PodRow {
  name: string;
  status: string;
  ready: string;
  restarts: string;
}

export interface StepLocation {
  uri: string;
  line: number;
  docStringLine?: number;
}

/**
 * The scenario's state and the domain verbs steps call. Everything reaches the cluster through
 * the session's Kubernetes API client, so the same steps run on every target.
 */
export class KukeWorld extends World {
  session: TargetSession | undefined;
  identity: Identity = {};
  lastFailure: ApiFailure | undefined;
  lastKubectl: KubectlResult | undefined;
  /** The scenario's name, for report titles. */
  pickleName: string | undefined;
  /** Why the scenario was skipped, when it was. */
  skipReason: string | undefined;
  /** Pods removed by the scenario, for "the replacement" checks. */
  readonly deletedPods: KubeObject[] = [];
  /** Names of the pods that existed just before the last deletion. */
  podsBeforeDeletion = new Set<string>();
  step: StepLocation = { uri: '', line: 0 };
  readonly record = new ScenarioRecord();
  /** Opens another session of the scenario on a chosen cluster fixture (set by the Before hook). */
  openSessionOn: ((cluster: string) => Promise<TargetSession>) | undefined;
  /** The cluster fixture the scenario chose (its `@cluster:` tag or "a cluster like …"). */
  cluster: string | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  // ---- session ---------------------------------------------------------------------------

  get target(): TargetSession {
    if (!this.session) throw new Error('no target session: the Before hook did not run');
    return this.session;
  }

  get namespace(): string {
    return this.target.namespace;
  }

  /** The client acting as the current identity. */
  get client(): KubeClient {
    const base = this.target.client;
    return this.identity.user || this.identity.groups?.length ? base.as(this.identity) : base;
  }

  require(capability: keyof TargetSession['capabilities'], need: string): void {
    if (!this.target.capabilities[capability]) throw new NotOnThisTarget(need, this.target.targetName);
  }

  /**
   * Runs the scenario on a fresh cluster made from the named fixture (bundled engine only). Only
   * before the scenario has talked to the cluster: what it did there would silently be lost.
   */
  async useCluster(name: string): Promise<void> {
    this.require('clusterFixtures', `a cluster like "${name}" (a bundled cluster fixture)`);
    const asked = `a cluster like "${name}"`;
    if (this.cluster !== undefined && this.cluster !== name) {
      throw new Error(`${asked}: the scenario already runs on a cluster like "${this.cluster}"`);
    }
    const sent = this.target.client.requestsSent;
    const kubectlRuns = this.record.kubectlRuns.length;
    if (sent > 0 || kubectlRuns > 0) {
      throw new Error(
        `${asked} must come before any step that talks to the cluster (${sent} API request(s) and ${kubectlRuns} kubectl run(s) so far): put it first in the scenario or its Background`,
      );
    }
    if (!this.openSessionOn) throw new Error(`${asked}: no target to open the cluster on`);
    const previous = this.target;
    this.session = undefined;
    await previous.close();
    this.session = await this.openSessionOn(name);
    this.cluster = name;
  }

  /** `${namespace}` and friends, in manifests and expected messages. */
  fill(text: string): string {
    return interpolate(text, { namespace: this.namespace }, `${this.step.uri}:${this.step.line}`);
  }

  docSource(): ManifestSource {
    return { file: this.step.uri, line: this.step.docStringLine ?? this.step.line };
  }

  // ---- writes ----------------------------------------------------------------------------

  /** Applies every object of a manifest (server-side apply), like `kubectl apply -f`. */
  async apply(text: string, source: ManifestSource): Promise<KubeObject[]> {
    return this.write(text, source, 'apply');
  }

  /** Creates every object of a manifest, like `kubectl create -f`. */
  async create(text: string, source: ManifestSource): Promise<KubeObject[]> {
    return this.write(text, source, 'create');
  }

  /** Replaces every object of a manifest with a PUT, like `kubectl replace -f`. */
  async replace(text: string, source: ManifestSource): Promise<KubeObject[]> {
    const filled = this.fill(text);
    const objects = parseManifests(filled, source);
    this.record.manifest(source, filled);
    const results: KubeObject[] = [];
    for (const object of objects) {
      const info = await this.client.resourceFor(object);
      const namespace = info.namespaced ? (object.metadata.namespace ?? this.namespace) : undefined;
      const name = object.metadata.name ?? '';
      const current = await this.tracked(this.client.get(object.apiVersion, object.kind, namespace, name));
      const body = {
        ...object,
        metadata: { ...object.metadata, resourceVersion: current.metadata.resourceVersion },
      };
      results.push(
        await this.tracked(this.client.json('PUT', this.client.objectPath(info, namespace, name), body)),
      );
    }
    return results;
  }

  /** Patches one object with a strategic merge patch written as YAML or JSON, like `kubectl patch`. */
  async patch(kindName: string, name: string, text: string, source: ManifestSource): Promise<KubeObject> {
    const info = await this.client.discovery.resourceByName(kindName);
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const patch = parseYamlValue(this.fill(text), source, { secret: info.kind === 'Secret' });
    return this.tracked(
      this.client.patch(
        apiVersion,
        info.kind,
        info.namespaced ? this.namespace : undefined,
        name,
        patch,
        'application/strategic-merge-patch+json',
      ),
    );
  }

  /** Runs a write that is expected to be refused; the refusal is kept for the next check. */
  async attempt(action: () => Promise<unknown>): Promise<void> {
    this.lastFailure = undefined;
    try {
      await action();
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      this.lastFailure = error;
      this.record.apiError(error);
    }
  }

  /** Deletes every object of a manifest, like `kubectl delete -f`. */
  async deleteManifest(text: string, source: ManifestSource): Promise<void> {
    const objects = parseManifests(this.fill(text), source);
    for (const object of objects) {
      const info = await this.client.resourceFor(object);
      const namespace = info.namespaced ? (object.metadata.namespace ?? this.namespace) : undefined;
      const name = object.metadata.name ?? '';
      if (info.kind === 'Pod') await this.rememberBeforeDeletion(name);
      await this.tracked(this.client.delete(object.apiVersion, object.kind, namespace, name));
    }
  }

  /** Sets the replicas of a workload through its scale subresource, like `kubectl scale`. */
  async scale(kindName: string, name: string, replicas: number): Promise<void> {
    const info = await this.client.discovery.resourceByName(kindName);
    const path = `${this.client.objectPath(info, info.namespaced ? this.namespace : undefined, name)}/scale`;
    await this.tracked(
      this.client.json(
        'PATCH',
        path,
        { spec: { replicas } },
        { 'content-type': 'application/merge-patch+json' },
      ),
    );
  }

  /**
   * Sets or removes labels or annotations, like `kubectl label` / `kubectl annotate`:
   * `tier=db env=test` sets, `tier-` removes (pairs separated by spaces or commas).
   */
  async setMetadata(
    field: 'labels' | 'annotations',
    kindName: string,
    name: string,
    changes: string,
  ): Promise<KubeObject> {
    const values: Record<string, string | null> = {};
    for (const change of this.fill(changes)
      .split(/[\s,]+/)
      .filter(Boolean)) {
      const at = change.indexOf('=');
      if (at > 0) values[change.slice(0, at)] = change.slice(at + 1);
      else if (change.endsWith('-') && change.length > 1) values[change.slice(0, -1)] = null;
      else throw new Error(`"${change}": expected key=value to set or key- to remove`);
    }
    const info = await this.client.discovery.resourceByName(kindName);
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const namespace = info.namespaced ? this.namespace : undefined;
    const patch = { metadata: { [field]: values } };
    return this.tracked(
      this.client.patch(apiVersion, info.kind, namespace, name, patch, 'application/merge-patch+json'),
    );
  }

  /** Marks a node (un)schedulable, like `kubectl cordon` / `kubectl uncordon`. */
  async cordon(node: string, unschedulable: boolean): Promise<void> {
    const patch = { spec: { unschedulable: unschedulable || null } };
    await this.tracked(
      this.client.patch('v1', 'Node', undefined, node, patch, 'application/merge-patch+json'),
    );
  }

  async delete(kindName: string, name: string): Promise<void> {
    const info = await this.client.discovery.resourceByName(kindName);
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    if (info.kind === 'Pod') await this.rememberBeforeDeletion(name);
    await this.tracked(this.client.delete(apiVersion, info.kind, this.namespace, name));
  }

  /** Evicts a pod through pods/eviction (policy/v1), as `kubectl drain` does for each pod. */
  async evict(name: string): Promise<void> {
    const path = `/api/v1/namespaces/${encodeURIComponent(this.namespace)}/pods/${encodeURIComponent(name)}/eviction`;
    await this.rememberBeforeDeletion(name);
    const answer = await this.tracked(
      this.client.json<{ kind?: string; status?: string; code?: number }>('POST', path, {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace: this.namespace },
      }),
    );
    // A pod under two budgets is refused with a Failure Status sent as 201; clients treat it as an error.
    if (answer.kind === 'Status' && answer.status === 'Failure') {
      const failure = failureFromResponse(answer.code ?? 500, JSON.stringify(answer), `POST ${path}`);
      this.record.apiError(failure);
      throw failure;
    }
  }

  /** Deletes one (the first by name) of the pods matching a label selector and remembers it. */
  async deleteOnePod(selector: string): Promise<KubeObject> {
    const pods = await this.pods(selector);
    const victim = pods.filter((p) => !p.metadata.deletionTimestamp).sort(byName)[0];
    if (!victim) throw new Error(`no pod labelled "${selector}" to delete (found ${pods.length})`);
    await this.rememberBeforeDeletion(victim.metadata.name ?? '');
    await this.tracked(this.client.delete('v1', 'Pod', this.namespace, victim.metadata.name ?? ''));
    return victim;
  }

  // ---- reads -----------------------------------------------------------------------------

  async pods(selector?: string): Promise<KubeObject[]> {
    return this.tracked(
      this.client.list('v1', 'Pod', this.namespace, selector ? { labelSelector: selector } : {}),
    );
  }

  async pod(name: string): Promise<KubeObject | undefined> {
    return this.tracked(this.client.find('v1', 'Pod', this.namespace, name));
  }

  /** An object by kind name (`pod`, `deployment`, `quota`, …) in the scenario's namespace. */
  async object(kindName: string, name: string): Promise<KubeObject | undefined> {
    const info = await this.client.discovery.resourceByName(kindName);
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const namespace = info.namespaced ? this.namespace : undefined;
    // A name may hold `${namespace}`: a namespace of the scenario's own, say.
    return this.tracked(this.client.find(apiVersion, info.kind, namespace, this.fill(name)));
  }

  /** The pods matching a selector as `kubectl get pods` shows them (server-side Table), in name order. */
  async podRows(selector?: string, client: KubeClient = this.client): Promise<PodRow[]> {
    const table = await this.tracked(client.table('v1', 'Pod', this.namespace, undefined, selector));
    const column = (name: string) => table.columnDefinitions?.findIndex((c) => c.name === name) ?? -1;
    const [nameAt, statusAt, readyAt, restartsAt] = ['Name', 'Status', 'Ready', 'Restarts'].map(column);
    const cell = (row: { cells: unknown[] }, index: number | undefined) =>
      index !== undefined && index >= 0 ? String(row.cells[index] ?? '') : '';
    return table.rows
      .map((row) => ({
        name: cell(row, nameAt),
        status: cell(row, statusAt),
        ready: cell(row, readyAt),
        restarts: cell(row, restartsAt),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The STATUS cell `kubectl get pods` shows for a pod (the server-side Table kubectl prints). */
  async podStatusColumn(name: string): Promise<string | undefined> {
    const table = await this.tracked(this.client.table('v1', 'Pod', this.namespace, name));
    const column = table.columnDefinitions?.findIndex((c) => c.name === 'Status') ?? -1;
    const cell = column >= 0 ? table.rows[0]?.cells[column] : undefined;
    return cell === undefined ? undefined : String(cell);
  }

  async events(involvedName?: string): Promise<KubeObject[]> {
    const options = involvedName ? { fieldSelector: `involvedObject.name=${involvedName}` } : {};
    return this.tracked(this.client.list('v1', 'Event', this.namespace, options));
  }

  jsonPath(object: unknown, path: string): unknown[] {
    const expression = path.startsWith('$') ? path : `$.${path.replace(/^\./, '')}`;
    return JSONPath({ path: expression, json: object as object, wrap: true }) as unknown[];
  }

  // ---- waiting ---------------------------------------------------------------------------

  /**
   * Looks until `probe` holds, for at most `timeoutMs` of cluster time, then fails with what was
   * last observed. `describe` renders an observation for the failure message.
   */
  async eventually<T>(
    expectation: string,
    probe: Probe<T>,
    timeoutMs: number,
    describe: (observed: T) => string,
    watching?: readonly string[],
  ): Promise<T> {
    const result = await this.target.clock.until(this.recorded(probe), timeoutMs, watching);
    if (result.ok) return result.last.observed;
    throw new Error(
      `${expectation}: not seen within ${formatDuration(timeoutMs)} of cluster time (${result.observations} observations).\nLast observed: ${describe(result.last.observed)}`,
    );
  }

  /** Observes for `durationMs` of cluster time and fails at the first observation that breaks `probe`. */
  async throughout<T>(
    expectation: string,
    probe: Probe<T>,
    durationMs: number,
    describe: (observed: T) => string,
    watching?: readonly string[],
  ): Promise<void> {
    const result = await this.target.clock.throughout(this.recorded(probe), durationMs, watching);
    if (result.ok) return;
    throw new Error(
      `${expectation}: broken after ${formatDuration(result.waitedMs)} of cluster time (expected for ${formatDuration(durationMs)}).\nObserved: ${describe(result.last.observed)}`,
    );
  }

  mismatchText(mismatches: Mismatch[]): string {
    return formatMismatches(mismatches);
  }

  // ---- failures --------------------------------------------------------------------------

  expectRefusal(code: number, reason: string, message: string | undefined): void {
    const failure = this.lastFailure;
    if (!failure)
      throw new Error(`expected the request to be refused with ${code} ${reason}, but it succeeded`);
    const problems: string[] = [];
    if (failure.code !== code) problems.push(`code ${failure.code}, expected ${code}`);
    if (failure.reason !== reason) problems.push(`reason "${failure.reason}", expected "${reason}"`);
    if (message !== undefined && failure.message !== message) {
      problems.push(`message differs:\n  expected: ${message}\n  actual:   ${failure.message}`);
    }
    if (problems.length > 0) throw new Error(`the refusal was not as expected: ${problems.join('; ')}`);
  }

  // ---- kubectl ---------------------------------------------------------------------------

  async kubectl(commandLine: string): Promise<KubectlResult> {
    const result = await runKubectl(commandLine, this.target.kubeconfigPath, this.identity);
    this.lastKubectl = result;
    this.record.kubectl(result);
    return result;
  }

  // ---- internals -------------------------------------------------------------------------

  private async write(text: string, source: ManifestSource, mode: 'apply' | 'create'): Promise<KubeObject[]> {
    const filled = this.fill(text);
    const objects = parseManifests(filled, source);
    this.record.manifest(source, filled);
    const results: KubeObject[] = [];
    for (const object of objects) {
      const info = await this.client.resourceFor(object);
      const result = await this.tracked(
        mode === 'apply'
          ? this.client.apply(object, this.namespace)
          : this.client.create(object, this.namespace),
      );
      if (!info.namespaced)
        this.target.trackClusterScoped(object.apiVersion, object.kind, result.metadata.name ?? '');
      results.push(result);
    }
    return results;
  }

  private async rememberBeforeDeletion(name: string): Promise<void> {
    const pods = await this.pods();
    this.podsBeforeDeletion = new Set(pods.map((p) => p.metadata.name ?? ''));
    const pod = pods.find((p) => p.metadata.name === name);
    if (pod) this.deletedPods.push(pod);
  }

  /** Keeps API refusals for the report, then rethrows them. */
  private async tracked<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof ApiFailure) this.record.apiError(error);
      throw error;
    }
  }

  private recorded<T>(probe: Probe<T>): Probe<T> {
    return async (): Promise<Observation<T>> => {
      const observation = await probe();
      const at = await this.target.clock.now();
      this.record.observation(at, observation.ok);
      if (this.target.clock.mayHaveChanged('/pods')) await this.samplePods(at);
      return observation;
    };
  }

  /** Records the pods as `kubectl get pods` shows them now, for the scenario's timeline. */
  async samplePods(at?: number): Promise<void> {
    // The timeline is the observer's view, whoever the scenario acts as.
    const pods = await this.podRows(undefined, this.target.client);
    this.record.podSample({ at: at ?? (await this.target.clock.now()), pods });
  }
}

function byName(a: KubeObject, b: KubeObject): number {
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
