import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1';
import { buildNodeInfos, HostPortInfo, NodeInfo } from './node-info.ts';
import { makeNode, makePod } from './testing.ts';

const withPhase = (pod: Pod, phase: string): Pod => ({ ...pod, status: { ...pod.status, phase } });

describe('NodeInfo', () => {
  it('sums requests, non-zero requests and allocatable', () => {
    const info = new NodeInfo(makeNode('n', { cpu: '4', memory: '8Gi', pods: '110' }));
    info.addPod(makePod('a', { nodeName: 'n', requests: { cpu: '500m', memory: '1Gi' } }));
    info.addPod(makePod('b', { nodeName: 'n' }));
    assert.equal(info.pods.length, 2);
    assert.equal(info.requested.milliCPU, 500);
    assert.equal(info.requested.memory, 1073741824);
    assert.equal(info.nonZeroRequested.milliCPU, 600);
    assert.equal(info.nonZeroRequested.memory, 1073741824 + 200 * 1024 * 1024);
    assert.deepEqual(
      [info.allocatable.milliCPU, info.allocatable.memory, info.allocatable.allowedPodNumber],
      [4000, 8 * 1073741824, 110],
    );
  });

  it('removes pods by object or key and replaces a pod added twice', () => {
    const info = new NodeInfo(makeNode('n'));
    const a = makePod('a', { nodeName: 'n', requests: { cpu: '1' } });
    info.addPod(a);
    info.addPod(makePod('b', { nodeName: 'n', requests: { cpu: '250m' } }));
    info.addPod(makePod('a', { nodeName: 'n', requests: { cpu: '300m' } }));
    assert.equal(info.pods.length, 2);
    assert.equal(info.requested.milliCPU, 550);
    assert.equal(info.removePod(a), true);
    assert.equal(info.removePod('default/a'), false);
    assert.equal(info.requested.milliCPU, 250);
    assert.deepEqual(
      info.pods.map((p) => p.key),
      ['default/b'],
    );
  });

  it('tracks pods with affinity and host ports', () => {
    const info = new NodeInfo(makeNode('n'));
    const anti = makePod('anti', {
      nodeName: 'n',
      spec: {
        containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 8080 }] }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }],
          },
        },
      },
    });
    info.addPod(anti);
    assert.equal(info.podsWithAffinity.length, 1);
    assert.equal(info.podsWithRequiredAntiAffinity.length, 1);
    assert.equal(info.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }), true);
    assert.equal(info.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'UDP', port: 8080 }), false);
    info.removePod(anti);
    assert.equal(info.podsWithAffinity.length, 0);
    assert.equal(info.usedPorts.conflicts({ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }), false);
  });

  it('clones independently', () => {
    const info = new NodeInfo(makeNode('n'));
    info.addPod(makePod('a', { nodeName: 'n', requests: { cpu: '1' } }));
    const copy = info.clone();
    copy.removePod('default/a');
    assert.equal(info.requested.milliCPU, 1000);
    assert.equal(copy.requested.milliCPU, 0);
  });
});

describe('HostPortInfo', () => {
  const cases: [used: [string, number], wanted: [string, number], conflict: boolean][] = [
    [['0.0.0.0', 80], ['0.0.0.0', 80], true],
    [['0.0.0.0', 80], ['127.0.0.1', 80], true],
    [['127.0.0.1', 80], ['0.0.0.0', 80], true],
    [['127.0.0.1', 80], ['127.0.0.2', 80], false],
    [['127.0.0.1', 80], ['127.0.0.1', 81], false],
  ];
  for (const [[usedIp, usedPort], [ip, port], conflict] of cases) {
    it(`${usedIp}:${usedPort} vs ${ip}:${port} → ${conflict}`, () => {
      const ports = new HostPortInfo();
      ports.add({ ip: usedIp, protocol: 'TCP', port: usedPort });
      assert.equal(ports.conflicts({ ip, protocol: 'TCP', port }), conflict);
    });
  }
});

describe('buildNodeInfos and NodeInfoSnapshot', () => {
  it('accounts only assigned, non-terminal pods', () => {
    const snapshot = buildNodeInfos(
      [makeNode('n1'), makeNode('n2')],
      [
        makePod('running', { nodeName: 'n1', requests: { cpu: '1' } }),
        withPhase(makePod('done', { nodeName: 'n1', requests: { cpu: '1' } }), 'Succeeded'),
        withPhase(makePod('failed', { nodeName: 'n2', requests: { cpu: '1' } }), 'Failed'),
        makePod('pending', { requests: { cpu: '1' } }),
      ],
    );
    assert.equal(snapshot.get('n1')?.requested.milliCPU, 1000);
    assert.equal(snapshot.get('n2')?.pods.length, 0);
    assert.equal(snapshot.list.length, 2);
  });

  it('updates incrementally: bind, finish, move, node removal and return', () => {
    const snapshot = buildNodeInfos([makeNode('n1'), makeNode('n2')], []);
    const pod = makePod('p', { nodeName: 'n1', requests: { memory: '1Gi' } });
    snapshot.addPod(pod);
    assert.equal(snapshot.get('n1')?.pods.length, 1);
    snapshot.updatePod(withPhase(pod, 'Succeeded'));
    assert.equal(snapshot.get('n1')?.pods.length, 0);
    snapshot.addPod(makePod('q', { nodeName: 'n2' }));
    snapshot.addPod(makePod('q', { nodeName: 'n1' }));
    assert.equal(snapshot.get('n2')?.pods.length, 0);
    assert.equal(snapshot.get('n1')?.pods.length, 1);
    snapshot.removeNode('n1');
    assert.equal(snapshot.get('n1'), undefined);
    snapshot.setNode(makeNode('n1'));
    assert.equal(snapshot.get('n1')?.pods.length, 1);
    snapshot.removePod(makePod('q'));
    assert.equal(snapshot.get('n1')?.pods.length, 0);
  });

  it('keeps pods of nodes not seen yet until the node appears', () => {
    const snapshot = buildNodeInfos([], [makePod('early', { nodeName: 'late', requests: { cpu: '1' } })]);
    assert.equal(snapshot.list.length, 0);
    snapshot.setNode(makeNode('late'));
    assert.equal(snapshot.get('late')?.requested.milliCPU, 1000);
  });

  it('lists nodes hosting pods with affinity', () => {
    const affinityPod = makePod('a', {
      nodeName: 'n2',
      spec: {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone' }] },
        },
      },
    });
    const snapshot = buildNodeInfos([makeNode('n1'), makeNode('n2')], [affinityPod]);
    assert.deepEqual(
      snapshot.havePodsWithAffinity().map((info) => info.name),
      ['n2'],
    );
    assert.equal(snapshot.havePodsWithRequiredAntiAffinity().length, 0);
    snapshot.removePod(affinityPod);
    assert.equal(snapshot.havePodsWithAffinity().length, 0);
  });
});
