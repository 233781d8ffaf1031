import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestEngine } from '../../../cluster/testing.ts';

const service = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
});

const create = (t: TestEngine, object: unknown) =>
  t.request('POST', '/api/v1/namespaces/default/services', object);

test('a requested cluster IP or node port is refused when taken or out of range, as the allocators word it', async () => {
  const t = await TestEngine.start();
  try {
    const cases: Array<{ spec: Record<string, unknown>; status: number; message?: string }> = [
      { spec: { clusterIP: '10.96.100.100' }, status: 201 },
      {
        spec: { clusterIP: '10.96.100.100' },
        status: 422,
        message:
          'Service "s1" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated',
      },
      {
        spec: { clusterIP: '192.168.0.10' },
        status: 422,
        message:
          'Service "s2" is invalid: spec.clusterIPs: Invalid value: []string{"192.168.0.10"}: failed to allocate IP 192.168.0.10: the provided IP (192.168.0.10) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
      },
      { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30123 }] }, status: 201 },
      {
        spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30123 }] },
        status: 422,
        message:
          'Service "s4" is invalid: spec.ports[0].nodePort: Invalid value: 30123: provided port is already allocated',
      },
      {
        spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] },
        status: 422,
        message:
          'Service "s5" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
      },
      { spec: { clusterIP: 'None' }, status: 201 },
      { spec: { clusterIP: 'None' }, status: 201 },
    ];
    for (const [index, { spec, status, message }] of cases.entries()) {
      const reply = create(t, service(`s${index}`, spec));
      assert.equal(reply.status, status, `s${index}: ${reply.text}`);
      if (message) assert.equal((reply.body as { message?: string }).message, message);
    }
  } finally {
    await t.stop();
  }
});
