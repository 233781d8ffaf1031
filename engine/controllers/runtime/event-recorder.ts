import type { Event, ObjectReference } from 'kubernetes-types/core/v1';
import type { InternalClient } from '../../api/internal-client.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Clock } from '../../clock/clock.ts';
import { toRfc3339, toRfc3339Micro } from '../../clock/clock.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventOptions {
  /** `spec.containers{app}`, as the kubelet sets it for container events. */
  fieldPath?: string;
  /** metadata.annotations of the event (record.AnnotatedEventf), as the kubelet's eviction events carry. */
  annotations?: Record<string, string>;
}

/**
 * Records core/v1 Events the way client-go's recorders do. `legacy` mimics tools/record
 * (source.component, first/lastTimestamp, count, correlated repeats), which the kubelet and the
 * controller-manager use; `events-api` mimics tools/events (eventTime, series, action,
 * reportingController), which the scheduler uses.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string }>();

  constructor(
    private readonly client: InternalClient,
    private readonly clock: Clock,
    private readonly sequence: { next: number },
    private readonly component: string,
    private readonly host: string,
    private readonly style: 'legacy' | 'events-api' = 'legacy',
    private readonly action = '',
  ) {}

  event(
    object: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    options: EventOptions = {},
  ): void {
    const involved = reference(object, options.fieldPath);
    const namespace = involved.namespace || 'default';
    const key = [involved.uid, type, reason, message, options.fieldPath ?? ''].join('\u0000');
    const now = this.clock.now();
    const existing = this.seen.get(key);
    if (existing) {
      const current = this.client.get('/events', existing.namespace, existing.name) as unknown as
        | Event
        | undefined;
      if (current) {
        this.client.update('/events', this.repeated(current, now) as unknown as KubeObject);
        return;
      }
    }
    // client-go names events <object>.<UnixNano in hex>; the sequence keeps same-instant names apart.
    const nanos = BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.sequence.next++ % 1_000_000);
    const name = `${involved.name}.${nanos.toString(16)}`;
    const event =
      this.style === 'legacy'
        ? this.legacyEvent(involved, name, namespace, type, reason, message, now)
        : this.apiEvent(involved, name, namespace, type, reason, message, now);
    if (options.annotations) event.metadata = { ...event.metadata, annotations: options.annotations };
    try {
      this.client.create('/events', namespace, event as unknown as KubeObject);
      this.seen.set(key, { namespace, name });
    } catch {
      // Events are best effort, as in client-go: a failed write never fails the caller.
    }
  }

  private repeated(current: Event, now: number): Event {
    if (this.style === 'legacy') {
      return { ...current, count: (current.count ?? 1) + 1, lastTimestamp: toRfc3339(now) };
    }
    const count = (current.series?.count ?? 1) + 1;
    return { ...current, series: { count, lastObservedTime: toRfc3339Micro(now) } };
  }

  private legacyEvent(
    involved: ObjectReference,
    name: string,
    namespace: string,
    type: EventType,
    reason: string,
    message: string,
    now: number,
  ): Event {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: { component: this.component, ...(this.host ? { host: this.host } : {}) },
      firstTimestamp: toRfc3339(now),
      lastTimestamp: toRfc3339(now),
      count: 1,
      type,
      eventTime: null as unknown as string,
      reportingComponent: this.component,
      reportingInstance: this.host,
    };
  }

  private apiEvent(
    involved: ObjectReference,
    name: string,
    namespace: string,
    type: EventType,
    reason: string,
    message: string,
    now: number,
  ): Event {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: {},
      firstTimestamp: null as unknown as string,
      lastTimestamp: null as unknown as string,
      type,
      eventTime: toRfc3339Micro(now),
      action: this.action,
      reportingComponent: this.component,
      reportingInstance: `${this.component}-${this.host}`,
    };
  }
}

/** An ObjectReference to `object`, as events and ownerless references carry it. */
export function reference(object: KubeObject, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name ?? '',
    uid: object.metadata.uid ?? '',
    apiVersion: object.apiVersion,
    resourceVersion: object.metadata.resourceVersion ?? '',
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** Makes recorders for one engine; they share a sequence so event names never collide. */
export class EventRecorderFactory {
  constructor(
    private readonly client: InternalClient,
    private readonly clock: Clock,
    private readonly sequence: { next: number } = { next: 0 },
  ) {}

  /** Recorders that write through `client` (another component), naming events in the same sequence. */
  withClient(client: InternalClient): EventRecorderFactory {
    return new EventRecorderFactory(client, this.clock, this.sequence);
  }

  recorder(
    component: string,
    host = '',
    style: 'legacy' | 'events-api' = 'legacy',
    action = '',
  ): EventRecorder {
    return new EventRecorder(this.client, this.clock, this.sequence, component, host, style, action);
  }
}
