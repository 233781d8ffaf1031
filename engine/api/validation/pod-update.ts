import type { Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import type { FieldError } from '../errors.ts';

const MAX_INT32 = 2_147_483_647;

/** The fields a pod update may change (validation.go updatablePodSpecFieldsNoResources, joined with ","). */
export const POD_UPDATE_FORBIDDEN_PREFIX =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/**
 * ValidatePodUpdate (pkg/apis/core/validation, 1.32 with InPlacePodVerticalScaling off): only the
 * images, activeDeadlineSeconds (down, never back to nil), added tolerations (or a changed
 * tolerationSeconds) and a negative terminationGracePeriodSeconds raised to 1 may change; anything
 * else is `spec: Forbidden: pod updates may not change fields other than …` and a diff.
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const spec = pod.spec ?? ({ containers: [] } as PodSpec);
  const oldSpec = old.spec ?? ({ containers: [] } as PodSpec);
  const errors: FieldError[] = [];

  const deadline = spec.activeDeadlineSeconds;
  const oldDeadline = oldSpec.activeDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) {
    if (deadline < 0 || deadline > MAX_INT32) {
      return [
        {
          type: 'FieldValueInvalid',
          field: 'spec.activeDeadlineSeconds',
          value: deadline,
          detail: `must be between 0 and ${MAX_INT32}, inclusive`,
        },
      ];
    }
    if (oldDeadline !== undefined && oldDeadline !== null && oldDeadline < deadline) {
      return [
        {
          type: 'FieldValueInvalid',
          field: 'spec.activeDeadlineSeconds',
          value: deadline,
          detail: 'must be less than or equal to previous value',
        },
      ];
    }
  } else if (oldDeadline !== undefined && oldDeadline !== null) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.activeDeadlineSeconds',
      value: null,
      detail: 'must not update from a positive integer to nil value',
    });
  }

  for (const [list, oldList, path] of [
    [spec.containers ?? [], oldSpec.containers ?? [], 'spec.containers'],
    [spec.initContainers ?? [], oldSpec.initContainers ?? [], 'spec.initContainers'],
  ] as const) {
    if (list.length !== oldList.length) {
      // ValidateContainerUpdates stops here: nothing else is checked.
      return [
        ...errors,
        { type: 'FieldValueForbidden', field: path, detail: 'pod updates may not add or remove containers' },
      ];
    }
    list.forEach((container, i) => {
      const image = container.image ?? '';
      if (image === '') errors.push({ type: 'FieldValueRequired', field: `${path}[${i}].image` });
      else if (image.trim() !== image) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}[${i}].image`,
          value: image,
          detail: 'must not have leading or trailing whitespace',
        });
      }
    });
  }

  errors.push(...validateOnlyAddedTolerations(spec.tolerations ?? [], oldSpec.tolerations ?? []));
  if (canonical(spec) === canonical(oldSpec)) return errors;

  // The spec with every field an update may change put back as it was: what is left differs.
  const munged: PodSpec = {
    ...spec,
    containers: (spec.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers[i]?.image })),
    tolerations: oldSpec.tolerations,
    activeDeadlineSeconds: oldSpec.activeDeadlineSeconds,
  } as PodSpec;
  if (spec.initContainers) {
    munged.initContainers = spec.initContainers.map((c, i) => ({
      ...c,
      image: oldSpec.initContainers?.[i]?.image,
    })) as NonNullable<PodSpec['initContainers']>;
  }
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace !== null && oldGrace < 0) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  for (const key of Object.keys(munged) as Array<keyof PodSpec>) {
    if (munged[key] === undefined) delete munged[key];
  }
  if (canonical(munged) !== canonical(oldSpec)) {
    errors.push({
      type: 'FieldValueForbidden',
      field: 'spec',
      detail: `${POD_UPDATE_FORBIDDEN_PREFIX}\n${podSpecDiff(oldSpec, munged)}`,
    });
  }
  return errors;
}

/** validateOnlyAddedTolerations: every old toleration must still be there, tolerationSeconds aside. */
function validateOnlyAddedTolerations(tolerations: Toleration[], old: Toleration[]): FieldError[] {
  for (const before of old) {
    const kept = tolerations.some(
      (t) => canonical({ ...before, tolerationSeconds: t.tolerationSeconds }) === canonical(t),
    );
    if (!kept) {
      return [
        {
          type: 'FieldValueForbidden',
          field: 'spec.tolerations',
          detail: 'existing toleration can not be modified except its tolerationSeconds',
        },
      ];
    }
  }
  return [];
}

/** The v1 PodSpec fields in declaration order, with the Go names cmp prints. */
const POD_SPEC_FIELDS: Array<[keyof PodSpec | 'serviceAccount', string]> = [
  ['volumes', 'Volumes'],
  ['initContainers', 'InitContainers'],
  ['containers', 'Containers'],
  ['ephemeralContainers', 'EphemeralContainers'],
  ['restartPolicy', 'RestartPolicy'],
  ['terminationGracePeriodSeconds', 'TerminationGracePeriodSeconds'],
  ['activeDeadlineSeconds', 'ActiveDeadlineSeconds'],
  ['dnsPolicy', 'DNSPolicy'],
  ['nodeSelector', 'NodeSelector'],
  ['serviceAccountName', 'ServiceAccountName'],
  ['serviceAccount', 'DeprecatedServiceAccount'],
  ['automountServiceAccountToken', 'AutomountServiceAccountToken'],
  ['nodeName', 'NodeName'],
  ['hostNetwork', 'HostNetwork'],
  ['hostPID', 'HostPID'],
  ['hostIPC', 'HostIPC'],
  ['shareProcessNamespace', 'ShareProcessNamespace'],
  ['securityContext', 'SecurityContext'],
  ['imagePullSecrets', 'ImagePullSecrets'],
  ['hostname', 'Hostname'],
  ['subdomain', 'Subdomain'],
  ['affinity', 'Affinity'],
  ['schedulerName', 'SchedulerName'],
  ['tolerations', 'Tolerations'],
  ['hostAliases', 'HostAliases'],
  ['priorityClassName', 'PriorityClassName'],
  ['priority', 'Priority'],
  ['dnsConfig', 'DNSConfig'],
  ['readinessGates', 'ReadinessGates'],
  ['runtimeClassName', 'RuntimeClassName'],
  ['enableServiceLinks', 'EnableServiceLinks'],
  ['preemptionPolicy', 'PreemptionPolicy'],
  ['overhead', 'Overhead'],
  ['topologySpreadConstraints', 'TopologySpreadConstraints'],
  ['setHostnameAsFQDN', 'SetHostnameAsFQDN'],
  ['os', 'OS'],
  ['hostUsers', 'HostUsers'],
  ['schedulingGates', 'SchedulingGates'],
  ['resourceClaims', 'ResourceClaims'],
];

const POINTER_FIELDS = new Set([
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'automountServiceAccountToken',
  'shareProcessNamespace',
  'priority',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'setHostnameAsFQDN',
  'hostUsers',
]);

/**
 * The diff after the Forbidden message, shaped like go-cmp's cmp.Diff(old, new) of the spec: the
 * changed fields as `-`/`+` lines between runs of `... // N identical fields`. It differs from
 * upstream in three ways: it walks the v1 PodSpec rather than the internal core.PodSpec (whose
 * host namespaces sit in SecurityContext), it does not descend into a changed field (upstream
 * shows the changed element of a container list), and values print as JSON rather than Go syntax.
 */
export function podSpecDiff(old: PodSpec, changed: PodSpec): string {
  const lines = ['  core.PodSpec{'];
  let identical = 0;
  const flush = () => {
    if (identical > 0) lines.push(`  \t... // ${identical} identical field${identical === 1 ? '' : 's'}`);
    identical = 0;
  };
  for (const [key, goName] of POD_SPEC_FIELDS) {
    const before = (old as unknown as Record<string, unknown>)[key];
    const after = (changed as unknown as Record<string, unknown>)[key];
    if (canonical(before) === canonical(after)) {
      identical++;
      continue;
    }
    flush();
    const pointer = POINTER_FIELDS.has(key);
    if (before !== undefined) lines.push(`- \t${goName}: ${goValue(before, pointer)},`);
    if (after !== undefined) lines.push(`+ \t${goName}: ${goValue(after, pointer)},`);
    if (before === undefined) lines.splice(lines.length - 1, 0, `- \t${goName}: nil,`);
    if (after === undefined) lines.push(`+ \t${goName}: nil,`);
  }
  flush();
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

function goValue(value: unknown, pointer: boolean): string {
  const text = JSON.stringify(value);
  return pointer && (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    ? `&${text}`
    : text;
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
