import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePathElements, FieldSet, keyElement, pathString, valueElement } from './field-set.ts';

const paths = (...list: string[][]) => FieldSet.fromPaths(list);

describe('FieldSet', () => {
  it('writes FieldsV1 with "." first and elements in fieldpath order', () => {
    const set = paths(
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
      ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}'],
      ['f:spec', 'f:replicas'],
      ['f:metadata', 'f:labels', 'f:b'],
      ['f:metadata', 'f:labels', 'f:a'],
    );
    const fields = set.toFieldsV1();
    assert.equal(
      JSON.stringify(fields),
      '{"f:metadata":{"f:labels":{"f:a":{},"f:b":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{},"k:{\\"name\\":\\"web\\"}":{".":{},"f:image":{}}}}}}}',
    );
    assert.ok(FieldSet.fromFieldsV1(fields).equals(set));
  });

  it('tells whether another set holds one of its paths (what difference would remove)', () => {
    const set = paths(
      ['f:status', 'f:phase'],
      ['f:status', 'f:conditions', 'k:{"type":"Ready"}', 'f:status'],
    );
    assert.equal(set.overlaps(paths(['f:status', 'f:phase'])), true);
    assert.equal(set.overlaps(paths(['f:status', 'f:conditions', 'k:{"type":"Ready"}', 'f:status'])), true);
    assert.equal(set.overlaps(paths(['f:status'])), false);
    assert.equal(set.overlaps(paths(['f:spec', 'f:replicas'], ['f:status', 'f:podIP'])), false);
    for (const other of [paths(['f:status', 'f:phase']), paths(['f:status']), paths(['f:spec'])]) {
      assert.equal(set.overlaps(other), !set.difference(other).equals(set));
    }
  });

  const orderCases: [string, string, number][] = [
    ['f:a', 'k:{"name":"a"}', -1],
    ['k:{"port":80}', 'k:{"port":443}', -1],
    ['k:{"port":80,"protocol":"TCP"}', 'k:{"port":80,"protocol":"UDP"}', -1],
    ['v:"b"', 'v:"a"', 1],
    ['i:2', 'i:10', -1],
    ['f:z', 'i:0', -1],
  ];
  for (const [a, b, sign] of orderCases) {
    it(`orders ${a} ${sign < 0 ? 'before' : 'after'} ${b}`, () => {
      assert.equal(Math.sign(comparePathElements(a, b)), sign);
    });
  }

  it('prints paths as fieldpath.Path.String()', () => {
    assert.equal(pathString(['f:spec', 'f:replicas']), '.spec.replicas');
    assert.equal(
      pathString(['f:spec', 'f:containers', keyElement({ name: 'nginx' }), 'f:image']),
      '.spec.containers[name="nginx"].image',
    );
    assert.equal(
      pathString(['f:ports', keyElement({ protocol: 'TCP', containerPort: 80 })]),
      '.ports[containerPort=80,protocol="TCP"]',
    );
    assert.equal(pathString(['f:finalizers', valueElement('a')]), '.finalizers[="a"]');
  });

  it('differs plainly or recursively', () => {
    const set = paths(['f:spec', 'f:a'], ['f:spec', 'f:b'], ['f:spec']);
    assert.deepEqual(set.difference(paths(['f:spec'])).paths(), [
      ['f:spec', 'f:a'],
      ['f:spec', 'f:b'],
    ]);
    assert.ok(set.recursiveDifference(paths(['f:spec'])).isEmpty());
    assert.deepEqual(set.intersection(paths(['f:spec', 'f:b'], ['f:status'])).paths(), [['f:spec', 'f:b']]);
  });
});
