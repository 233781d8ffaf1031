// The printers upstream's printers.go registers for the resources the engine serves.
import { configMapPrinter } from './configmap.printer.ts';
import { controllerRevisionPrinter } from './controllerrevision.printer.ts';
import { cronJobPrinter } from './cronjob.printer.ts';
import { daemonSetPrinter } from './daemonset.printer.ts';
import { deploymentPrinter } from './deployment.printer.ts';
import { endpointsPrinter } from './endpoints.printer.ts';
import { endpointSlicePrinter } from './endpointslice.printer.ts';
import { eventPrinter, eventsV1EventPrinter } from './event.printer.ts';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler.printer.ts';
import { ingressClassPrinter, ingressPrinter } from './ingress.printer.ts';
import { jobPrinter } from './job.printer.ts';
import { leasePrinter } from './lease.printer.ts';
import { namespacePrinter } from './namespace.printer.ts';
import { networkPolicyPrinter } from './networkpolicy.printer.ts';
import { nodePrinter } from './node.printer.ts';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './persistentvolume.printer.ts';
import { podPrinter } from './pod.printer.ts';
import { podDisruptionBudgetPrinter } from './poddisruptionbudget.printer.ts';
import { podTemplatePrinter } from './podtemplate.printer.ts';
import type { ResourcePrinter } from './printer.ts';
import { PrinterRegistry } from './printer-registry.ts';
import { priorityClassPrinter } from './priorityclass.printer.ts';
import { replicaSetPrinter } from './replicaset.printer.ts';
import { replicationControllerPrinter } from './replicationcontroller.printer.ts';
import { resourceQuotaPrinter } from './resourcequota.printer.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rolebinding.printer.ts';
import { secretPrinter } from './secret.printer.ts';
import { servicePrinter } from './service.printer.ts';
import { serviceAccountPrinter } from './serviceaccount.printer.ts';
import { statefulSetPrinter } from './statefulset.printer.ts';
import { storageClassPrinter } from './storageclass.printer.ts';

/** Roles, ClusterRoles and LimitRanges have no printer upstream; they get the default table. */
export const builtinPrinters: readonly ResourcePrinter[] = [
  podPrinter,
  podTemplatePrinter,
  podDisruptionBudgetPrinter,
  replicationControllerPrinter,
  replicaSetPrinter,
  daemonSetPrinter,
  jobPrinter,
  cronJobPrinter,
  servicePrinter,
  ingressPrinter,
  ingressClassPrinter,
  statefulSetPrinter,
  endpointsPrinter,
  nodePrinter,
  eventPrinter,
  eventsV1EventPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
  persistentVolumePrinter,
  persistentVolumeClaimPrinter,
  deploymentPrinter,
  horizontalPodAutoscalerPrinter,
  configMapPrinter,
  networkPolicyPrinter,
  roleBindingPrinter,
  clusterRoleBindingPrinter,
  leasePrinter,
  storageClassPrinter,
  controllerRevisionPrinter,
  resourceQuotaPrinter,
  priorityClassPrinter,
  endpointSlicePrinter,
];

/** A registry holding every built-in printer. */
export function createBuiltinPrinterRegistry(): PrinterRegistry {
  return new PrinterRegistry(builtinPrinters);
}
