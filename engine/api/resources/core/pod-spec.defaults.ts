import type { Container, PodSpec, Probe } from 'kubernetes-types/core/v1';

/** API defaulting of a PodSpec (pods and every pod template), as pkg/apis/core/v1/defaults.go. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const container of spec.containers ?? []) defaultContainer(container);
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap) volume.configMap.defaultMode ??= 420;
    if (volume.secret) volume.secret.defaultMode ??= 420;
    if (volume.projected) volume.projected.defaultMode ??= 420;
    if (volume.hostPath) volume.hostPath.type ??= '';
  }
}

/**
 * The defaults only a Pod gets, not a pod template (SetDefaults_Pod): enableServiceLinks, and
 * requests copied from limits where a container sets limits only.
 */
export function defaultPodOnlyFields(spec: PodSpec): void {
  spec.enableServiceLinks ??= true;
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const resources = container.resources;
    if (!resources?.limits) continue;
    const merged = { ...(resources.requests ?? {}) };
    for (const [name, value] of Object.entries(resources.limits)) merged[name] ??= value;
    resources.requests = merged;
  }
}

function defaultContainer(container: Container): void {
  container.imagePullPolicy ??= defaultPullPolicy(container.image);
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
    if (probe) defaultProbe(probe);
  }
}

/** `Always` for `:latest` or untagged images, else `IfNotPresent` (digests count as tags). */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe): void {
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (probe.httpGet) {
    probe.httpGet.path ??= '/';
    probe.httpGet.scheme ??= 'HTTP';
  }
}
