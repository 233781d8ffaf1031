import { isDeepStrictEqual } from 'node:util';
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { addQuantities, formatQuantity, parseQuantityCached } from '../api/quantity.ts';
import type { KubeObject } from '../api/types.ts';
import { objectCounts, objectUsage, quotaSelects, relevantUsage } from '../quota/index.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const QUOTAS = '/resourcequotas';

/** Resources whose objects quotas count, by storage key. */
const COUNTED = [
  '/pods',
  '/services',
  '/configmaps',
  '/secrets',
  '/persistentvolumeclaims',
  '/replicationcontrollers',
  '/resourcequotas',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  'batch/jobs',
  'batch/cronjobs',
];

/**
 * The ResourceQuota controller: status.hard mirrors spec.hard and status.used is recomputed
 * from the objects in the namespace whenever they change (finished pods stop counting).
 */
export const resourceQuotaController: Controller = {
  name: 'resourcequota',
  start(context) {
    const quotas = context.informers.for(QUOTAS);
    const queue = context.queue('resourcequota', (key) => sync(context, key));
    const enqueueNamespace = (object: KubeObject) => {
      for (const quota of quotas.list(object.metadata.namespace)) queue.add(objectKey(quota));
    };
    quotas.addHandlers({ add: (q) => queue.add(objectKey(q)), update: (q) => queue.add(objectKey(q)) });
    for (const key of COUNTED) {
      context.informers
        .for(key)
        .addHandlers({ add: enqueueNamespace, update: enqueueNamespace, delete: enqueueNamespace });
    }
  },
};

function sync(context: ControllerContext, key: string): void {
  const { namespace, name } = splitKey(key);
  const quota = context.informers.for(QUOTAS).get(namespace, name) as unknown as ResourceQuota | undefined;
  if (!quota || quota.metadata?.deletionTimestamp) return;
  const hard = quota.spec?.hard ?? {};
  const used = new Map(Object.keys(hard).map((resource) => [resource, parseQuantityCached('0')]));
  const now = context.clock.now();
  for (const storageKey of COUNTED) {
    const def = context.client.resource(storageKey);
    for (const object of context.informers.for(storageKey).list(namespace)) {
      if (!objectCounts(def, object, now) || !quotaSelects(quota, def, object)) continue;
      for (const [resource, value] of relevantUsage(objectUsage(def, object), hard)) {
        used.set(resource, addQuantities(used.get(resource)!, value));
      }
    }
  }
  const status = {
    hard: { ...hard },
    used: Object.fromEntries(
      [...used.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([r, q]) => [r, formatQuantity(q)]),
    ),
  };
  if (!isDeepStrictEqual(status, quota.status)) {
    context.client.updateStatus(QUOTAS, { ...(quota as unknown as KubeObject), status });
  }
}
