import { type ApiError, forbidden } from '../api/errors.ts';
import type { AdmissionAttributes } from './admission.ts';

/**
 * admission.NewForbidden: a 403 naming the object as admission saw it — the full name once it
 * exists, else the generateName prefix, else `Unknown`.
 */
export function admissionForbidden(attributes: AdmissionAttributes, message: string): ApiError {
  const name = attributes.name || attributes.object?.metadata.generateName || 'Unknown';
  return forbidden(
    { group: attributes.resource.group, resource: attributes.resource.resource },
    name,
    message,
  );
}
