import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { configMapPrinter } from './configmap.printer.ts';
import { endpointsPrinter } from './endpoints.printer.ts';
import { endpointSlicePrinter } from './endpointslice.printer.ts';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler.printer.ts';
import { ingressClassPrinter, ingressPrinter } from './ingress.printer.ts';
import { leasePrinter } from './lease.printer.ts';
import { namespacePrinter } from './namespace.printer.ts';
import { networkPolicyPrinter } from './networkpolicy.printer.ts';
import { persistentVolumeClaimPrinter, persistentVolumePrinter } from './persistentvolume.printer.ts';
import { podDisruptionBudgetPrinter } from './poddisruptionbudget.printer.ts';
import { podTemplatePrinter } from './podtemplate.printer.ts';
import { priorityClassPrinter } from './priorityclass.printer.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rolebinding.printer.ts';
import { secretPrinter } from './secret.printer.ts';
import { servicePrinter } from './service.printer.ts';
import { serviceAccountPrinter } from './serviceaccount.printer.ts';
import { storageClassPrinter } from './storageclass.printer.ts';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ctx = { now: NOW };
const CREATED = '2024-05-01T11:00:00Z'; // 60m ago

function object(
  apiVersion: string,
  kind: string,
  body: Record<string, unknown>,
  meta: object = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: CREATED, ...meta },
    ...body,
  };
}

describe('service printer', () => {
  const cases: Array<[name: string, spec: object, status: object, expected: unknown[]]> = [
    [
      'cluster IP',
      {
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [{ port: 80, protocol: 'TCP' }],
        selector: { app: 'web' },
      },
      {},
      ['x', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '60m', 'app=web'],
    ],
    [
      'headless with several ports',
      {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      {},
      ['x', 'ClusterIP', 'None', '<none>', '53/UDP,53/TCP', '60m', '<none>'],
    ],
    [
      'node port with external IPs',
      {
        type: 'NodePort',
        clusterIP: '10.96.1.2',
        externalIPs: ['192.0.2.1', '192.0.2.2'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
      },
      {},
      ['x', 'NodePort', '10.96.1.2', '192.0.2.1,192.0.2.2', '80:30080/TCP', '60m', '<none>'],
    ],
    [
      'load balancer pending',
      {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.3.4'],
        ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
      },
      { loadBalancer: {} },
      ['x', 'LoadBalancer', '10.96.3.4', '<pending>', '443:31443/TCP', '60m', '<none>'],
    ],
    [
      'load balancer with ingress and external IPs',
      { type: 'LoadBalancer', clusterIPs: ['10.96.3.4'], externalIPs: ['192.0.2.9'], ports: [] },
      {
        loadBalancer: {
          ingress: [{ ip: '203.0.113.7' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.7' }],
        },
      },
      ['x', 'LoadBalancer', '10.96.3.4', '203.0.113.7,lb.example.com,192.0.2.9', '<none>', '60m', '<none>'],
    ],
    [
      'external name',
      { type: 'ExternalName', externalName: 'db.example.com' },
      {},
      ['x', 'ExternalName', '<none>', 'db.example.com', '<none>', '60m', '<none>'],
    ],
  ];
  for (const [name, spec, status, expected] of cases) {
    test(name, () =>
      assert.deepEqual(servicePrinter.cells(object('v1', 'Service', { spec, status }), ctx), expected),
    );
  }
});

describe('endpoints printer', () => {
  const cases: Array<[name: string, subsets: unknown, expected: string]> = [
    ['no subsets', undefined, '<none>'],
    [
      'addresses times ports, three at most',
      [
        {
          addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.0.6' }],
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'https', port: 443, protocol: 'TCP' },
          ],
        },
      ],
      '10.244.0.5:80,10.244.0.6:80,10.244.0.5:443 + 1 more...',
    ],
    ['headless without ports', [{ addresses: [{ ip: '10.244.0.5' }] }], '10.244.0.5'],
    ['IPv6', [{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 8080 }] }], '[fd00::5]:8080'],
  ];
  for (const [name, subsets, expected] of cases) {
    test(name, () => {
      const body = subsets === undefined ? {} : { subsets };
      assert.deepEqual(endpointsPrinter.cells(object('v1', 'Endpoints', body), ctx), ['x', expected, '60m']);
    });
  }
});

describe('endpoint slice printer', () => {
  const cases: Array<[name: string, ports: unknown, endpoints: unknown, expected: [string, string]]> = [
    [
      'ports and addresses',
      [{ name: 'http', port: 80, protocol: 'TCP' }],
      [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.0.6'] }],
      ['80', '10.244.0.5,10.244.0.6'],
    ],
    ['empty slice', [], [], ['<unset>', '<unset>']],
    [
      'named and wildcard ports, more than three',
      [{ name: 'a' }, { port: 1 }, {}, { port: 2 }, { port: 3 }],
      [{ addresses: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4'] }],
      ['a,1,* + 2 more...', '1.1.1.1,2.2.2.2,3.3.3.3 + 1 more...'],
    ],
  ];
  for (const [name, ports, endpoints, expected] of cases) {
    test(name, () => {
      const slice = object('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', ports, endpoints });
      assert.deepEqual(endpointSlicePrinter.cells(slice, ctx), ['x', 'IPv4', ...expected, '60m']);
    });
  }
});

describe('small core printers', () => {
  test('namespace', () => {
    const ns = object('v1', 'Namespace', { status: { phase: 'Terminating' } }, { namespace: undefined });
    assert.deepEqual(namespacePrinter.cells(ns, ctx), ['x', 'Terminating', '60m']);
  });
  test('config map counts data and binaryData', () => {
    const cm = object('v1', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } });
    assert.deepEqual(configMapPrinter.cells(cm, ctx), ['x', 3, '60m']);
  });
  test('empty config map', () => {
    assert.deepEqual(configMapPrinter.cells(object('v1', 'ConfigMap', {}), ctx), ['x', 0, '60m']);
  });
  test('secret', () => {
    const secret = object('v1', 'Secret', {
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'AA==', 'tls.key': 'AA==' },
    });
    assert.deepEqual(secretPrinter.cells(secret, ctx), ['x', 'kubernetes.io/tls', 2, '60m']);
  });
  test('secret stringData keys count once merged into data', () => {
    const secret = object('v1', 'Secret', {
      type: 'Opaque',
      data: { a: 'AA==' },
      stringData: { a: 'x', b: 'y' },
    });
    assert.deepEqual(secretPrinter.cells(secret, ctx), ['x', 'Opaque', 2, '60m']);
  });
  test('service account', () => {
    assert.deepEqual(serviceAccountPrinter.cells(object('v1', 'ServiceAccount', {}), ctx), ['x', 0, '60m']);
  });
  test('pod template', () => {
    const template = object('v1', 'PodTemplate', {
      template: {
        metadata: { labels: { b: '2', a: '1' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
    });
    assert.deepEqual(podTemplatePrinter.cells(template, ctx), ['x', 'c', 'i', 'a=1,b=2']);
  });
});

describe('persistent volume printers', () => {
  test('bound volume', () => {
    const pv = object(
      'v1',
      'PersistentVolume',
      {
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { namespace: 'default', name: 'data' },
          storageClassName: 'standard',
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Bound' },
      },
      { namespace: undefined },
    );
    assert.deepEqual(persistentVolumePrinter.cells(pv, ctx), [
      'x',
      '10Gi',
      'RWO,RWX',
      'Retain',
      'Bound',
      'default/data',
      'standard',
      '<unset>',
      '',
      '60m',
      'Filesystem',
    ]);
  });

  test('terminating volume with the beta class annotation', () => {
    const pv = object(
      'v1',
      'PersistentVolume',
      { spec: { capacity: { storage: '1Gi' }, storageClassName: 'ignored' }, status: { phase: 'Released' } },
      {
        deletionTimestamp: '2024-05-01T11:59:00Z',
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
      },
    );
    const cells = persistentVolumePrinter.cells(pv, ctx);
    assert.deepEqual([cells[4], cells[6], cells[10]], ['Terminating', 'legacy', '<unset>']);
  });

  test('pending claim shows no capacity or access modes', () => {
    const pvc = object('v1', 'PersistentVolumeClaim', {
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        storageClassName: 'standard',
      },
      status: { phase: 'Pending' },
    });
    assert.deepEqual(persistentVolumeClaimPrinter.cells(pvc, ctx), [
      'x',
      'Pending',
      '',
      '',
      '',
      'standard',
      '<unset>',
      '60m',
      '<unset>',
    ]);
  });

  test('bound claim', () => {
    const pvc = object('v1', 'PersistentVolumeClaim', {
      spec: { volumeName: 'pvc-123', volumeMode: 'Block', volumeAttributesClassName: 'gold' },
      status: { phase: 'Bound', capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOncePod'] },
    });
    assert.deepEqual(persistentVolumeClaimPrinter.cells(pvc, ctx), [
      'x',
      'Bound',
      'pvc-123',
      '5Gi',
      'RWOP',
      '',
      'gold',
      '60m',
      'Block',
    ]);
  });
});

describe('horizontal pod autoscaler printer', () => {
  const hpa = (spec: object, status: object, apiVersion = 'autoscaling/v2'): KubeObject =>
    object(apiVersion, 'HorizontalPodAutoscaler', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 10,
        ...spec,
      },
      status,
    });
  const cpu = (utilization: number) => ({
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilization } },
  });
  const cases: Array<[name: string, input: KubeObject, targets: string, min: string, replicas: number]> = [
    ['no metrics', hpa({ minReplicas: 1 }, { currentReplicas: 1 }), '<none>', '1', 1],
    [
      'cpu before the first sample',
      hpa({ minReplicas: 2, metrics: [cpu(80)] }, {}),
      'cpu: <unknown>/80%',
      '2',
      0,
    ],
    [
      'cpu with a sample',
      hpa(
        { metrics: [cpu(80)] },
        {
          currentReplicas: 3,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
          ],
        },
      ),
      'cpu: 45%/80%',
      '<unset>',
      3,
    ],
    [
      'three metrics, two shown',
      hpa(
        {
          minReplicas: 1,
          metrics: [
            cpu(50),
            {
              type: 'Resource',
              resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } },
            },
            {
              type: 'Pods',
              pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } },
            },
          ],
        },
        { currentReplicas: 1 },
      ),
      'cpu: <unknown>/50%, memory: <unknown>/1Gi + 1 more...',
      '1',
      1,
    ],
    [
      'autoscaling/v1 target CPU',
      hpa(
        { minReplicas: 1, targetCPUUtilizationPercentage: 70 },
        { currentReplicas: 2, currentCPUUtilizationPercentage: 35 },
        'autoscaling/v1',
      ),
      'cpu: 35%/70%',
      '1',
      2,
    ],
  ];
  for (const [name, input, targets, min, replicas] of cases) {
    test(name, () => {
      assert.deepEqual(horizontalPodAutoscalerPrinter.cells(input, ctx), [
        'x',
        'Deployment/web',
        targets,
        min,
        10,
        replicas,
        '60m',
      ]);
    });
  }
});

describe('policy, coordination, storage, scheduling and networking printers', () => {
  test('pod disruption budget', () => {
    const pdb = object('policy/v1', 'PodDisruptionBudget', {
      spec: { minAvailable: '50%' },
      status: { disruptionsAllowed: 1 },
    });
    assert.deepEqual(podDisruptionBudgetPrinter.cells(pdb, ctx), ['x', '50%', 'N/A', 1, '60m']);
    const pdb2 = object('policy/v1', 'PodDisruptionBudget', { spec: { maxUnavailable: 1 }, status: {} });
    assert.deepEqual(podDisruptionBudgetPrinter.cells(pdb2, ctx), ['x', 'N/A', '1', 0, '60m']);
  });

  test('lease', () => {
    const lease = object('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'node-1' } });
    assert.deepEqual(leasePrinter.cells(lease, ctx), ['x', 'node-1', '60m']);
    assert.deepEqual(leasePrinter.cells(object('coordination.k8s.io/v1', 'Lease', { spec: {} }), ctx), [
      'x',
      '',
      '60m',
    ]);
  });

  test('default storage class', () => {
    const sc = object(
      'storage.k8s.io/v1',
      'StorageClass',
      { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' },
      {
        name: 'standard',
        namespace: undefined,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
    );
    assert.deepEqual(storageClassPrinter.cells(sc, ctx), [
      'standard (default)',
      'rancher.io/local-path',
      'Delete',
      'WaitForFirstConsumer',
      false,
      '60m',
    ]);
  });

  test('priority class', () => {
    const pc = object('scheduling.k8s.io/v1', 'PriorityClass', {
      value: 2000001000,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    assert.deepEqual(priorityClassPrinter.cells(pc, ctx), [
      'x',
      2000001000,
      false,
      '60m',
      'PreemptLowerPriority',
    ]);
  });

  test('ingress', () => {
    const ingress = object('networking.k8s.io/v1', 'Ingress', {
      spec: {
        ingressClassName: 'nginx',
        rules: [
          { host: 'a.example.com' },
          {},
          { host: 'b.example.com' },
          { host: 'c.example.com' },
          { host: 'd.example.com' },
        ],
        tls: [{ hosts: ['a.example.com'] }],
      },
      status: { loadBalancer: { ingress: [{ ip: '172.18.0.5' }] } },
    });
    assert.deepEqual(ingressPrinter.cells(ingress, ctx), [
      'x',
      'nginx',
      'a.example.com,b.example.com,c.example.com + 2 more...',
      '172.18.0.5',
      '80, 443',
      '60m',
    ]);
    const bare = object('networking.k8s.io/v1', 'Ingress', { spec: { rules: [{}] } });
    assert.deepEqual(ingressPrinter.cells(bare, ctx), ['x', '<none>', '*', '', '80', '60m']);
  });

  test('ingress class', () => {
    const ic = object('networking.k8s.io/v1', 'IngressClass', {
      spec: {
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' },
      },
    });
    assert.deepEqual(ingressClassPrinter.cells(ic, ctx), [
      'x',
      'k8s.io/ingress-nginx',
      'IngressParameters.k8s.example.com/p',
      '60m',
    ]);
  });

  test('network policy', () => {
    const np = object('networking.k8s.io/v1', 'NetworkPolicy', { spec: { podSelector: {} } });
    assert.deepEqual(networkPolicyPrinter.cells(np, ctx), ['x', '<none>', '60m']);
    const np2 = object('networking.k8s.io/v1', 'NetworkPolicy', {
      spec: { podSelector: { matchLabels: { role: 'db' } } },
    });
    assert.deepEqual(networkPolicyPrinter.cells(np2, ctx), ['x', 'role=db', '60m']);
  });
});

describe('role binding printers', () => {
  const subjects = [
    { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'User', name: 'bob', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
    { kind: 'ServiceAccount', name: 'builder', namespace: 'ci' },
  ];
  test('role binding', () => {
    const rb = object('rbac.authorization.k8s.io/v1', 'RoleBinding', {
      roleRef: { kind: 'Role', name: 'reader' },
      subjects,
    });
    assert.deepEqual(roleBindingPrinter.cells(rb, ctx), [
      'x',
      'Role/reader',
      '60m',
      'jane, bob',
      'devs',
      'ci/builder',
    ]);
  });
  test('cluster role binding without subjects', () => {
    const crb = object('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', {
      roleRef: { kind: 'ClusterRole', name: 'view' },
    });
    assert.deepEqual(clusterRoleBindingPrinter.cells(crb, ctx), ['x', 'ClusterRole/view', '60m', '', '', '']);
    assert.deepEqual(clusterRoleBindingPrinter.columns.map((c) => c.description).slice(3), [
      'Users in the clusterRoleBinding',
      'Groups in the clusterRoleBinding',
      'ServiceAccounts in the clusterRoleBinding',
    ]);
  });
});
