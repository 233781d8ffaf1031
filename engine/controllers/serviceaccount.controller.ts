import { CLUSTER_CA_CERTIFICATE } from '../api/tls/certificates.ts';
import type { KubeObject } from '../api/types.ts';
import type { Controller, ControllerContext } from './runtime/controller.ts';
import { objectKey } from './runtime/work-queue.ts';

const NAMESPACES = '/namespaces';

/**
 * The serviceaccount and root-ca-cert-publisher controllers: every active namespace has a
 * `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap, recreated if deleted.
 */
export const serviceAccountController: Controller = {
  name: 'serviceaccount',
  start(context) {
    const queue = context.queue('serviceaccount', (key) => sync(context, key));
    context.informers.for(NAMESPACES).addHandlers({ add: (ns) => queue.add(objectKey(ns)) });
    const enqueueNamespace = (object: KubeObject) => queue.add(object.metadata.namespace ?? '');
    context.informers.for('/serviceaccounts').addHandlers({ delete: enqueueNamespace });
    context.informers.for('/configmaps').addHandlers({ delete: enqueueNamespace });
  },
};

function sync(context: ControllerContext, namespace: string): void {
  const ns = context.informers.for(NAMESPACES).get('', namespace);
  if (!ns || ns.metadata.deletionTimestamp) return;
  if (!context.informers.for('/serviceaccounts').get(namespace, 'default')) {
    context.client.create('/serviceaccounts', namespace, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace },
    });
  }
  if (!context.informers.for('/configmaps').get(namespace, 'kube-root-ca.crt')) {
    context.client.create('/configmaps', namespace, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        namespace,
        annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION },
      },
      data: { 'ca.crt': CLUSTER_CA_CERTIFICATE },
    });
  }
}

const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
