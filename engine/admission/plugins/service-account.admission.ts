import type { Pod, ServiceAccount, Volume, VolumeMount } from 'kubernetes-types/core/v1';
import { type AdmissionPlugin, isPodCreate } from '../admission.ts';
import { admissionForbidden } from '../forbidden.ts';

const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * ServiceAccount: pods run as `default` unless told otherwise, the account must exist, and
 * unless automounting is off each container gets the projected API token volume.
 */
export const serviceAccountAdmission: AdmissionPlugin = {
  name: 'ServiceAccount',
  type: 'mutating',
  handles: isPodCreate,
  admit(attributes, context) {
    const pod = attributes.object as unknown as Pod;
    const spec = pod.spec!;
    const accountName = spec.serviceAccountName || spec.serviceAccount || 'default';
    spec.serviceAccountName = accountName;
    spec.serviceAccount = accountName;
    const account = context.store.get('/serviceaccounts', attributes.namespace, accountName) as unknown as
      | ServiceAccount
      | undefined;
    if (!account) {
      throw admissionForbidden(
        attributes,
        `error looking up service account ${attributes.namespace}/${accountName}: serviceaccount "${accountName}" not found`,
      );
    }
    const automount = spec.automountServiceAccountToken ?? account.automountServiceAccountToken ?? true;
    if (!automount) return;
    if ((spec.volumes ?? []).some((v) => v.name.startsWith('kube-api-access-'))) return;
    const volumeName = `kube-api-access-${context.random.safeString(5)}`;
    const volume: Volume = {
      name: volumeName,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          {
            downwardAPI: {
              items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
            },
          },
        ],
      },
    };
    spec.volumes = [...(spec.volumes ?? []), volume];
    const mount: VolumeMount = { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH };
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      if ((container.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
      container.volumeMounts = [...(container.volumeMounts ?? []), mount];
    }
  },
};
