import type { Clock } from '../../clock/clock.ts';
import type { WorkLoop } from '../../clock/work-loop.ts';

const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 1000 * 1000;

/**
 * A controller's queue of `namespace/name` keys (client-go workqueue): a key waiting once is
 * processed once however often it was added, a key is never processed twice at the same time,
 * and failed keys come back after a per-key exponential back-off (5ms doubling to 1000s).
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly loop: WorkLoop,
    private readonly clock: Clock,
    private readonly process: (key: string) => void,
  ) {}

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.loop.enqueue(() => this.run(key));
  }

  /** Adds the key once `delayMs` of cluster time has passed. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= at) return;
    this.delayed.set(key, at);
    this.clock.setTimer(
      at,
      () => {
        if (this.delayed.get(key) !== at) return;
        this.delayed.delete(key);
        this.add(key);
      },
      `${this.name} ${key}`,
    );
  }

  /** Forgets the failure history of a key after a successful sync. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  private run(key: string): void {
    this.queued.delete(key);
    try {
      this.process(key);
      this.forget(key);
    } catch (error) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.addAfter(key, Math.min(BASE_DELAY_MS * 2 ** (failures - 1), MAX_DELAY_MS));
      if (failures === 1 || failures % 10 === 0) reportSyncError(this.name, key, error);
    }
  }
}

function reportSyncError(controller: string, key: string, error: unknown): void {
  if (process.env.KUKE_DEBUG) console.error(`${controller}: error syncing ${key}:`, error);
}

/** The `namespace/name` key of an object, or `name` for cluster-scoped objects. */
export function objectKey(object: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
