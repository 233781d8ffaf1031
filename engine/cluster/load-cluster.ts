import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FixtureError, parseYamlDocuments, validateDocument } from '../util/yaml-schema.ts';
import { type ClusterFixture, ClusterSchema } from './cluster.schema.ts';

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
  const documents = parseYamlDocuments(readFileSync(file, 'utf8'), file);
  const first = documents[0];
  if (!first) throw new FixtureError(file, undefined, '', 'no cluster document in file');
  validateDocument(ClusterSchema, first, file);
  const cluster = first.value as ClusterFixture;
  const names = new Set<string>();
  cluster.spec.nodes.forEach((node, index) => {
    if (names.has(node.name))
      throw new FixtureError(
        file,
        undefined,
        `spec.nodes[${index}].name`,
        `duplicate node name "${node.name}"`,
      );
    names.add(node.name);
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
