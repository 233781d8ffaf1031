import { cronJobController } from './cronjob.controller.ts';
import { daemonSetController } from './daemonset.controller.ts';
import { deploymentController } from './deployment.controller.ts';
import { disruptionController } from './disruption.controller.ts';
import { endpointsController } from './endpoints.controller.ts';
import { endpointSliceController } from './endpointslice.controller.ts';
import { garbageCollectorController } from './garbagecollector.controller.ts';
import { horizontalPodAutoscalerController } from './horizontalpodautoscaler.controller.ts';
import { hostPathProvisionerController } from './hostpath-provisioner.controller.ts';
import { jobController } from './job.controller.ts';
import { namespaceController } from './namespace.controller.ts';
import { nodeLifecycleController } from './node-lifecycle.controller.ts';
import { persistentVolumeBinderController } from './persistentvolume-binder.controller.ts';
import { podGcController } from './podgc.controller.ts';
import { pvProtectionController } from './pv-protection.controller.ts';
import { pvcProtectionController } from './pvc-protection.controller.ts';
import { replicaSetController } from './replicaset.controller.ts';
import { resourceQuotaController } from './resourcequota.controller.ts';
import type { Controller } from './runtime/controller.ts';
import { serviceAccountController } from './serviceaccount.controller.ts';
import { statefulSetController } from './statefulset.controller.ts';
import { taintEvictionController } from './taint-eviction.controller.ts';
import { ttlAfterFinishedController } from './ttlafterfinished.controller.ts';

/**
 * The controller-manager's controllers the engine runs, in start order, and minikube's hostPath
 * provisioner (an add-on, last).
 */
export const BUILT_IN_CONTROLLERS: readonly Controller[] = [
  namespaceController,
  serviceAccountController,
  resourceQuotaController,
  garbageCollectorController,
  replicaSetController,
  deploymentController,
  nodeLifecycleController,
  taintEvictionController,
  jobController,
  cronJobController,
  daemonSetController,
  statefulSetController,
  disruptionController,
  horizontalPodAutoscalerController,
  endpointsController,
  endpointSliceController,
  podGcController,
  ttlAfterFinishedController,
  persistentVolumeBinderController,
  pvcProtectionController,
  pvProtectionController,
  hostPathProvisionerController,
];
