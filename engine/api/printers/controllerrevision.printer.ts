import type { ControllerRevision } from 'kubernetes-types/apps/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { NONE } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { controllerRevisionDoc } from './swagger-docs.ts';

export const controllerRevisionColumns = [
  nameColumn,
  column('Controller', 'string', 'Controller of the object'),
  column('Revision', 'string', controllerRevisionDoc.revision),
  ageColumn,
];

/** `formatResourceName(gvk.GroupKind(), name, true)`: `kind.group/name` in lower case. */
function controllerName(revision: ControllerRevision): string {
  const owner = revision.metadata?.ownerReferences?.find((ref: OwnerReference) => ref.controller === true);
  if (!owner) return NONE;
  const slash = owner.apiVersion.indexOf('/');
  const group = slash >= 0 ? owner.apiVersion.slice(0, slash) : '';
  if (group === '' && owner.kind === '') return owner.name;
  const groupKind = group === '' ? owner.kind : `${owner.kind}.${group}`;
  return `${groupKind.toLowerCase()}/${owner.name}`;
}

export const controllerRevisionPrinter = definePrinter<ControllerRevision>({
  group: 'apps',
  resource: 'controllerrevisions',
  columns: controllerRevisionColumns,
  cells(revision, { now }) {
    return [
      revision.metadata?.name ?? '',
      controllerName(revision),
      revision.revision ?? 0,
      translateTimestampSince(revision.metadata?.creationTimestamp, now),
    ];
  },
});
