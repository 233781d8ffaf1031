import type { Node, NodeAddress } from 'kubernetes-types/core/v1';
import { ageColumn, nameColumn } from './columns.ts';
import { translateTimestampSince } from './duration.ts';
import { NONE, sortedUnique, UNKNOWN } from './format.ts';
import { column, definePrinter } from './printer.ts';
import { nodeStatusDoc, nodeSystemInfoDoc } from './swagger-docs.ts';

/** Label prefix whose suffix names a node role (`node-role.kubernetes.io/control-plane`). */
export const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
/** Older label whose value names a node role. */
export const NODE_LABEL_ROLE = 'kubernetes.io/role';

export const nodeColumns = [
  nameColumn,
  column('Status', 'string', 'The status of the node'),
  column('Roles', 'string', 'The roles of the node'),
  ageColumn,
  column('Version', 'string', nodeSystemInfoDoc.kubeletVersion),
  column('Internal-IP', 'string', nodeStatusDoc.addresses, { priority: 1 }),
  column('External-IP', 'string', nodeStatusDoc.addresses, { priority: 1 }),
  column('OS-Image', 'string', nodeSystemInfoDoc.osImage, { priority: 1 }),
  column('Kernel-Version', 'string', nodeSystemInfoDoc.kernelVersion, { priority: 1 }),
  column('Container-Runtime', 'string', nodeSystemInfoDoc.containerRuntimeVersion, { priority: 1 }),
];

/** The STATUS cell: Ready / NotReady / Unknown, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  let ready: string | undefined;
  for (const condition of node.status?.conditions ?? []) {
    // Later duplicates win, as upstream's condition map does.
    if (condition.type === 'Ready') ready = condition.status;
  }
  if (ready !== undefined) status.push(ready === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** `findNodeRoles`: sorted roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values. */
export function nodeRoles(node: Node): string[] {
  const roles: string[] = [];
  const labels = node.metadata?.labels ?? {};
  for (const key in labels) {
    if (key.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = key.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.push(role);
    } else if (key === NODE_LABEL_ROLE && labels[key]) {
      roles.push(labels[key] as string);
    }
  }
  return sortedUnique(roles);
}

function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a: NodeAddress) => a.type === type)?.address ?? NONE;
}

export const nodePrinter = definePrinter<Node>({
  group: '',
  resource: 'nodes',
  columns: nodeColumns,
  cells(node, { now }) {
    const info = node.status?.nodeInfo;
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || NONE,
      translateTimestampSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || UNKNOWN,
      info?.kernelVersion || UNKNOWN,
      info?.containerRuntimeVersion || UNKNOWN,
    ];
  },
});
