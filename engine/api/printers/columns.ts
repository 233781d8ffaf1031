// Column definitions several printers share, with upstream's descriptions.
import { column } from './printer.ts';
import { objectMetaDoc } from './swagger-docs.ts';

export const CONTAINERS_DESCRIPTION = 'Names of each container in the template.';
export const IMAGES_DESCRIPTION = 'Images referenced by each container in the template.';

export const nameColumn = column('Name', 'string', objectMetaDoc.name, { format: 'name' });
export const ageColumn = column('Age', 'string', objectMetaDoc.creationTimestamp);
export const containersColumn = column('Containers', 'string', CONTAINERS_DESCRIPTION, { priority: 1 });
export const imagesColumn = column('Images', 'string', IMAGES_DESCRIPTION, { priority: 1 });
