import type { ComponentIdentity } from '../../api/component-identities.ts';
import type { InternalClient } from '../../api/internal-client.ts';
import type { Clock } from '../../clock/clock.ts';
import type { WorkLoop } from '../../clock/work-loop.ts';
import type { ResourceMetricsSource } from '../../metrics-server/resource-metrics.ts';
import type { Random } from '../../util/random.ts';
import type { EventRecorderFactory } from './event-recorder.ts';
import type { InformerFactory } from './informer.ts';
import { WorkQueue } from './work-queue.ts';

/** What every controller gets: informers to watch, a client to write, time, randomness, events. */
export interface ControllerContext {
  client: InternalClient;
  informers: InformerFactory;
  clock: Clock;
  loop: WorkLoop;
  random: Random;
  events: EventRecorderFactory;
  /** The resource metrics API (metrics.k8s.io), when the cluster has one. */
  metrics?: ResourceMetricsSource;
  /** A work queue whose keys are processed by `sync` on the engine's work loop. */
  queue(name: string, sync: (key: string) => void): WorkQueue;
  /** The same context for a component that writes (and records events) as `identity`. */
  as(identity: ComponentIdentity): ControllerContext;
}

/**
 * A controller: at start it registers informer handlers that only enqueue keys, and a sync
 * function that re-reads current state for a key and converges it (idempotent, level-triggered).
 */
export interface Controller {
  readonly name: string;
  start(context: ControllerContext): void;
}

export function createControllerContext(parts: Omit<ControllerContext, 'queue' | 'as'>): ControllerContext {
  return {
    ...parts,
    queue: (name, sync) => new WorkQueue(name, parts.loop, parts.clock, sync),
    as: (identity) => {
      const client = parts.client.as(identity);
      return createControllerContext({ ...parts, client, events: parts.events.withClient(client) });
    },
  };
}

/** `controller`, run as `identity` instead of the controller-manager (the scheduler, an add-on). */
export function runAs(controller: Controller, identity: ComponentIdentity): Controller {
  return { name: controller.name, start: (context) => controller.start(context.as(identity)) };
}

/** The registry of controllers; rejects empty and duplicate names. */
export class ControllerRegistry {
  private readonly controllers = new Map<string, Controller>();

  constructor(controllers: Iterable<Controller> = []) {
    for (const controller of controllers) this.register(controller);
  }

  register(controller: Controller): void {
    if (!controller.name) throw new Error('controller registry: controller without a name');
    if (this.controllers.has(controller.name))
      throw new Error(`controller registry: duplicate controller ${controller.name}`);
    this.controllers.set(controller.name, controller);
  }

  startAll(context: ControllerContext, enabled?: readonly string[]): void {
    for (const controller of this.controllers.values()) {
      if (!enabled || enabled.includes(controller.name)) controller.start(context);
    }
  }

  get names(): string[] {
    return [...this.controllers.keys()];
  }
}
