import type { Event, EventSource, ObjectReference } from 'kubernetes-types/core/v1';
import type { Event as EventsV1Event } from 'kubernetes-types/events/v1';
import { nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter, type PrintContext } from './printer.ts';
import { eventDoc, objectReferenceDoc } from './swagger-docs.ts';
import type { TableCell } from './table-types.ts';

export const eventColumns = [
  column('Last Seen', 'string', eventDoc.lastTimestamp),
  column('Type', 'string', eventDoc.type),
  column('Reason', 'string', eventDoc.reason),
  column('Object', 'string', eventDoc.involvedObject),
  column('Subobject', 'string', objectReferenceDoc.fieldPath, { priority: 1 }),
  column('Source', 'string', eventDoc.source, { priority: 1 }),
  column('Message', 'string', eventDoc.message),
  column('First Seen', 'string', eventDoc.firstTimestamp, { priority: 1 }),
  column('Count', 'string', eventDoc.count, { priority: 1 }),
  { ...nameColumn, priority: 1 },
];

/** The fields of the internal Event type that the printer reads. */
interface PrintableEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  source: EventSource;
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string | undefined;
  lastTimestamp?: string | undefined;
  eventTime?: string | undefined;
  count: number;
  series?: { count?: number; lastObservedTime?: string } | undefined;
}

/** `formatEventSource`: component (or reporting controller), then `, host` (or reporting instance). */
export function formatEventSource(
  source: EventSource,
  reportingController: string,
  reportingInstance: string,
): string {
  const component = source.component || reportingController;
  const instance = source.host || reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(event: PrintableEvent, now: number): TableCell[] {
  let firstTimestamp = translateTimestampSince(event.firstTimestamp, now);
  if (!event.firstTimestamp) firstTimestamp = translateTimestampSince(event.eventTime, now);
  let lastTimestamp = translateTimestampSince(event.lastTimestamp, now);
  if (!event.lastTimestamp) lastTimestamp = firstTimestamp;
  let count = event.count;
  if (event.series) {
    lastTimestamp = translateTimestampSince(event.series.lastObservedTime, now);
    count = event.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events don't have a count set in the new API.
    count = 1;
  }
  const kind = (event.involvedObject.kind ?? '').toLowerCase();
  const target = event.involvedObject.name ? `${kind}/${event.involvedObject.name}` : kind;
  return [
    lastTimestamp,
    event.type,
    event.reason,
    target,
    event.involvedObject.fieldPath ?? '',
    formatEventSource(event.source, event.reportingController, event.reportingInstance),
    event.message.trim(),
    firstTimestamp,
    count,
    event.name,
  ];
}

function fromCoreEvent(event: Event): PrintableEvent {
  return {
    name: event.metadata?.name ?? '',
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: event.message ?? '',
    involvedObject: event.involvedObject ?? {},
    source: event.source ?? {},
    reportingController: event.reportingComponent ?? '',
    reportingInstance: event.reportingInstance ?? '',
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    eventTime: event.eventTime,
    count: event.count ?? 0,
    series: event.series,
  };
}

/** events.k8s.io/v1 fields as the apiserver converts them to the internal Event. */
function fromEventsV1Event(event: EventsV1Event): PrintableEvent {
  return {
    name: event.metadata?.name ?? '',
    type: event.type ?? '',
    reason: event.reason ?? '',
    message: event.note ?? '',
    involvedObject: event.regarding ?? {},
    source: event.deprecatedSource ?? {},
    reportingController: event.reportingController ?? '',
    reportingInstance: event.reportingInstance ?? '',
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    eventTime: event.eventTime,
    count: event.deprecatedCount ?? 0,
    series: event.series,
  };
}

export const eventPrinter = definePrinter<Event>({
  group: '',
  resource: 'events',
  columns: eventColumns,
  cells: (event, context: PrintContext) => eventCells(fromCoreEvent(event), context.now),
});

export const eventsV1EventPrinter = definePrinter<EventsV1Event>({
  group: 'events.k8s.io',
  resource: 'events',
  columns: eventColumns,
  cells: (event, context: PrintContext) => eventCells(fromEventsV1Event(event), context.now),
});
