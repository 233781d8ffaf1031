import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createDefaultProfile,
  createDefaultRegistry,
  DEFAULT_PROFILE_CONFIG,
} from '../plugins/default-registry.ts';
import type { FilterPlugin } from './interfaces.ts';
import { buildProfile, PluginRegistry } from './registry.ts';
import { SUCCESS } from './status.ts';

const noop = (name: string): FilterPlugin => ({ name, filter: () => SUCCESS });

describe('PluginRegistry', () => {
  it('rejects empty and duplicate names', () => {
    const registry = new PluginRegistry().register('A', () => noop('A'));
    assert.throws(() => registry.register('', () => noop('')), /non-empty name/);
    assert.throws(() => registry.register('  ', () => noop('')), /non-empty name/);
    assert.throws(() => registry.register('A', () => noop('A')), /a plugin named A already exists/);
  });

  it('rejects unknown plugins, plugins enabled twice and bad weights', () => {
    const registry = new PluginRegistry().register('A', () => noop('A'));
    assert.throws(
      () => buildProfile({ schedulerName: 's', plugins: [{ name: 'B' }] }, registry),
      /"B" does not exist/,
    );
    assert.throws(
      () => buildProfile({ schedulerName: 's', plugins: [{ name: 'A' }, { name: 'A' }] }, registry),
      /enabled more than once/,
    );
    const scoring = new PluginRegistry().register('S', () => ({ name: 'S', score: () => 0 }));
    assert.throws(
      () => buildProfile({ schedulerName: 's', plugins: [{ name: 'S', weight: 0 }] }, scoring),
      /weight/,
    );
  });

  it('registers every default plugin', () => {
    const registry = createDefaultRegistry();
    for (const { name } of DEFAULT_PROFILE_CONFIG.plugins) assert.ok(registry.has(name), name);
  });
});

describe('default profile', () => {
  const profile = createDefaultProfile();

  it('runs filters in upstream order', () => {
    assert.deepEqual(
      profile.filter.map((plugin) => plugin.name),
      [
        'NodeUnschedulable',
        'NodeName',
        'TaintToleration',
        'NodeAffinity',
        'NodePorts',
        'NodeResourcesFit',
        'VolumeBinding',
        'PodTopologySpread',
        'InterPodAffinity',
      ],
    );
    assert.deepEqual(
      profile.postFilter.map((plugin) => plugin.name),
      ['DefaultPreemption'],
    );
  });

  it('uses upstream score weights', () => {
    assert.deepEqual(
      profile.score.map(({ plugin, weight }) => [plugin.name, weight]),
      [
        ['TaintToleration', 3],
        ['NodeAffinity', 2],
        ['NodeResourcesFit', 1],
        ['PodTopologySpread', 2],
        ['InterPodAffinity', 2],
        ['NodeResourcesBalancedAllocation', 1],
      ],
    );
    assert.equal(profile.schedulerName, 'default-scheduler');
    assert.equal(profile.percentageOfNodesToScore, 0);
  });
});
