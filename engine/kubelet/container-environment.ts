import type { ConfigMap, Container, EnvVar, Pod, Secret, Volume } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';

/** Reads ConfigMaps and Secrets of the pod's namespace, as the kubelet's managers do. */
export interface ObjectSource {
  get(resource: '/configmaps' | '/secrets', namespace: string, name: string): KubeObject | undefined;
}

/** The container's environment: literal values, ConfigMap/Secret keys and pod fields (envFrom too). */
export function containerEnvironment(
  pod: Pod,
  container: Container,
  source: ObjectSource,
): Record<string, string> {
  const namespace = pod.metadata?.namespace ?? '';
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = source.get('/configmaps', namespace, from.configMapRef.name ?? '') as unknown as
        | ConfigMap
        | undefined;
      for (const [key, value] of Object.entries(cm?.data ?? {})) env[prefix + key] = value;
    }
    if (from.secretRef) {
      const secret = source.get('/secrets', namespace, from.secretRef.name ?? '') as unknown as
        | Secret
        | undefined;
      for (const [key, value] of Object.entries(secret?.data ?? {})) env[prefix + key] = decode(value);
    }
  }
  for (const variable of container.env ?? []) {
    const value = envValue(pod, variable, source);
    if (value !== undefined) env[variable.name] = expand(value, env);
  }
  return env;
}

function envValue(pod: Pod, variable: EnvVar, source: ObjectSource): string | undefined {
  if (variable.value !== undefined) return variable.value;
  const from = variable.valueFrom;
  const namespace = pod.metadata?.namespace ?? '';
  if (from?.configMapKeyRef) {
    const cm = source.get('/configmaps', namespace, from.configMapKeyRef.name ?? '') as unknown as
      | ConfigMap
      | undefined;
    return cm?.data?.[from.configMapKeyRef.key];
  }
  if (from?.secretKeyRef) {
    const secret = source.get('/secrets', namespace, from.secretKeyRef.name ?? '') as unknown as
      | Secret
      | undefined;
    const raw = secret?.data?.[from.secretKeyRef.key];
    return raw === undefined ? undefined : decode(raw);
  }
  if (from?.fieldRef) return podField(pod, from.fieldRef.fieldPath);
  return undefined;
}

/** Values of the downward API's fieldRef paths. */
export function podField(pod: Pod, path: string): string | undefined {
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return pod.metadata?.labels?.[label[1]!];
  const annotation = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (annotation) return pod.metadata?.annotations?.[annotation[1]!];
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name;
    case 'metadata.namespace':
      return pod.metadata?.namespace;
    case 'metadata.uid':
      return pod.metadata?.uid;
    case 'metadata.labels':
      return formatMap(pod.metadata?.labels);
    case 'metadata.annotations':
      return formatMap(pod.metadata?.annotations);
    case 'spec.nodeName':
      return pod.spec?.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName;
    case 'status.podIP':
      return pod.status?.podIP;
    case 'status.hostIP':
      return pod.status?.hostIP;
    default:
      return undefined;
  }
}

function formatMap(map: Record<string, string> | undefined): string {
  return Object.keys(map ?? {})
    .sort()
    .map((key) => `${key}="${map![key]}"`)
    .join('\n');
}

/** $(VAR) references to earlier variables, as the kubelet expands them. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && env[name] !== undefined ? env[name]! : match;
  });
}

function decode(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8');
}

/** Files a container sees under its volume mounts: ConfigMap, Secret, downward API and token volumes. */
export function mountedFiles(pod: Pod, container: Container, source: ObjectSource): Map<string, string> {
  const files = new Map<string, string>();
  const namespace = pod.metadata?.namespace ?? '';
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.get(mount.name);
    if (!volume) continue;
    const base = mount.mountPath.replace(/\/+$/, '');
    for (const [path, content] of volumeFiles(pod, volume, namespace, source)) {
      if (mount.subPath) {
        if (path === mount.subPath) files.set(base, content);
        continue;
      }
      files.set(`${base}/${path}`, content);
    }
  }
  return files;
}

function volumeFiles(
  pod: Pod,
  volume: Volume,
  namespace: string,
  source: ObjectSource,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const fromData = (
    data: Record<string, string>,
    items: Array<{ key: string; path: string }> | undefined,
  ) => {
    if (items?.length) {
      for (const item of items) if (data[item.key] !== undefined) out.push([item.path, data[item.key]!]);
    } else {
      for (const [key, value] of Object.entries(data)) out.push([key, value]);
    }
  };
  if (volume.configMap) {
    const cm = source.get('/configmaps', namespace, volume.configMap.name ?? '') as unknown as
      | ConfigMap
      | undefined;
    fromData(cm?.data ?? {}, volume.configMap.items);
  }
  if (volume.secret) {
    const secret = source.get('/secrets', namespace, volume.secret.secretName ?? '') as unknown as
      | Secret
      | undefined;
    const decoded = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, decode(v)]));
    fromData(decoded, volume.secret.items);
  }
  if (volume.downwardAPI) {
    for (const item of volume.downwardAPI.items ?? []) {
      const value = item.fieldRef ? podField(pod, item.fieldRef.fieldPath) : undefined;
      if (value !== undefined) out.push([item.path, value]);
    }
  }
  for (const projection of volume.projected?.sources ?? []) {
    if (projection.serviceAccountToken)
      out.push([projection.serviceAccountToken.path, 'kuke-projected-service-account-token']);
    if (projection.configMap) {
      const cm = source.get('/configmaps', namespace, projection.configMap.name ?? '') as unknown as
        | ConfigMap
        | undefined;
      fromData(cm?.data ?? {}, projection.configMap.items);
    }
    for (const item of projection.downwardAPI?.items ?? []) {
      const value = item.fieldRef ? podField(pod, item.fieldRef.fieldPath) : undefined;
      if (value !== undefined) out.push([item.path, value]);
    }
  }
  return out;
}

/**
 * Why the kubelet cannot build the container's environment (CreateContainerConfigError):
 * a ConfigMap or Secret it names is missing, or lacks the key, and the reference is not optional.
 */
export function containerConfigError(
  pod: Pod,
  container: Container,
  source: ObjectSource,
): string | undefined {
  const namespace = pod.metadata?.namespace ?? '';
  const configMap = (name: string) =>
    source.get('/configmaps', namespace, name) as unknown as ConfigMap | undefined;
  const secret = (name: string) => source.get('/secrets', namespace, name) as unknown as Secret | undefined;
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef && !from.configMapRef.optional && !configMap(from.configMapRef.name ?? '')) {
      return `configmap "${from.configMapRef.name}" not found`;
    }
    if (from.secretRef && !from.secretRef.optional && !secret(from.secretRef.name ?? '')) {
      return `secret "${from.secretRef.name}" not found`;
    }
  }
  for (const variable of container.env ?? []) {
    const cmRef = variable.valueFrom?.configMapKeyRef;
    if (cmRef && !cmRef.optional) {
      const cm = configMap(cmRef.name ?? '');
      if (!cm) return `configmap "${cmRef.name}" not found`;
      if (cm.data?.[cmRef.key] === undefined && cm.binaryData?.[cmRef.key] === undefined) {
        return `couldn't find key ${cmRef.key} in ConfigMap ${namespace}/${cmRef.name}`;
      }
    }
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (secretRef && !secretRef.optional) {
      const s = secret(secretRef.name ?? '');
      if (!s) return `secret "${secretRef.name}" not found`;
      if (s.data?.[secretRef.key] === undefined && s.stringData?.[secretRef.key] === undefined) {
        return `couldn't find key ${secretRef.key} in Secret ${namespace}/${secretRef.name}`;
      }
    }
  }
  return undefined;
}

/** The first volume the kubelet cannot set up, with the FailedMount message; undefined when all mount. */
export function volumeMountError(pod: Pod, source: ObjectSource): string | undefined {
  const namespace = pod.metadata?.namespace ?? '';
  for (const volume of pod.spec?.volumes ?? []) {
    let problem: string | undefined;
    const cm = volume.configMap;
    if (cm && !cm.optional && !source.get('/configmaps', namespace, cm.name ?? '')) {
      problem = `configmap "${cm.name}" not found`;
    }
    const secret = volume.secret;
    if (secret && !secret.optional && !source.get('/secrets', namespace, secret.secretName ?? '')) {
      problem = `secret "${secret.secretName}" not found`;
    }
    for (const projection of volume.projected?.sources ?? []) {
      const pcm = projection.configMap;
      if (!problem && pcm && !pcm.optional && !source.get('/configmaps', namespace, pcm.name ?? '')) {
        problem = `configmap "${pcm.name}" not found`;
      }
      const ps = projection.secret;
      if (!problem && ps && !ps.optional && !source.get('/secrets', namespace, ps.name ?? '')) {
        problem = `secret "${ps.name}" not found`;
      }
    }
    if (problem) return `MountVolume.SetUp failed for volume "${volume.name}" : ${problem}`;
  }
  return undefined;
}
