/**
 * The in-tree plugin registry and the default profile (pkg/scheduler/framework/plugins/registry.go,
 * pkg/scheduler/apis/config/v1/default_plugins.go). The profile's plugin order is the order filters run
 * in, so a node rejected by an earlier plugin reports only that plugin's reason.
 */
import type { PluginHandle, Profile } from '../framework/interfaces.ts';
import { buildProfile, PluginRegistry, type ProfileConfig } from '../framework/registry.ts';
import { createDefaultPreemptionPlugin } from './default-preemption.plugin.ts';
import { createInterPodAffinityPlugin } from './inter-pod-affinity.plugin.ts';
import {
  DEFAULT_PREEMPTION,
  INTER_POD_AFFINITY,
  NODE_AFFINITY,
  NODE_NAME,
  NODE_PORTS,
  NODE_RESOURCES_BALANCED_ALLOCATION,
  NODE_RESOURCES_FIT,
  NODE_UNSCHEDULABLE,
  POD_TOPOLOGY_SPREAD,
  TAINT_TOLERATION,
  VOLUME_BINDING,
} from './names.ts';
import { createNodeAffinityPlugin } from './node-affinity.plugin.ts';
import { createNodeNamePlugin } from './node-name.plugin.ts';
import { createNodePortsPlugin } from './node-ports.plugin.ts';
import { createBalancedAllocationPlugin } from './node-resources-balanced-allocation.plugin.ts';
import { createNodeResourcesFitPlugin } from './node-resources-fit.plugin.ts';
import { createNodeUnschedulablePlugin } from './node-unschedulable.plugin.ts';
import { createPodTopologySpreadPlugin } from './pod-topology-spread.plugin.ts';
import { createTaintTolerationPlugin } from './taint-toleration.plugin.ts';
import { createVolumeBindingPlugin } from './volume-binding.plugin.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Every in-tree plugin this engine implements, by its upstream name. */
export function createDefaultRegistry(): PluginRegistry {
  return new PluginRegistry()
    .register(NODE_UNSCHEDULABLE, () => createNodeUnschedulablePlugin())
    .register(NODE_NAME, () => createNodeNamePlugin())
    .register(TAINT_TOLERATION, () => createTaintTolerationPlugin())
    .register(NODE_AFFINITY, () => createNodeAffinityPlugin())
    .register(NODE_PORTS, () => createNodePortsPlugin())
    .register(NODE_RESOURCES_FIT, () => createNodeResourcesFitPlugin())
    .register(VOLUME_BINDING, (handle) => createVolumeBindingPlugin(handle))
    .register(POD_TOPOLOGY_SPREAD, (handle) => createPodTopologySpreadPlugin(handle))
    .register(INTER_POD_AFFINITY, (handle) => createInterPodAffinityPlugin(handle))
    .register(DEFAULT_PREEMPTION, (handle) => createDefaultPreemptionPlugin(handle))
    .register(NODE_RESOURCES_BALANCED_ALLOCATION, () => createBalancedAllocationPlugin());
}

/**
 * The default profile's plugins in upstream order, with score weights. Plugins of the default set not
 * implemented here (SchedulingGates and PrioritySort live in the queue; VolumeRestrictions,
 * NodeVolumeLimits, VolumeZone, ImageLocality, DefaultBinder) are left out.
 */
export const DEFAULT_PROFILE_CONFIG: ProfileConfig = Object.freeze({
  schedulerName: DEFAULT_SCHEDULER_NAME,
  percentageOfNodesToScore: 0,
  plugins: Object.freeze([
    { name: NODE_UNSCHEDULABLE },
    { name: NODE_NAME },
    { name: TAINT_TOLERATION, weight: 3 },
    { name: NODE_AFFINITY, weight: 2 },
    { name: NODE_PORTS },
    { name: NODE_RESOURCES_FIT, weight: 1 },
    { name: VOLUME_BINDING },
    { name: POD_TOPOLOGY_SPREAD, weight: 2 },
    { name: INTER_POD_AFFINITY, weight: 2 },
    { name: DEFAULT_PREEMPTION },
    { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
  ]),
});

/** The default-scheduler profile built from the in-tree registry. */
export function createDefaultProfile(
  handle: PluginHandle = {},
  config: ProfileConfig = DEFAULT_PROFILE_CONFIG,
): Profile {
  return buildProfile(config, createDefaultRegistry(), handle);
}
