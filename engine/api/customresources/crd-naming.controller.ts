/**
 * The naming controller of apiextensions-apiserver (pkg/controller/status/naming_controller.go):
 * accepts a CRD's requested names unless another CRD of its group already uses them, records the
 * accepted names and the NamesAccepted condition, and starts Established at False ("Installing")
 * for the establishing controller to finish.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
} from 'kubernetes-types/apiextensions/v1';
import type { Controller, ControllerContext } from '../../controllers/runtime/controller.ts';
import type { WorkQueue } from '../../controllers/runtime/work-queue.ts';
import { asCrd, asObject, CRD_STORAGE_KEY, findCondition, sameCondition, withCondition } from './crd.ts';

type Condition = Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>;

/** equalToAcceptedOrFresh: a name may stay what was accepted, or take one nobody uses. */
function nameProblem(
  requested: string | undefined,
  accepted: string | undefined,
  used: Set<string>,
): string | undefined {
  if ((requested ?? '') === (accepted ?? '')) return undefined;
  if (!used.has(requested ?? '')) return undefined;
  return `${JSON.stringify(requested ?? '')} is already in use`;
}

/** getAcceptedNamesForGroup: the resource names and kinds the group's CRDs have been given. */
function namesInGroup(crds: readonly CustomResourceDefinition[], group: string) {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const crd of crds) {
    if (crd.spec?.group !== group) continue;
    const accepted = crd.status?.acceptedNames;
    resources.add(accepted?.plural ?? '');
    resources.add(accepted?.singular ?? '');
    for (const shortName of accepted?.shortNames ?? []) resources.add(shortName);
    kinds.add(accepted?.kind ?? '');
    kinds.add(accepted?.listKind ?? '');
  }
  return { resources, kinds };
}

/** calculateNamesAndConditions. */
export function calculateNamesAndConditions(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
): { names: CustomResourceDefinitionNames; namesAccepted: Condition; established: Condition } {
  const { resources, kinds } = namesInGroup(all, crd.spec.group);
  const requested = crd.spec.names;
  const accepted = crd.status?.acceptedNames ?? ({ plural: '', kind: '' } as CustomResourceDefinitionNames);
  const names: CustomResourceDefinitionNames = { ...accepted };
  let namesAccepted: Condition = { type: 'NamesAccepted', status: 'Unknown' };
  const conflict = (reason: string, message: string) => {
    namesAccepted = { type: 'NamesAccepted', status: 'False', reason, message };
  };
  const plural = nameProblem(requested.plural, accepted.plural, resources);
  if (plural) conflict('PluralConflict', plural);
  else names.plural = requested.plural;
  const singular = nameProblem(requested.singular, accepted.singular, resources);
  if (singular) conflict('SingularConflict', singular);
  else if (requested.singular !== undefined) names.singular = requested.singular;
  if (!isDeepStrictEqual(requested.shortNames, accepted.shortNames)) {
    const existing = new Set(accepted.shortNames ?? []);
    const problems = (requested.shortNames ?? [])
      .filter((shortName) => !existing.has(shortName))
      .map((shortName) => nameProblem(shortName, '', resources))
      .filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) {
      conflict('ShortNamesConflict', problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`);
    } else if (requested.shortNames !== undefined) names.shortNames = requested.shortNames;
    else delete names.shortNames;
  }
  const kind = nameProblem(requested.kind, accepted.kind, kinds);
  if (kind) conflict('KindConflict', kind);
  else names.kind = requested.kind;
  const listKind = nameProblem(requested.listKind, accepted.listKind, kinds);
  if (listKind) conflict('ListKindConflict', listKind);
  else if (requested.listKind !== undefined) names.listKind = requested.listKind;
  if (requested.categories !== undefined) names.categories = requested.categories;
  else delete names.categories;
  if (namesAccepted.status === 'Unknown') {
    namesAccepted = {
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    };
  }
  const existingEstablished = findCondition(crd, 'Established');
  let established: Condition = existingEstablished
    ? {
        type: 'Established',
        status: existingEstablished.status,
        ...(existingEstablished.reason ? { reason: existingEstablished.reason } : {}),
        ...(existingEstablished.message ? { message: existingEstablished.message } : {}),
      }
    : { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
  if (established.status !== 'True' && namesAccepted.status === 'True') {
    established = {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    };
  }
  return { names, namesAccepted, established };
}

function sync(context: ControllerContext, queue: WorkQueue, name: string): void {
  const informer = context.informers.for(CRD_STORAGE_KEY);
  const object = informer.get('', name);
  if (!object) return;
  const crd = asCrd(object);
  if (isDeepStrictEqual(crd.spec.names, crd.status?.acceptedNames)) return;
  const all = informer.list().map(asCrd);
  const { names, namesAccepted, established } = calculateNamesAndConditions(crd, all);
  if (
    isDeepStrictEqual(crd.status?.acceptedNames, names) &&
    sameCondition({ ...namesAccepted }, findCondition(crd, 'NamesAccepted'))
  ) {
    return;
  }
  const now = context.clock.now();
  const conditions = withCondition(
    withCondition(crd.status?.conditions, namesAccepted, now),
    established,
    now,
  );
  context.client.updateStatus(
    CRD_STORAGE_KEY,
    asObject({
      ...crd,
      status: { ...crd.status, acceptedNames: names, conditions },
    } as CustomResourceDefinition),
  );
  requeueGroup(context, queue, crd.spec.group, name);
}

/** Names may have been freed or taken: the group's other CRDs look again. */
function requeueGroup(context: ControllerContext, queue: WorkQueue, group: string, except: string): void {
  for (const other of context.informers.for(CRD_STORAGE_KEY).list()) {
    const otherName = other.metadata.name ?? '';
    if (otherName !== except && asCrd(other).spec?.group === group) queue.add(otherName);
  }
}

export const crdNamingController: Controller = {
  name: 'crd-naming',
  start(context) {
    const queue: WorkQueue = context.queue('crd-naming', (name) => sync(context, queue, name));
    context.informers.for(CRD_STORAGE_KEY).addHandlers({
      add: (crd) => queue.add(crd.metadata.name ?? ''),
      update: (crd) => queue.add(crd.metadata.name ?? ''),
      delete: (crd) => requeueGroup(context, queue, asCrd(crd).spec?.group ?? '', crd.metadata.name ?? ''),
    });
  },
};
