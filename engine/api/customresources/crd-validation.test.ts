import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1';
import { fieldErrorBody } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { customResourceDefinitionStrategy } from './crd-strategy.ts';
import { validateCrdCreate, validateCrdUpdate } from './crd-validation.ts';

const SCHEMA = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer' } } },
    },
  },
};

/** A valid CronTab CRD as it is after defaulting and PrepareForCreate. */
function cronTab(change: (crd: CustomResourceDefinition) => void = () => {}): CustomResourceDefinition {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
      versions: [{ name: 'v1', served: true, storage: true, schema: structuredClone(SCHEMA) }],
    },
  } as unknown as CustomResourceDefinition;
  change(crd);
  const object = crd as unknown as KubeObject;
  customResourceDefinitionStrategy.applyDefaults?.(object);
  customResourceDefinitionStrategy.prepareForCreate?.(object, { now: () => 0, randomString: () => '' });
  return object as unknown as CustomResourceDefinition;
}

const render = (crd: CustomResourceDefinition, old?: CustomResourceDefinition) =>
  (old ? validateCrdUpdate(crd, old) : validateCrdCreate(crd)).map((e) => `${e.field}: ${fieldErrorBody(e)}`);

const v1 = (storage: boolean) =>
  `apiextensions.CustomResourceDefinitionVersion{Name:"v1", Served:true, Storage:${storage}, Deprecated:false, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}`;

describe('CustomResourceDefinition validation', () => {
  const cases: Array<{ name: string; crd: CustomResourceDefinition; errors: string[] }> = [
    { name: 'the CronTab example is valid', crd: cronTab(), errors: [] },
    {
      name: 'the name must be <plural>.<group>',
      crd: cronTab((c) => {
        c.metadata = { name: 'crontab.stable.example.com' };
      }),
      errors: [
        'metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
      ],
    },
    {
      name: 'a group needs a dot',
      crd: cronTab((c) => {
        c.spec.group = 'example';
        c.metadata = { name: 'crontabs.example' };
      }),
      errors: ['spec.group: Invalid value: "example": should be a domain with at least one dot'],
    },
    {
      name: 'scope is Cluster or Namespaced',
      crd: cronTab((c) => {
        c.spec.scope = 'Global';
      }),
      errors: ['spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    },
    {
      name: 'v1 requires a schema',
      crd: cronTab((c) => {
        delete c.spec.versions[0]!.schema;
      }),
      errors: ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'],
    },
    {
      name: 'exactly one storage version, printed as the internal versions',
      crd: cronTab((c) => {
        c.spec.versions[0]!.storage = false;
      }),
      errors: [
        `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${v1(false)}}: must have exactly one version marked as storage version`,
        'status.storedVersions: Invalid value: []string(nil): must have at least one stored version',
      ],
    },
    {
      name: 'version names are unique',
      crd: cronTab((c) => {
        c.spec.versions.push({ ...c.spec.versions[0]!, storage: false });
      }),
      errors: [
        `spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{${v1(true)}, ${v1(false)}}: must contain unique version names`,
      ],
    },
    {
      name: 'a schema shared by every version is validated as spec.validation',
      crd: cronTab((c) => {
        delete (c.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec as { type?: string }).type;
      }),
      errors: [
        'spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      ],
    },
    {
      name: 'per-version schemas keep their version path',
      crd: cronTab((c) => {
        c.spec.versions.push({
          name: 'v2',
          served: true,
          storage: false,
          schema: { openAPIV3Schema: { type: 'string' } },
        });
      }),
      errors: [
        'spec.versions[1].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root',
      ],
    },
    {
      name: 'the root needs a type',
      crd: cronTab((c) => {
        c.spec.versions[0]!.schema = { openAPIV3Schema: { properties: {} } };
      }),
      errors: ['spec.validation.openAPIV3Schema.type: Required value: must not be empty at the root'],
    },
    {
      name: 'unsupported types, uniqueItems, properties with additionalProperties',
      crd: cronTab((c) => {
        c.spec.versions[0]!.schema = {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              a: { type: 'text' },
              b: { type: 'array', uniqueItems: true, items: { type: 'string' } },
              c: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: false },
            },
          },
        };
      }),
      errors: [
        'spec.validation.openAPIV3Schema.properties[a].type: Unsupported value: "text": supported values: "array", "boolean", "integer", "number", "object", "string"',
        'spec.validation.openAPIV3Schema.properties[b].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
        'spec.validation.openAPIV3Schema.properties[c].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
      ],
    },
    {
      name: 'defaults must validate against their schema',
      crd: cronTab((c) => {
        c.spec.versions[0]!.schema = {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { replicas: { type: 'integer', default: 'one' } } },
            },
          },
        };
      }),
      errors: [
        'spec.validation.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"',
      ],
    },
    {
      name: 'printer columns',
      crd: cronTab((c) => {
        c.spec.versions[0]!.additionalPrinterColumns = [
          { name: 'Spec', type: 'text', jsonPath: 'spec.cronSpec' },
          { name: '', type: 'integer', jsonPath: '.spec.replicas', format: 'int8' },
        ];
      }),
      errors: [
        'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,string',
        'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.cronSpec": must be a simple json path starting with .',
        'spec.additionalPrinterColumns[1].name: Required value',
        'spec.additionalPrinterColumns[1].format: Invalid value: "int8": must be one of byte,date,date-time,double,float,int32,int64,password',
      ],
    },
    {
      name: 'scale paths',
      crd: cronTab((c) => {
        c.spec.versions[0]!.subresources = {
          scale: { specReplicasPath: '.status.replicas', statusReplicasPath: '' },
        };
      }),
      errors: [
        'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
        'spec.subresources.scale.statusReplicasPath: Required value',
      ],
    },
    {
      name: 'names are DNS-1035 labels, kinds may mix case',
      crd: cronTab((c) => {
        c.spec.names.shortNames = ['CT'];
        c.spec.names.kind = 'Cron_Tab';
        c.spec.names.listKind = 'Cron_TabList';
      }),
      errors: [
        "spec.names.kind: Invalid value: \"Cron_Tab\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        "spec.names.listKind: Invalid value: \"Cron_TabList\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        "spec.names.shortNames[0]: Invalid value: \"CT\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    {
      name: 'protected groups need API approval',
      crd: cronTab((c) => {
        c.spec.group = 'widgets.k8s.io';
        c.metadata = { name: 'crontabs.widgets.k8s.io' };
      }),
      errors: [
        'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
      ],
    },
  ];
  for (const { name, crd, errors } of cases) {
    it(name, () => {
      assert.deepEqual(render(crd), errors);
    });
  }

  it('on update, group and plural are immutable, and scope and kind once established', () => {
    const old = cronTab();
    old.status = {
      ...old.status,
      conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: '' }],
    };
    const changed = structuredClone(old);
    changed.spec.scope = 'Cluster';
    changed.spec.names.kind = 'CronJobby';
    changed.spec.names.listKind = 'CronJobbyList';
    assert.deepEqual(render(changed, old), [
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "CronJobby": field is immutable',
    ]);
  });

  it('PrepareForCreate records the storage version and empty accepted names', () => {
    assert.deepEqual(cronTab().status, {
      conditions: null,
      acceptedNames: { plural: '', kind: '' },
      storedVersions: ['v1'],
    });
    assert.deepEqual(cronTab().spec.names, {
      plural: 'crontabs',
      singular: 'crontab',
      kind: 'CronTab',
      shortNames: ['ct'],
      listKind: 'CronTabList',
    });
    assert.deepEqual(cronTab().spec.conversion, { strategy: 'None' });
  });
});
