import type { Namespace } from 'kubernetes-types/core/v1';
import { forbidden, notFound } from '../../api/errors.ts';
import type { AdmissionPlugin } from '../admission.ts';

/** Namespaces that always exist and may not be deleted. */
export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/**
 * NamespaceLifecycle: no new content in a namespace that does not exist or is being deleted,
 * and the system namespaces cannot be deleted.
 */
export const namespaceLifecycleAdmission: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  type: 'mutating',
  handles: (a) =>
    (a.operation === 'DELETE' && a.resource.resource === 'namespaces' && a.resource.group === '') ||
    (a.operation === 'CREATE' && a.resource.namespaced),
  admit(attributes, context) {
    if (attributes.operation === 'DELETE') {
      if (IMMORTAL_NAMESPACES.includes(attributes.name)) {
        throw forbidden(
          { group: '', resource: 'namespaces' },
          attributes.name,
          'this namespace may not be deleted',
        );
      }
      return;
    }
    // Access reviews and token requests are not stored, so they may name any namespace.
    if (attributes.resource.virtual && attributes.resource.resource !== 'bindings') return;
    const namespace = context.store.get('/namespaces', '', attributes.namespace) as unknown as
      | Namespace
      | undefined;
    if (!namespace) throw notFound({ group: '', resource: 'namespaces' }, attributes.namespace);
    if (namespace.status?.phase === 'Terminating' || namespace.metadata?.deletionTimestamp) {
      const name = attributes.name || attributes.object?.metadata.generateName || '';
      const gr = { group: attributes.resource.group, resource: attributes.resource.resource };
      throw forbidden(
        gr,
        name,
        `unable to create new content in namespace ${attributes.namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${attributes.namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  },
};
