import type { KubeObject } from '../../engine/api/types.ts';
import { ObjectStore } from '../../engine/store/store.ts';
import type { BenchContext } from '../support/bench-module.ts';
import type { Figure } from '../support/figure.ts';
import { median, sample } from '../support/measure.ts';
import { figure } from './catalogue.ts';

const OBJECTS = 150_000;
const RUNS = 200;

/**
 * What a controller pays on every sync at scale: one write, then a LIST of the namespace it
 * writes in (the ReplicaSet, Job and endpoints controllers all do this), against the bare
 * store holding 150,000 pods in one namespace.
 */
export async function run(context: BenchContext): Promise<Figure[]> {
  const store = new ObjectStore();
  for (let i = 0; i < OBJECTS; i++) store.create('/pods', pod(`pod-${i}`));
  store.list('/pods', 'default');
  let next = 0;
  const afterUpdate = await sample({ warmUp: 10, runs: RUNS }, () => {
    const current = store.get('/pods', 'default', `pod-${next++ % OBJECTS}`)!;
    store.update('/pods', { ...current, metadata: { ...current.metadata, labels: { n: String(next) } } });
    store.list('/pods', 'default');
  });
  const afterCreate = await sample({ warmUp: 10, runs: RUNS }, () => {
    store.create('/pods', pod(`new-${next++}`));
    store.list('/pods', 'default');
  });
  const update = median(afterUpdate);
  const create = median(afterCreate);
  context.log(`update + LIST ${update.toFixed(3)} ms, create + LIST ${create.toFixed(3)} ms`);
  return [
    figure('store-list-after-update-150000-pods', update, { note: `median of ${RUNS}, one namespace` }),
    figure('store-list-after-create-150000-pods', create, { note: `median of ${RUNS}, one namespace` }),
  ];
}

function pod(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' } };
}
