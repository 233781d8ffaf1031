import { resolve } from 'node:path';
import { readManifestFile } from '../harness/manifests/manifests.ts';
import { defineStep } from './support/step-registry.ts';
import type { KukeWorld } from './world.ts';

const domain = 'Manifests';

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I apply the manifest:',
    example: 'When I apply the manifest:\n  """yaml\n  apiVersion: v1\n  kind: Pod\n  ...\n  """',
    description:
      'Applies every object of the YAML doc string (server-side apply), like `kubectl apply -f`. `${namespace}` is the scenario namespace.',
  },
  async function (this: KukeWorld, manifest: string) {
    await this.apply(manifest, this.docSource());
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I apply the manifest {string}',
    example: 'When I apply the manifest "fixtures/manifests/web-deployment.yaml"',
    description: 'Applies a manifest file (relative to the project root).',
  },
  async function (this: KukeWorld, path: string) {
    const { text, source } = readManifestFile(resolve(path));
    await this.apply(text, source);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I create the manifest:',
    example: 'When I create the manifest:\n  """yaml\n  ...\n  """',
    description:
      'Creates every object of the doc string (POST), like `kubectl create -f`; fails the step if the API refuses.',
  },
  async function (this: KukeWorld, manifest: string) {
    await this.create(manifest, this.docSource());
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I try to create the manifest:',
    example: 'When I try to create the manifest:\n  """yaml\n  ...\n  """',
    description: 'Creates the objects but expects a refusal: check it with "the request is refused with …".',
  },
  async function (this: KukeWorld, manifest: string) {
    await this.attempt(() => this.create(manifest, this.docSource()));
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I create the manifest {string}',
    example: 'When I create the manifest "fixtures/manifests/settings-configmap.yaml"',
    description:
      'Creates every object of a manifest file (relative to the project root), like `kubectl create -f`.',
  },
  async function (this: KukeWorld, path: string) {
    const { text, source } = readManifestFile(resolve(path));
    await this.create(text, source);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I replace the manifest {string}',
    example: 'When I replace the manifest "fixtures/manifests/settings-configmap-green.yaml"',
    description:
      'Replaces every object of a manifest file with a PUT of the whole object, like `kubectl replace -f`.',
  },
  async function (this: KukeWorld, path: string) {
    const { text, source } = readManifestFile(resolve(path));
    await this.replace(text, source);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I patch {word} {string} with the file {string}',
    example: 'When I patch deployment "web" with the file "fixtures/manifests/web-replicas-patch.yaml"',
    description:
      'Applies a file (YAML or JSON) to the object as a strategic merge patch, like `kubectl patch --patch-file`.',
  },
  async function (this: KukeWorld, kind: string, name: string, path: string) {
    const { text, source } = readManifestFile(resolve(path));
    await this.patch(kind, name, text, source);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I delete the manifest {string}',
    example: 'When I delete the manifest "fixtures/manifests/web-deployment.yaml"',
    description: 'Deletes every object of a manifest file, like `kubectl delete -f`.',
  },
  async function (this: KukeWorld, path: string) {
    const { text, source } = readManifestFile(resolve(path));
    await this.deleteManifest(text, source);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I delete {word} {string}',
    example: 'When I delete pod "web"',
    description:
      'Deletes an object by kind (singular, plural or short name) and name in the scenario namespace.',
  },
  async function (this: KukeWorld, kind: string, name: string) {
    await this.delete(kind, name);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I try to delete {word} {string}',
    example: 'When I try to delete pod "web"',
    description: 'Deletes an object but expects a refusal (check it with "the request is refused with …").',
  },
  async function (this: KukeWorld, kind: string, name: string) {
    await this.attempt(() => this.delete(kind, name));
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I replace the manifest:',
    example: 'When I replace the manifest:\n  """yaml\n  ...\n  """',
    description:
      'Replaces every object of the doc string (PUT of the whole object), like `kubectl replace -f`.',
  },
  async function (this: KukeWorld, manifest: string) {
    await this.replace(manifest, this.docSource());
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I patch {word} {string} with:',
    example: 'When I patch deployment "web" with:\n  """yaml\n  spec:\n    replicas: 5\n  """',
    description:
      'Applies the doc string (YAML or JSON) to the object as a strategic merge patch, like `kubectl patch`.',
  },
  async function (this: KukeWorld, kind: string, name: string, patch: string) {
    await this.patch(kind, name, patch, this.docSource());
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I label {word} {string} with {string}',
    example: 'When I label pod "web" with "tier=db"',
    description:
      'Sets labels (`key=value`) or removes them (`key-`), several separated by spaces or commas, like `kubectl label --overwrite`.',
  },
  async function (this: KukeWorld, kind: string, name: string, changes: string) {
    await this.setMetadata('labels', kind, name, changes);
  },
);

defineStep(
  {
    domain,
    keyword: 'When',
    pattern: 'I annotate {word} {string} with {string}',
    example: 'When I annotate deployment "web" with "owner=team-a"',
    description:
      'Sets annotations (`key=value`) or removes them (`key-`), several separated by spaces or commas, like `kubectl annotate --overwrite`.',
  },
  async function (this: KukeWorld, kind: string, name: string, changes: string) {
    await this.setMetadata('annotations', kind, name, changes);
  },
);
