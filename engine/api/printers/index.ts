// Server-side table printing (`kubectl get`), as a 1.32 API server does it.
export { builtinPrinters, createBuiltinPrinterRegistry } from './builtin-printers.ts';
export { defaultTableColumns, formatRFC3339 } from './default-table.ts';
export {
  humanDuration,
  INVALID_DURATION,
  parseTimestamp,
  shortHumanDuration,
  translateTimestampSince,
  translateTimestampUntil,
  UNKNOWN_TIMESTAMP,
} from './duration.ts';
export { formatLabelSelector, formatLabels, labelSelectorString } from './format.ts';
export { jobCompletions, jobStatus } from './job.printer.ts';
export { nodeRoles, nodeStatus } from './node.printer.ts';
export { type PodSummary, summarizePod } from './pod.printer.ts';
export {
  column,
  definePrinter,
  type PrintContext,
  type ResourcePrinter,
  type TypedPrinter,
} from './printer.ts';
export { PrinterRegistry } from './printer-registry.ts';
export { quotaUsage } from './resourcequota.printer.ts';
export {
  type PrintTableOptions,
  printTable,
  printTableBody,
  printTableChunks,
  unrecognizedIncludeObjectMessage,
} from './table.ts';
export type {
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableCell,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
  TableRowCondition,
} from './table-types.ts';
