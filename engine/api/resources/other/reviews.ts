import { plainStrategy, type ResourceDefinition } from '../resource.ts';

function review(
  group: string,
  resource: string,
  singular: string,
  kind: string,
  namespaced: boolean,
): ResourceDefinition {
  return {
    group,
    version: 'v1',
    resource,
    singular,
    kind,
    namespaced,
    verbs: ['create'],
    strategy: plainStrategy(),
    virtual: true,
  };
}

const AUTHZ = 'authorization.k8s.io';
export const selfSubjectAccessReviewsResource = review(
  AUTHZ,
  'selfsubjectaccessreviews',
  '',
  'SelfSubjectAccessReview',
  false,
);
export const selfSubjectRulesReviewsResource = review(
  AUTHZ,
  'selfsubjectrulesreviews',
  '',
  'SelfSubjectRulesReview',
  false,
);
export const subjectAccessReviewsResource = review(
  AUTHZ,
  'subjectaccessreviews',
  '',
  'SubjectAccessReview',
  false,
);
export const localSubjectAccessReviewsResource = review(
  AUTHZ,
  'localsubjectaccessreviews',
  '',
  'LocalSubjectAccessReview',
  true,
);
export const selfSubjectReviewsResource = review(
  'authentication.k8s.io',
  'selfsubjectreviews',
  '',
  'SelfSubjectReview',
  false,
);
export const tokenReviewsResource = review('authentication.k8s.io', 'tokenreviews', '', 'TokenReview', false);
