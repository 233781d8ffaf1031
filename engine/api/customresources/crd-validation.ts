/**
 * Validation of CustomResourceDefinitions, after apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go (1.32). It validates the internal form a v1 CRD
 * converts to: versions whose schemas, subresources or printer columns are all identical have them
 * lifted to `spec.validation`, `spec.subresources` and `spec.additionalPrinterColumns`, which is
 * why errors about a single-version CRD's schema name `spec.validation.openAPIV3Schema`.
 */

import { isDeepStrictEqual } from 'node:util';
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceSubresources,
} from 'kubernetes-types/apiextensions/v1';
import type { FieldError } from '../errors.ts';
import { nameProblems } from '../validation/names.ts';
import { isConditionTrue } from './crd.ts';
import { goStrings, goVersions, type InternalVersion } from './crd-go-values.ts';
import { validateSchemaDefinition } from './crd-schema-validation.ts';
import type { Schema } from './schema.ts';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const API_APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

/** The internal CustomResourceDefinitionSpec fields validation reads, after v1 → internal conversion. */
interface InternalSpec {
  versions: InternalVersion[];
  /** Lifted `spec.validation` (present when every version has the same schema). */
  validation?: { openAPIV3Schema?: Schema };
  subresources?: CustomResourceSubresources;
  columns?: CustomResourceColumnDefinition[];
}

/** Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec. */
function internalSpec(crd: CustomResourceDefinition): InternalSpec {
  const versions = crd.spec?.versions ?? [];
  const first = versions[0];
  const identical = <T>(pick: (v: (typeof versions)[number]) => T) =>
    versions.length > 0 && versions.every((v) => isDeepStrictEqual(pick(v) ?? null, pick(first!) ?? null));
  const liftSchema = identical((v) => v.schema);
  const liftSubresources = identical((v) => v.subresources);
  const liftColumns = identical((v) =>
    v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : null,
  );
  const liftSelectable = liftSchema && identical((v) => v.selectableFields);
  return {
    versions: versions.map((version) => ({
      version,
      hasSchema: !liftSchema && version.schema !== undefined,
      hasSubresources: !liftSubresources && version.subresources !== undefined,
      columns: liftColumns ? undefined : version.additionalPrinterColumns,
      selectableFields: liftSelectable ? undefined : version.selectableFields,
    })),
    ...(liftSchema && first?.schema
      ? { validation: first.schema as InternalSpec['validation'] & object }
      : {}),
    ...(liftSubresources && first?.subresources ? { subresources: first.subresources } : {}),
    ...(liftColumns && first?.additionalPrinterColumns?.length
      ? { columns: first.additionalPrinterColumns }
      : {}),
  };
}

function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

function requiredError(field: string, detail?: string): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return {
    type: 'FieldValueNotSupported',
    field,
    value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  };
}

function enumString(field: string, value: string | undefined, accepted: readonly string[]): FieldError[] {
  if (!value) return [requiredError(field)];
  return accepted.includes(value) ? [] : [notSupported(field, value, accepted)];
}

/** validateSimpleJSONPath. */
function simpleJsonPath(path: string, field: string): FieldError[] {
  if (path.length === 0) return [invalid(field, path, 'must not be empty')];
  if (!path.startsWith('.')) return [invalid(field, path, 'must be a simple json path starting with .')];
  return [];
}

/** ValidateCustomResourceColumnDefinition. */
function validateColumn(column: CustomResourceColumnDefinition, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!column.name) errors.push(requiredError(`${path}.name`));
  const types = `must be one of ${PRINTER_COLUMN_TYPES.join(',')}`;
  if (!column.type) errors.push(requiredError(`${path}.type`, types));
  else if (!PRINTER_COLUMN_TYPES.includes(column.type))
    errors.push(invalid(`${path}.type`, column.type, types));
  if (column.format && !PRINTER_COLUMN_FORMATS.includes(column.format)) {
    errors.push(
      invalid(`${path}.format`, column.format, `must be one of ${PRINTER_COLUMN_FORMATS.join(',')}`),
    );
  }
  if (!column.jsonPath) errors.push(requiredError(`${path}.JSONPath`));
  else errors.push(...simpleJsonPath(column.jsonPath, `${path}.JSONPath`));
  return errors;
}

/** ValidateCustomResourceDefinitionSubresources. */
function validateSubresources(
  subresources: CustomResourceSubresources | undefined,
  path: string,
): FieldError[] {
  const scale = subresources?.scale;
  if (!scale) return [];
  const errors: FieldError[] = [];
  const under = (value: string | undefined, field: string, prefixes: string[], detail: string) => {
    const full = `${path}.${field}`;
    if (!value) return;
    const simple = simpleJsonPath(value, full);
    if (simple.length > 0) errors.push(...simple);
    else if (!prefixes.some((p) => value.startsWith(p))) errors.push(invalid(full, value, detail));
  };
  if (!scale.specReplicasPath) errors.push(requiredError(`${path}.scale.specReplicasPath`));
  else
    under(scale.specReplicasPath, 'scale.specReplicasPath', ['.spec.'], 'should be a json path under .spec');
  if (!scale.statusReplicasPath) errors.push(requiredError(`${path}.scale.statusReplicasPath`));
  else
    under(
      scale.statusReplicasPath,
      'scale.statusReplicasPath',
      ['.status.'],
      'should be a json path under .status',
    );
  under(
    scale.labelSelectorPath,
    'scale.labelSelectorPath',
    ['.spec.', '.status.'],
    'should be a json path under either .spec or .status',
  );
  return errors;
}

function dns1035(value: string): string[] {
  return nameProblems(value, 'dns-1035-label');
}

/** ValidateCustomResourceDefinitionNames. */
export function validateNames(names: CustomResourceDefinitionNames | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const {
    plural = '',
    singular = '',
    kind = '',
    listKind = '',
  } = names ?? ({} as CustomResourceDefinitionNames);
  if (plural && dns1035(plural).length > 0)
    errors.push(invalid(`${path}.plural`, plural, dns1035(plural).join(',')));
  if (singular && dns1035(singular).length > 0) {
    errors.push(invalid(`${path}.singular`, singular, dns1035(singular).join(',')));
  }
  const mixedCase = 'may have mixed case, but should otherwise match: ';
  if (kind && dns1035(kind.toLowerCase()).length > 0) {
    errors.push(invalid(`${path}.kind`, kind, mixedCase + dns1035(kind.toLowerCase()).join(',')));
  }
  if (listKind && dns1035(listKind.toLowerCase()).length > 0) {
    errors.push(invalid(`${path}.listKind`, listKind, mixedCase + dns1035(listKind.toLowerCase()).join(',')));
  }
  (names?.shortNames ?? []).forEach((shortName, i) => {
    const problems = dns1035(shortName);
    if (problems.length > 0) errors.push(invalid(`${path}.shortNames[${i}]`, shortName, problems.join(',')));
  });
  if (kind && kind === listKind)
    errors.push(invalid(`${path}.listKind`, listKind, 'kind and listKind may not be the same'));
  (names?.categories ?? []).forEach((category, i) => {
    const problems = dns1035(category);
    if (problems.length > 0) errors.push(invalid(`${path}.categories[${i}]`, category, problems.join(',')));
  });
  return errors;
}

function hasStatus(subresources: CustomResourceSubresources | undefined): boolean {
  return subresources?.status !== undefined && subresources.status !== null;
}

function validateConversion(crd: CustomResourceDefinition, path: string): FieldError[] {
  const conversion = crd.spec?.conversion;
  if (!conversion) return [];
  const errors = enumString(`${path}.strategy`, conversion.strategy, ['None', 'Webhook']);
  const clientConfig = conversion.webhook?.clientConfig;
  const reviewVersions = conversion.webhook?.conversionReviewVersions;
  if (conversion.strategy === 'Webhook') {
    if (!clientConfig) {
      errors.push(requiredError(`${path}.webhookClientConfig`, 'required when strategy is set to Webhook'));
    } else if ((clientConfig.url === undefined) === (clientConfig.service === undefined)) {
      errors.push(requiredError(`${path}.webhookClientConfig`, 'exactly one of url or service is required'));
    }
    if (!reviewVersions || reviewVersions.length === 0)
      errors.push(requiredError(`${path}.conversionReviewVersions`));
  } else {
    if (clientConfig) {
      errors.push({
        type: 'FieldValueForbidden',
        field: `${path}.webhookClientConfig`,
        detail: 'should not be set when strategy is not set to Webhook',
      });
    }
    if (reviewVersions && reviewVersions.length > 0) {
      errors.push({
        type: 'FieldValueForbidden',
        field: `${path}.conversionReviewVersions`,
        detail: 'should not be set when strategy is not set to Webhook',
      });
    }
  }
  return errors;
}

interface Options {
  requireOpenAPISchema: boolean;
}

/** validateCustomResourceDefinitionSpec. */
function validateSpec(crd: CustomResourceDefinition, options: Options): FieldError[] {
  const errors: FieldError[] = [];
  const spec = crd.spec;
  const group = spec?.group ?? '';
  if (!group) errors.push(requiredError('spec.group'));
  else if (nameProblems(group, 'dns-subdomain').length > 0) {
    errors.push(invalid('spec.group', group, nameProblems(group, 'dns-subdomain').join(',')));
  } else if (group.split('.').length < 2) {
    errors.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  errors.push(...enumString('spec.scope', spec?.scope, ['Cluster', 'Namespaced']));
  const internal = internalSpec(crd);
  if (options.requireOpenAPISchema && !internal.validation?.openAPIV3Schema) {
    internal.versions.forEach(({ version }, i) => {
      if (!version.schema?.openAPIV3Schema) {
        errors.push(requiredError(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
      }
    });
  }
  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  internal.versions.forEach(({ version, hasSchema, hasSubresources, columns }, i) => {
    const path = `spec.versions[${i}]`;
    const name = version.name ?? '';
    if (version.storage) storageCount++;
    if (seen.has(name)) unique = false;
    seen.add(name);
    const problems = dns1035(name);
    if (problems.length > 0) errors.push(invalid(`${path}.name`, name, problems.join(',')));
    if (!version.deprecated && version.deprecationWarning !== undefined) {
      errors.push(
        invalid(
          `${path}.deprecationWarning`,
          version.deprecationWarning,
          'can only be set for deprecated versions',
        ),
      );
    }
    const subresources = internal.subresources ?? version.subresources;
    if (hasSchema) {
      errors.push(
        ...validateSchemaDefinition(
          version.schema?.openAPIV3Schema as Schema | undefined,
          hasStatus(subresources),
          `${path}.schema`,
        ),
      );
    }
    if (hasSubresources) errors.push(...validateSubresources(version.subresources, `${path}.subresources`));
    (columns ?? []).forEach((column, c) => {
      errors.push(...validateColumn(column, `${path}.additionalPrinterColumns[${c}]`));
    });
  });
  if (!unique)
    errors.push(invalid('spec.versions', goVersions(internal.versions), 'must contain unique version names'));
  if (storageCount !== 1) {
    errors.push(
      invalid(
        'spec.versions',
        goVersions(internal.versions),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  const firstVersion = internal.versions[0]?.version.name;
  if (firstVersion && dns1035(firstVersion).length > 0) {
    errors.push(invalid('spec.version', firstVersion, dns1035(firstVersion).join(',')));
  }
  const names = spec?.names;
  if (!names?.plural) errors.push(requiredError('spec.names.plural'));
  if (!names?.singular) errors.push(requiredError('spec.names.singular'));
  if (!names?.kind) errors.push(requiredError('spec.names.kind'));
  if (!names?.listKind) errors.push(requiredError('spec.names.listKind'));
  errors.push(...validateNames(names, 'spec.names'));
  const anyStatus = internal.versions.some((v) => hasStatus(internal.subresources ?? v.version.subresources));
  errors.push(
    ...validateSchemaDefinition(internal.validation?.openAPIV3Schema, anyStatus, 'spec.validation'),
  );
  errors.push(...validateSubresources(internal.subresources, 'spec.subresources'));
  (internal.columns ?? []).forEach((column, c) => {
    errors.push(...validateColumn(column, `spec.additionalPrinterColumns[${c}]`));
  });
  errors.push(...validateConversion(crd, 'spec.conversion'));
  return errors;
}

/** ValidateCustomResourceDefinitionStoredVersions. */
function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? undefined;
  const path = 'status.storedVersions';
  if (!stored || stored.length === 0) {
    return [invalid(path, goStrings(stored ?? undefined), 'must have at least one stored version')];
  }
  const errors: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const version of crd.spec?.versions ?? []) {
    const name = version.name ?? '';
    if (version.storage && !remaining.has(name)) {
      errors.push(invalid(path, goStrings(stored), `must have the storage version ${name}`));
    }
    remaining.delete(name);
  }
  for (const [version, i] of remaining) {
    errors.push(
      invalid(
        `${path}[${i}]`,
        version,
        `missing from spec.versions; ${version} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${version} and removes ${version} from status.storedVersions`,
      ),
    );
  }
  return errors;
}

function isProtectedGroup(group: string): boolean {
  return (
    group === 'k8s.io' ||
    group.endsWith('.k8s.io') ||
    group === 'kubernetes.io' ||
    group.endsWith('.kubernetes.io')
  );
}

type ApprovalState = 'approved' | 'bypassed' | 'missing' | 'invalid';

function approvalState(annotations: Record<string, string> | undefined): ApprovalState {
  const value = annotations?.[API_APPROVAL_ANNOTATION];
  if (value === undefined) return 'missing';
  if (value.startsWith('unapproved')) return 'bypassed';
  try {
    const url = new URL(value);
    if (url.protocol && url.host) return 'approved';
  } catch {
    // not a URL
  }
  return 'invalid';
}

/** validateAPIApproval: CRDs in *.k8s.io and *.kubernetes.io groups need the approval annotation. */
function validateApiApproval(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition | undefined,
): FieldError[] {
  if (!isProtectedGroup(crd.spec?.group ?? '')) return [];
  const state = approvalState(crd.metadata?.annotations);
  if (old && approvalState(old.metadata?.annotations) === state) return [];
  const field = `metadata.annotations[${API_APPROVAL_ANNOTATION}]`;
  if (state === 'missing') {
    return [
      requiredError(
        field,
        `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`,
      ),
    ];
  }
  if (state === 'invalid') {
    return [
      invalid(
        field,
        crd.metadata?.annotations?.[API_APPROVAL_ANNOTATION],
        `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
      ),
    ];
  }
  return [];
}

function validatePreserveUnknownFields(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition | undefined,
): FieldError[] {
  if (old?.spec?.preserveUnknownFields === true) return [];
  if (crd.spec?.preserveUnknownFields !== true) return [];
  return [
    invalid(
      'spec.preserveUnknownFields',
      true,
      'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ),
  ];
}

/** The name rule ValidateCustomResourceDefinition adds to ValidateObjectMeta's on create. */
export function validateCrdName(crd: CustomResourceDefinition): FieldError[] {
  const name = crd.metadata?.name ?? '';
  const expected = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  if (!name || name === expected) return [];
  return [invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group')];
}

/** ValidateCustomResourceDefinition, after the generic ObjectMeta checks. */
export function validateCrdCreate(crd: CustomResourceDefinition): FieldError[] {
  return [
    ...validateCrdName(crd),
    ...validateSpec(crd, { requireOpenAPISchema: true }),
    ...validateNames(crd.status?.acceptedNames, 'status.acceptedNames'),
    ...validateStoredVersions(crd),
    ...validateApiApproval(crd, undefined),
    ...validatePreserveUnknownFields(crd, undefined),
  ];
}

function immutable(field: string, value: unknown, old: unknown): FieldError[] {
  return value === old ? [] : [invalid(field, value, 'field is immutable')];
}

/** ValidateCustomResourceDefinitionUpdate. */
export function validateCrdUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  const oldHasAllSchemas = (old.spec?.versions ?? []).every((v) => v.schema?.openAPIV3Schema !== undefined);
  const errors = validateSpec(crd, { requireOpenAPISchema: oldHasAllSchemas });
  if (isConditionTrue(old, 'Established')) {
    errors.push(...immutable('spec.scope', crd.spec?.scope, old.spec?.scope));
    errors.push(...immutable('spec.names.kind', crd.spec?.names?.kind, old.spec?.names?.kind));
  }
  errors.push(...immutable('spec.group', crd.spec?.group, old.spec?.group));
  errors.push(...immutable('spec.names.plural', crd.spec?.names?.plural, old.spec?.names?.plural));
  return [
    ...errors,
    ...validateNames(crd.status?.acceptedNames, 'status.acceptedNames'),
    ...validateStoredVersions(crd),
    ...validateApiApproval(crd, old),
    ...validatePreserveUnknownFields(crd, old),
  ];
}
