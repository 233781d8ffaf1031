import type { Pod } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { ApiError, statusBody } from '../../api/errors.ts';
import { type AdmissionPlugin, isPodCreate } from '../admission.ts';
import { admissionForbidden } from '../forbidden.ts';

const SYSTEM_CLASSES: Record<string, number> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

/** Priority: resolves priorityClassName (or the global default class) into spec.priority. */
export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  type: 'mutating',
  handles: isPodCreate,
  admit(attributes, context) {
    const spec = (attributes.object as unknown as Pod).spec!;
    const classes = context.store.list('scheduling.k8s.io/priorityclasses') as unknown as PriorityClass[];
    let priority = 0;
    let policy = 'PreemptLowerPriority';
    const name = spec.priorityClassName;
    if (name) {
      const found = classes.find((c) => c.metadata?.name === name);
      if (found) {
        priority = found.value;
        policy = found.preemptionPolicy ?? policy;
      } else if (name in SYSTEM_CLASSES) {
        priority = SYSTEM_CLASSES[name]!;
      } else {
        throw admissionForbidden(attributes, `no PriorityClass with name ${name} was found`);
      }
    } else {
      const global = classes.find((c) => c.globalDefault);
      if (global) {
        priority = global.value;
        policy = global.preemptionPolicy ?? policy;
        spec.priorityClassName = global.metadata?.name ?? '';
      }
    }
    if (spec.priority !== undefined && spec.priority !== priority) {
      throw new ApiError(
        statusBody(
          403,
          'Forbidden',
          `pods "${attributes.name}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
        ),
      );
    }
    spec.priority = priority;
    spec.preemptionPolicy ??= policy;
  },
};
