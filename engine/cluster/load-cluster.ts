import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tryParseQuantity } from '../api/quantity.ts';
import { EvictionConfigError, evictionConfig } from '../kubelet/eviction/thresholds.ts';
import {
  type FieldPath,
  FixtureError,
  formatFieldPath,
  lineOf,
  parseYamlDocuments,
  validateDocument,
} from '../util/yaml-schema.ts';
import { type ClusterFixture, ClusterSchema } from './cluster.schema.ts';
import { expandNodes } from './node-objects.ts';

/** kuke's own fixtures directory. */
export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures');
export const CLUSTERS_DIR = join(FIXTURES_DIR, 'clusters');
export const DEFAULT_CLUSTER = 'minikube';

/**
 * A cluster fixture by name (`minikube` → fixtures/clusters/minikube.yaml) or by file path,
 * validated, with errors naming the file, line and field.
 */
export function loadCluster(
  nameOrFile: string = DEFAULT_CLUSTER,
  searchDirs: readonly string[] = [CLUSTERS_DIR],
): ClusterFixture {
  const file = resolveClusterFile(nameOrFile, searchDirs);
  return parseClusterText(readFileSync(file, 'utf8'), file);
}

/**
 * A cluster fixture from YAML text. Errors name `file`; with `lineOffset`, their lines are
 * shifted (for text wrapped around a feature file's doc string).
 */
export function parseClusterText(text: string, file: string, lineOffset = 0): ClusterFixture {
  try {
    return parseCluster(text, file);
  } catch (error) {
    if (error instanceof FixtureError && lineOffset !== 0 && error.line !== undefined) {
      throw new FixtureError(file, error.line + lineOffset, error.fieldPath, error.problem);
    }
    throw error;
  }
}

function parseCluster(text: string, file: string): ClusterFixture {
  const documents = parseYamlDocuments(text, file);
  const first = documents[0];
  if (!first) throw new FixtureError(file, undefined, '', 'no cluster document in file');
  validateDocument(ClusterSchema, first, file);
  const cluster = first.value as ClusterFixture;
  const names = new Set<string>();
  const at = (path: FieldPath) => lineOf(first.doc, first.lines, path);
  cluster.spec.nodes.forEach((node, index) => {
    if (node.zone !== undefined && node.zones !== undefined) {
      const path = ['spec', 'nodes', index, 'zones'];
      throw new FixtureError(file, at(path), formatFieldPath(path), 'zone and zones are mutually exclusive');
    }
    for (const { name } of expandNodes({ ...cluster, spec: { ...cluster.spec, nodes: [node] } })) {
      if (names.has(name)) {
        const path = ['spec', 'nodes', index, 'name'];
        throw new FixtureError(file, at(path), formatFieldPath(path), `duplicate node name "${name}"`);
      }
      names.add(name);
    }
    for (const [field, values] of [
      ['capacity', node.capacity],
      ['allocatable', node.allocatable ?? {}],
    ] as const) {
      for (const [resource, quantity] of Object.entries(values)) {
        if (tryParseQuantity(quantity) !== undefined) continue;
        const path = ['spec', 'nodes', index, field, resource];
        throw new FixtureError(file, at(path), formatFieldPath(path), `invalid quantity "${quantity}"`);
      }
    }
    try {
      evictionConfig(node.kubelet);
    } catch (error) {
      if (!(error instanceof EvictionConfigError)) throw error;
      const path = ['spec', 'nodes', index, 'kubelet', ...error.path];
      throw new FixtureError(file, at(path), formatFieldPath(path), error.problem);
    }
  });
  return cluster;
}

function resolveClusterFile(nameOrFile: string, searchDirs: readonly string[]): string {
  if (nameOrFile.includes('/') || nameOrFile.endsWith('.yaml') || nameOrFile.endsWith('.yml')) {
    const file = resolve(nameOrFile);
    if (!existsSync(file)) throw new Error(`cluster file not found: ${file}`);
    return file;
  }
  for (const dir of [...searchDirs].reverse()) {
    for (const ext of ['.yaml', '.yml']) {
      const file = join(dir, `${nameOrFile}${ext}`);
      if (existsSync(file)) return file;
    }
  }
  throw new Error(`unknown cluster "${nameOrFile}": no ${nameOrFile}.yaml in ${searchDirs.join(', ')}`);
}
