/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding): every PersistentVolumeClaim the pod
 * mounts must exist and be usable; unbound claims of an Immediate-binding class block scheduling until
 * the PV controller binds them, while WaitForFirstConsumer claims are left to provisioning (assumed to
 * succeed). A bound claim's volume node affinity must admit the node.
 */
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../framework/cycle-state.ts';
import type {
  FilterPlugin,
  PluginHandle,
  PreFilterPlugin,
  PreFilterStatus,
} from '../framework/interfaces.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { nodeSelectorTermsMatch } from '../framework/node-selector.ts';
import { SKIP, type Status, SUCCESS, unresolvable } from '../framework/status.ts';
import { VOLUME_BINDING } from './names.ts';

export const ERR_REASON_UNBOUND_IMMEDIATE_PVC = 'pod has unbound immediate PersistentVolumeClaims';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';

export const ANNOTATION_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANNOTATION_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** The lister's NotFound error text. */
export function pvcNotFoundMessage(name: string): string {
  return `persistentvolumeclaim "${name}" not found`;
}

export function ephemeralPvcPendingMessage(name: string): string {
  return `waiting for ephemeral volume controller to create the persistentvolumeclaim "${name}"`;
}

export function pvcBeingDeletedMessage(name: string): string {
  return `persistentvolumeclaim "${name}" is being deleted`;
}

export function pvcLostMessage(name: string, volumeName: string): string {
  return `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${volumeName}"`;
}

const PRE_FILTER_KEY = `PreFilter${VOLUME_BINDING}`;
const REJECT_NODE_CONFLICT = unresolvable(VOLUME_BINDING, ERR_REASON_NODE_CONFLICT);

interface PodClaim {
  readonly name: string;
  readonly ephemeral: boolean;
}

/** Claims the pod mounts: persistentVolumeClaim volumes and generic ephemeral volumes (`<pod>-<volume>`). */
export function podVolumeClaims(pod: Pod): PodClaim[] {
  const claims: PodClaim[] = [];
  for (const volume of pod.spec?.volumes ?? []) {
    if (volume.persistentVolumeClaim)
      claims.push({ name: volume.persistentVolumeClaim.claimName, ephemeral: false });
    else if (volume.ephemeral)
      claims.push({ name: `${pod.metadata?.name ?? ''}-${volume.name}`, ephemeral: true });
  }
  return claims;
}

function isBound(claim: PersistentVolumeClaim): boolean {
  if (!claim.spec?.volumeName) return false;
  return (
    claim.status?.phase === 'Bound' ||
    Object.hasOwn(claim.metadata?.annotations ?? {}, ANNOTATION_BIND_COMPLETED)
  );
}

function storageClassName(claim: PersistentVolumeClaim): string {
  return claim.metadata?.annotations?.[ANNOTATION_BETA_STORAGE_CLASS] ?? claim.spec?.storageClassName ?? '';
}

function ownedByPod(claim: PersistentVolumeClaim, pod: Pod): boolean {
  return (claim.metadata?.ownerReferences ?? []).some(
    (owner) => owner.controller === true && owner.kind === 'Pod' && owner.uid === pod.metadata?.uid,
  );
}

export function createVolumeBindingPlugin(handle: PluginHandle = {}): PreFilterPlugin & FilterPlugin {
  const isDelayedBinding = (claim: PersistentVolumeClaim): boolean => {
    const className = storageClassName(claim);
    if (className === '') return false;
    return handle.getStorageClass?.(className)?.volumeBindingMode === 'WaitForFirstConsumer';
  };

  return {
    name: VOLUME_BINDING,
    preFilter(state: CycleState, pod: Pod): PreFilterStatus {
      const claims = podVolumeClaims(pod);
      if (claims.length === 0 || !handle.getPersistentVolumeClaim) return SKIP;
      const namespace = pod.metadata?.namespace ?? '';
      const boundVolumes: string[] = [];
      let unboundImmediate = false;
      for (const { name, ephemeral } of claims) {
        const claim = handle.getPersistentVolumeClaim(namespace, name);
        if (!claim) {
          return unresolvable(
            VOLUME_BINDING,
            ephemeral ? ephemeralPvcPendingMessage(name) : pvcNotFoundMessage(name),
          );
        }
        if (claim.status?.phase === 'Lost') {
          return unresolvable(VOLUME_BINDING, pvcLostMessage(name, claim.spec?.volumeName ?? ''));
        }
        if (claim.metadata?.deletionTimestamp)
          return unresolvable(VOLUME_BINDING, pvcBeingDeletedMessage(name));
        if (ephemeral && !ownedByPod(claim, pod)) {
          return unresolvable(
            VOLUME_BINDING,
            `PVC ${namespace}/${name} was not created for pod ${namespace}/${pod.metadata?.name ?? ''} (pod is not owner)`,
          );
        }
        if (isBound(claim)) boundVolumes.push(claim.spec!.volumeName!);
        else if (!isDelayedBinding(claim)) unboundImmediate = true;
      }
      if (unboundImmediate) return unresolvable(VOLUME_BINDING, ERR_REASON_UNBOUND_IMMEDIATE_PVC);
      state.write(PRE_FILTER_KEY, boundVolumes);
      return SUCCESS;
    },
    filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
      const boundVolumes = state.read<string[]>(PRE_FILTER_KEY) ?? [];
      for (const volumeName of boundVolumes) {
        const terms =
          handle.getPersistentVolume?.(volumeName)?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (terms && !nodeSelectorTermsMatch(terms, nodeInfo.node)) return REJECT_NODE_CONFLICT;
      }
      return SUCCESS;
    },
  };
}
