import type { ConfigMap } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { column, definePrinter } from './printer.ts';
import { configMapDoc } from './swagger-docs.ts';

export const configMapColumns = [nameColumn, column('Data', 'string', configMapDoc.data), ageColumn];

const size = (map: object | undefined): number => (map ? Object.keys(map).length : 0);

export const configMapPrinter = definePrinter<ConfigMap>({
  group: '',
  resource: 'configmaps',
  columns: configMapColumns,
  cells(configMap, { now }) {
    return [
      configMap.metadata?.name ?? '',
      size(configMap.data) + size(configMap.binaryData),
      translateTimestampSince(configMap.metadata?.creationTimestamp, now),
    ];
  },
});
