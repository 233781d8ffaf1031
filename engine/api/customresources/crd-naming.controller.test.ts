import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
} from 'kubernetes-types/apiextensions/v1';
import { calculateNamesAndConditions } from './crd-naming.controller.ts';

function crd(
  name: string,
  names: CustomResourceDefinitionNames,
  accepted?: CustomResourceDefinitionNames,
): CustomResourceDefinition {
  return {
    metadata: { name: `${name}.stable.example.com` },
    spec: { group: 'stable.example.com', scope: 'Namespaced', names, versions: [] },
    status: { acceptedNames: accepted ?? { plural: '', kind: '' }, storedVersions: [] },
  } as unknown as CustomResourceDefinition;
}

const cronTabNames = {
  plural: 'crontabs',
  singular: 'crontab',
  kind: 'CronTab',
  listKind: 'CronTabList',
  shortNames: ['ct'],
};

describe('calculateNamesAndConditions', () => {
  const cases: Array<{
    name: string;
    subject: CustomResourceDefinition;
    others: CustomResourceDefinition[];
    condition: [string, string, string];
    accepted: CustomResourceDefinitionNames;
  }> = [
    {
      name: 'fresh names are accepted',
      subject: crd('crontabs', cronTabNames),
      others: [],
      condition: ['True', 'NoConflicts', 'no conflicts found'],
      accepted: cronTabNames,
    },
    {
      name: 'a plural another CRD of the group has',
      subject: crd('crontabs', cronTabNames),
      others: [
        crd(
          'other',
          { plural: 'x', kind: 'X' },
          { plural: 'crontabs', singular: 'x', kind: 'X', listKind: 'XList' },
        ),
      ],
      condition: ['False', 'PluralConflict', '"crontabs" is already in use'],
      accepted: {
        plural: '',
        singular: 'crontab',
        kind: 'CronTab',
        listKind: 'CronTabList',
        shortNames: ['ct'],
      },
    },
    {
      name: 'a short name in use',
      subject: crd('crontabs', cronTabNames),
      others: [
        crd(
          'cats',
          { plural: 'cats', kind: 'Cat' },
          { plural: 'cats', singular: 'cat', kind: 'Cat', listKind: 'CatList', shortNames: ['ct'] },
        ),
      ],
      condition: ['False', 'ShortNamesConflict', '"ct" is already in use'],
      accepted: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
    },
    {
      name: 'a kind in use',
      subject: crd('crontabs', cronTabNames),
      others: [
        crd(
          'tabs',
          { plural: 'tabs', kind: 'CronTab' },
          { plural: 'tabs', singular: 'tab', kind: 'CronTab', listKind: 'TabList' },
        ),
      ],
      condition: ['False', 'KindConflict', '"CronTab" is already in use'],
      accepted: {
        plural: 'crontabs',
        singular: 'crontab',
        kind: '',
        listKind: 'CronTabList',
        shortNames: ['ct'],
      },
    },
    {
      name: 'names it already has stay its own',
      subject: crd('crontabs', cronTabNames, cronTabNames),
      others: [],
      condition: ['True', 'NoConflicts', 'no conflicts found'],
      accepted: cronTabNames,
    },
  ];
  for (const { name, subject, others, condition, accepted } of cases) {
    it(name, () => {
      const result = calculateNamesAndConditions(subject, [subject, ...others]);
      assert.deepEqual(
        [result.namesAccepted.status, result.namesAccepted.reason, result.namesAccepted.message],
        condition,
      );
      assert.deepEqual(result.names, accepted);
      const expectedEstablished =
        condition[0] === 'True'
          ? {
              type: 'Established',
              status: 'False',
              reason: 'Installing',
              message: 'the initial names have been accepted',
            }
          : {
              type: 'Established',
              status: 'False',
              reason: 'NotAccepted',
              message: 'not all names are accepted',
            };
      assert.deepEqual(result.established, expectedEstablished);
    });
  }
});
