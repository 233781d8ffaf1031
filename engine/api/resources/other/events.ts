import type { KubeObject } from '../../types.ts';
import { plainStrategy, type ResourceDefinition, STANDARD_VERBS } from '../resource.ts';

type Json = Record<string, unknown>;

/** Drops unset fields, as Go's `omitempty` leaves them out. */
function compact(object: Json): Json {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && value !== null),
  );
}

/**
 * A core/v1 Event as events.k8s.io/v1 shows it (kubernetes pkg/apis/events/v1/conversion.go):
 * involvedObject → regarding, message → note, source → deprecatedSource, reportingComponent →
 * reportingController, first/lastTimestamp and count → their deprecated* fields. Unset times print as
 * null and `regarding`/`deprecatedSource` are always present, as the Go struct fields are not pointers.
 */
export function eventToEventsV1(core: KubeObject): KubeObject {
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: core.metadata,
    eventTime: core.eventTime ?? null,
    ...compact({
      series: core.series,
      reportingController: core.reportingComponent || undefined,
      reportingInstance: core.reportingInstance || undefined,
      action: core.action || undefined,
      reason: core.reason || undefined,
    }),
    regarding: core.involvedObject ?? {},
    ...compact({
      related: core.related,
      note: core.message || undefined,
      type: core.type || undefined,
    }),
    deprecatedSource: core.source ?? {},
    deprecatedFirstTimestamp: core.firstTimestamp ?? null,
    deprecatedLastTimestamp: core.lastTimestamp ?? null,
    ...compact({ deprecatedCount: core.count || undefined }),
  };
}

/** The core/v1 Event an events.k8s.io/v1 Event is stored as. */
export function eventsV1ToEvent(event: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: event.metadata,
    ...compact({
      involvedObject: event.regarding,
      reason: event.reason,
      message: event.note,
      source: event.deprecatedSource,
      firstTimestamp: event.deprecatedFirstTimestamp,
      lastTimestamp: event.deprecatedLastTimestamp,
      count: event.deprecatedCount,
      type: event.type,
      eventTime: event.eventTime,
      series: event.series,
      action: event.action,
      related: event.related,
      reportingComponent: event.reportingController,
      reportingInstance: event.reportingInstance,
    }),
  };
}

export const eventsV1EventsResource: ResourceDefinition = {
  group: 'events.k8s.io',
  version: 'v1',
  resource: 'events',
  singular: 'event',
  kind: 'Event',
  namespaced: true,
  verbs: STANDARD_VERBS,
  shortNames: ['ev'],
  strategy: plainStrategy(),
  conversion: {
    storage: { group: '', resource: 'events' },
    toStorage: eventsV1ToEvent,
    fromStorage: eventToEventsV1,
  },
};
