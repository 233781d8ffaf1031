import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { buildNodeInfos } from '../framework/node-info.ts';
import { filterResults, makeNode, makePod } from '../framework/testing.ts';
import { createNodePortsPlugin, ERR_REASON_NODE_PORTS } from './node-ports.plugin.ts';

const withPorts = (name: string, ports: ContainerPort[], nodeName?: string): Pod =>
  makePod(name, { ...(nodeName ? { nodeName } : {}), spec: { containers: [{ name: 'app', ports }] } });

describe('NodePorts', () => {
  const rejected = `Unschedulable: ${ERR_REASON_NODE_PORTS}`;
  const cases: { name: string; used: ContainerPort[]; wanted: ContainerPort[]; expected: string }[] = [
    { name: 'no host ports skips the plugin', used: [], wanted: [{ containerPort: 80 }], expected: 'Skip' },
    {
      name: 'free port',
      used: [{ containerPort: 80, hostPort: 8080 }],
      wanted: [{ containerPort: 80, hostPort: 8081 }],
      expected: 'Success',
    },
    {
      name: 'same port taken',
      used: [{ containerPort: 80, hostPort: 8080 }],
      wanted: [{ containerPort: 80, hostPort: 8080 }],
      expected: rejected,
    },
    {
      name: 'same port, other protocol',
      used: [{ containerPort: 80, hostPort: 8080, protocol: 'UDP' }],
      wanted: [{ containerPort: 80, hostPort: 8080 }],
      expected: 'Success',
    },
    {
      name: 'specific IP against 0.0.0.0',
      used: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }],
      wanted: [{ containerPort: 80, hostPort: 8080 }],
      expected: rejected,
    },
    {
      name: 'two different IPs',
      used: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1' }],
      wanted: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.2' }],
      expected: 'Success',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const existing = c.used.length > 0 ? [withPorts('existing', c.used, 'n')] : [];
      const nodes = buildNodeInfos([makeNode('n')], existing);
      assert.deepEqual(filterResults(createNodePortsPlugin(), withPorts('p', c.wanted), nodes), {
        n: c.expected,
      });
    });
  }

  it('uses the upstream reason text', () => {
    assert.equal(ERR_REASON_NODE_PORTS, "node(s) didn't have free ports for the requested pod ports");
  });
});
