// CustomResourceDefinitions and the custom resources they serve (apiextensions-apiserver).
import type { Controller } from '../../controllers/runtime/controller.ts';
import { crdEstablishingController } from './crd-establishing.controller.ts';
import { crdFinalizerController } from './crd-finalizer.controller.ts';
import { crdNamingController } from './crd-naming.controller.ts';

export { CRD_STORAGE_KEY, CUSTOM_RESOURCE_CLEANUP_FINALIZER } from './crd.ts';
export { customResourceOpenApiDocuments } from './openapi.ts';
export { CustomResourceRegistrar } from './registrar.ts';

/** The apiextensions-apiserver controllers; they write as kube-apiserver. */
export const APIEXTENSIONS_CONTROLLERS: readonly Controller[] = [
  crdNamingController,
  crdEstablishingController,
  crdFinalizerController,
];
