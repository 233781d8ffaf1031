import type { Job } from 'kubernetes-types/batch/v1';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey, splitKey } from './runtime/work-queue.ts';

const JOBS = 'batch/jobs';

/** When a finished Job finished: its Complete or Failed condition's transition time. */
export function jobFinishTime(job: Job): number | undefined {
  const condition = (job.status?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  return condition?.lastTransitionTime ? Date.parse(condition.lastTransitionTime) : undefined;
}

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a finished Job with
 * `ttlSecondsAfterFinished` is deleted (foreground, taking its pods) that long after it finished.
 */
export const ttlAfterFinishedController: Controller = {
  name: 'ttl-after-finished',
  start(context) {
    const queue = context.queue('ttl-after-finished', (key) => {
      const again = sync(context, key);
      if (again !== undefined) queue.addAfter(key, again);
    });
    context.informers.for(JOBS).addHandlers({
      add: (job) => queue.add(objectKey(job)),
      update: (job) => queue.add(objectKey(job)),
    });
  },
};

function sync(context: ControllerContext, key: string): number | undefined {
  const { namespace, name } = splitKey(key);
  const job = context.informers.for(JOBS).get(namespace, name) as unknown as Job | undefined;
  const ttl = job?.spec?.ttlSecondsAfterFinished;
  if (!job || ttl === undefined || ttl === null || job.metadata?.deletionTimestamp) return undefined;
  const finished = jobFinishTime(job);
  if (finished === undefined) return undefined;
  const left = finished + ttl * 1000 - context.clock.now();
  if (left > 0) return left;
  context.client.delete(JOBS, namespace, name, {
    propagationPolicy: 'Foreground',
    preconditions: { uid: job.metadata?.uid ?? '' },
  });
  return undefined;
}
