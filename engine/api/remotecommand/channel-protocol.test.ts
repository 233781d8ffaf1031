import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ChannelProtocol,
  decodeFrame,
  encodeFrame,
  negotiateChannelProtocol,
  offeredProtocols,
  STREAM_CLOSE,
} from './channel-protocol.ts';

const V5: ChannelProtocol = { name: 'v5.channel.k8s.io', encoding: 'binary', dialect: 'translator' };
const V4: ChannelProtocol = { name: 'v4.channel.k8s.io', encoding: 'binary', dialect: 'kubelet-v4' };
const V4_BASE64: ChannelProtocol = {
  name: 'v4.base64.channel.k8s.io',
  encoding: 'base64',
  dialect: 'kubelet-v4',
};

describe('channel protocol negotiation', () => {
  const cases: Array<{ offered: string[]; expected: ChannelProtocol | undefined }> = [
    // kubectl 1.32 offers v5 only; the API server's translator serves it.
    { offered: ['v5.channel.k8s.io'], expected: V5 },
    { offered: ['v4.channel.k8s.io', 'v5.channel.k8s.io'], expected: V5 },
    // Without v5 the request goes to the kubelet, which takes the client's first known protocol.
    { offered: ['v4.channel.k8s.io', 'channel.k8s.io'], expected: V4 },
    { offered: ['v4.base64.channel.k8s.io'], expected: V4_BASE64 },
    {
      offered: ['x.example', 'base64.channel.k8s.io'],
      expected: { ...V4_BASE64, name: 'base64.channel.k8s.io', dialect: 'kubelet-v1' },
    },
    {
      offered: ['channel.k8s.io'],
      expected: { name: 'channel.k8s.io', encoding: 'binary', dialect: 'kubelet-v1' },
    },
    { offered: [], expected: { name: '', encoding: 'binary', dialect: 'kubelet-v1' } },
    { offered: ['v3.channel.k8s.io'], expected: undefined },
  ];
  for (const { offered, expected } of cases) {
    test(`[${offered.join(', ')}]`, () => {
      assert.deepEqual(negotiateChannelProtocol(offered), expected);
    });
  }

  test('the offered subprotocols come from one or several Sec-WebSocket-Protocol headers', () => {
    assert.deepEqual(offeredProtocols('v5.channel.k8s.io, v4.channel.k8s.io'), [
      'v5.channel.k8s.io',
      'v4.channel.k8s.io',
    ]);
    assert.deepEqual(offeredProtocols(['a', 'b,c']), ['a', 'b', 'c']);
    assert.deepEqual(offeredProtocols(undefined), []);
  });
});

describe('channel frames', () => {
  test('binary frames start with the channel byte', () => {
    assert.deepEqual(
      encodeFrame(V5, 1, Buffer.from('hello\n')),
      Uint8Array.from([1, ...Buffer.from('hello\n')]),
    );
    assert.deepEqual(encodeFrame(V5, 1, new Uint8Array(0)), Uint8Array.from([1]));
  });

  test('base64 frames start with the channel digit (wsstream example: "\\n" on stdout is "1Cg==")', () => {
    assert.equal(encodeFrame(V4_BASE64, 1, Buffer.from('\n')), '1Cg==');
    assert.equal(encodeFrame(V4_BASE64, 3, Buffer.from('{}')), '3e30=');
  });

  test('client frames: data on a channel, v5 CLOSE of one channel, empty messages ignored', () => {
    assert.deepEqual(decodeFrame(V5, Uint8Array.from([0, 102, 111, 111, 10])), {
      kind: 'data',
      channel: 0,
      data: Uint8Array.from(Buffer.from('foo\n')),
    });
    assert.deepEqual(decodeFrame(V5, Uint8Array.from([STREAM_CLOSE, 0])), { kind: 'close', channel: 0 });
    assert.equal(decodeFrame(V5, Uint8Array.from([STREAM_CLOSE, 0, 1])), undefined);
    assert.equal(decodeFrame(V5, new Uint8Array(0)), undefined);
    // Before v5, 255 is just a channel nobody reads.
    assert.deepEqual(decodeFrame(V4, Uint8Array.from([STREAM_CLOSE, 0])), {
      kind: 'data',
      channel: STREAM_CLOSE,
      data: Uint8Array.from([0]),
    });
  });

  test('base64 client frames decode (wsstream example: "0Zm9vCgo=" is "foo\\n\\n" on stdin)', () => {
    const frame = decodeFrame(V4_BASE64, Buffer.from('0Zm9vCgo='));
    assert.deepEqual(frame && { ...frame, data: Buffer.from(frame.kind === 'data' ? frame.data : []) }, {
      kind: 'data',
      channel: 0,
      data: Buffer.from('foo\n\n'),
    });
  });
});
