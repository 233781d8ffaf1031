import type { PodTemplate } from 'kubernetes-types/core/v1';
import { CONTAINERS_DESCRIPTION, IMAGES_DESCRIPTION, nameColumn } from './columns.ts';
import { formatLabels, layoutContainerCells } from './format.ts';
import { column, definePrinter } from './printer.ts';

export const podTemplateColumns = [
  nameColumn,
  column('Containers', 'string', CONTAINERS_DESCRIPTION),
  column('Images', 'string', IMAGES_DESCRIPTION),
  column('Pod Labels', 'string', 'The labels for the pod template.'),
];

export const podTemplatePrinter = definePrinter<PodTemplate>({
  group: '',
  resource: 'podtemplates',
  columns: podTemplateColumns,
  cells(template) {
    const [containers, images] = layoutContainerCells(template.template?.spec?.containers);
    return [
      template.metadata?.name ?? '',
      containers,
      images,
      formatLabels(template.template?.metadata?.labels),
    ];
  },
});
