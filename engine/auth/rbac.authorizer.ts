import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from 'kubernetes-types/rbac/v1';
import type { UserInfo } from '../api/types.ts';
import { SYSTEM_PRIVILEGED_GROUP, serviceAccountUsername } from './identity.ts';

/** What a request wants to do, as the API server's request info resolves it (authorizer.Attributes). */
export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  namespace: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  resourceRequest: boolean;
  path: string;
}

export interface AuthorizationDecision {
  decision: 'allow' | 'no-opinion';
  reason: string;
}

/**
 * The RBAC objects the authorizer reads. Treat a policy object as immutable: its lookup indexes are built once per
 * object and cached, so hand over a new object whenever roles or bindings change.
 */
export interface RbacPolicy {
  readonly roles: readonly Role[];
  readonly clusterRoles: readonly ClusterRole[];
  readonly roleBindings: readonly RoleBinding[];
  readonly clusterRoleBindings: readonly ClusterRoleBinding[];
}

/** authorizationapi.ResourceRule as SelfSubjectRulesReview returns it. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

/** authorizationapi.NonResourceRule. */
export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface SubjectRules {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

// ---- rule matching (pkg/apis/rbac/v1/evaluation_helpers.go) ----

function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const ruleVerb of rule.verbs) if (ruleVerb === '*' || ruleVerb === verb) return true;
  return false;
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const ruleGroup of rule.apiGroups ?? []) if (ruleGroup === '*' || ruleGroup === group) return true;
  return false;
}

function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const ruleResource of rule.resources ?? []) {
    if (ruleResource === '*' || ruleResource === combinedResource) return true;
    if (
      subresource.length > 0 &&
      ruleResource.length === subresource.length + 2 &&
      ruleResource.startsWith('*/') &&
      ruleResource.endsWith(subresource)
    ) {
      return true;
    }
  }
  return false;
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames;
  if (!names || names.length === 0) return true;
  return names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === '*' || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** RuleAllows: whether one policy rule grants the request. */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

// ---- policy indexes ----

type Binding = RoleBinding | ClusterRoleBinding;

interface BindingIndex {
  readonly bindings: readonly Binding[];
  /** User subjects by name and ServiceAccount subjects by their username, to binding positions. */
  readonly byUsername: ReadonlyMap<string, readonly number[]>;
  readonly byGroup: ReadonlyMap<string, readonly number[]>;
}

interface CompiledPolicy {
  readonly clusterRoles: ReadonlyMap<string, ClusterRole>;
  readonly roles: ReadonlyMap<string, ReadonlyMap<string, Role>>;
  readonly cluster: BindingIndex;
  readonly namespaced: ReadonlyMap<string, BindingIndex>;
}

const EMPTY_INDEX: BindingIndex = { bindings: [], byUsername: new Map(), byGroup: new Map() };

function push(map: Map<string, number[]>, key: string, position: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

// A ServiceAccount subject without a namespace means the binding's own namespace (none for cluster bindings).
function indexBindings(bindings: readonly Binding[], namespace: string): BindingIndex {
  const byUsername = new Map<string, number[]>();
  const byGroup = new Map<string, number[]>();
  bindings.forEach((binding, position) => {
    for (const subject of binding.subjects ?? []) {
      if (subject.kind === 'User') push(byUsername, subject.name, position);
      else if (subject.kind === 'Group') push(byGroup, subject.name, position);
      else if (subject.kind === 'ServiceAccount') {
        const saNamespace = subject.namespace || namespace;
        if (saNamespace) push(byUsername, serviceAccountUsername(saNamespace, subject.name), position);
      }
    }
  });
  return { bindings, byUsername, byGroup };
}

function compile(policy: RbacPolicy): CompiledPolicy {
  const clusterRoles = new Map<string, ClusterRole>();
  for (const role of policy.clusterRoles) clusterRoles.set(role.metadata?.name ?? '', role);
  const roles = new Map<string, Map<string, Role>>();
  for (const role of policy.roles) {
    const namespace = role.metadata?.namespace ?? '';
    let byName = roles.get(namespace);
    if (!byName) {
      byName = new Map();
      roles.set(namespace, byName);
    }
    byName.set(role.metadata?.name ?? '', role);
  }
  const roleBindingsByNamespace = new Map<string, RoleBinding[]>();
  for (const binding of policy.roleBindings) {
    const namespace = binding.metadata?.namespace ?? '';
    const list = roleBindingsByNamespace.get(namespace);
    if (list) list.push(binding);
    else roleBindingsByNamespace.set(namespace, [binding]);
  }
  const namespaced = new Map<string, BindingIndex>();
  for (const [namespace, bindings] of roleBindingsByNamespace)
    namespaced.set(namespace, indexBindings(bindings, namespace));
  return { clusterRoles, roles, cluster: indexBindings(policy.clusterRoleBindings, ''), namespaced };
}

const compiled = new WeakMap<RbacPolicy, CompiledPolicy>();

function compiledPolicy(policy: RbacPolicy): CompiledPolicy {
  let result = compiled.get(policy);
  if (!result) {
    result = compile(policy);
    compiled.set(policy, result);
  }
  return result;
}

/** Binding positions whose subjects include the user, in binding order. */
function applicableBindings(index: BindingIndex, user: UserInfo): readonly number[] {
  if (index.bindings.length === 0) return [];
  let found: readonly number[] | undefined = index.byUsername.get(user.username);
  let merged: number[] | undefined;
  for (const group of user.groups) {
    const list = index.byGroup.get(group);
    if (!list) continue;
    if (!found) found = list;
    else {
      merged ??= [...found];
      merged.push(...list);
    }
  }
  if (!merged) return found ?? [];
  merged.sort((a, b) => a - b);
  let unique = 0;
  for (let i = 0; i < merged.length; i++)
    if (i === 0 || merged[i] !== merged[i - 1]) merged[unique++] = merged[i]!;
  merged.length = unique;
  return merged;
}

/** The rules a binding's roleRef resolves to, or the lister error upstream reports for it. */
function roleRules(
  policy: CompiledPolicy,
  binding: Binding,
  namespace: string,
): readonly PolicyRule[] | string {
  const { kind, name } = binding.roleRef;
  if (kind === 'Role') {
    const role = policy.roles.get(namespace)?.get(name);
    return role ? (role.rules ?? []) : `role.rbac.authorization.k8s.io "${name}" not found`;
  }
  if (kind === 'ClusterRole') {
    const role = policy.clusterRoles.get(name);
    return role ? (role.rules ?? []) : `clusterrole.rbac.authorization.k8s.io "${name}" not found`;
  }
  return `unsupported role reference kind: "${kind}"`;
}

// appliesToUser, for naming the subject that granted access.
function subjectApplies(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const saNamespace = subject.namespace || namespace;
      return saNamespace !== '' && user.username === serviceAccountUsername(saNamespace, subject.name);
    }
    default:
      return false;
  }
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} "${subject.name}/${subject.namespace || bindingNamespace}"`;
  }
  return `${subject.kind} "${subject.name}"`;
}

function describeBinding(binding: Binding, namespace: string, user: UserInfo): string {
  const subject = (binding.subjects ?? []).find((s: Subject) => subjectApplies(user, s, namespace));
  const subjectText = subject ? describeSubject(subject, namespace) : '';
  const name = binding.metadata?.name ?? '';
  const { kind, name: roleName } = binding.roleRef;
  return namespace
    ? `RoleBinding "${name}/${namespace}" of ${kind} "${roleName}" to ${subjectText}`
    : `ClusterRoleBinding "${name}" of ${kind} "${roleName}" to ${subjectText}`;
}

/** utilerrors.NewAggregate(...).Error(). */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

type Visitor = (rule: PolicyRule) => boolean;

/** VisitRulesFor: cluster role bindings, then role bindings in the namespace; stops when the visitor returns false. */
function visitRulesFor(
  policy: CompiledPolicy,
  user: UserInfo,
  namespace: string,
  visit: Visitor,
  errors: string[],
): { binding: Binding; namespace: string } | undefined {
  const scopes: [BindingIndex, string][] = [[policy.cluster, '']];
  if (namespace) scopes.push([policy.namespaced.get(namespace) ?? EMPTY_INDEX, namespace]);
  for (const [index, bindingNamespace] of scopes) {
    for (const position of applicableBindings(index, user)) {
      const binding = index.bindings[position]!;
      const rules = roleRules(policy, binding, bindingNamespace);
      if (typeof rules === 'string') {
        errors.push(rules);
        continue;
      }
      for (const rule of rules) if (!visit(rule)) return { binding, namespace: bindingNamespace };
    }
  }
  return undefined;
}

/**
 * Authorizes a request as kube-apiserver's chain does for ordinary users: members of `system:masters` are allowed
 * outright, everyone else by RBAC. RBAC never denies; without a matching rule the decision is `no-opinion` and the
 * reason names the bindings that failed to resolve (`RBAC: clusterrole.rbac.authorization.k8s.io "x" not found`).
 */
export function authorize(attrs: AuthorizationAttributes, policy: RbacPolicy): AuthorizationDecision {
  if (attrs.user.groups.includes(SYSTEM_PRIVILEGED_GROUP)) return { decision: 'allow', reason: '' };
  const errors: string[] = [];
  const granted = visitRulesFor(
    compiledPolicy(policy),
    attrs.user,
    attrs.namespace,
    (rule) => !ruleAllows(attrs, rule),
    errors,
  );
  if (granted) {
    return {
      decision: 'allow',
      reason: `RBAC: allowed by ${describeBinding(granted.binding, granted.namespace, attrs.user)}`,
    };
  }
  return { decision: 'no-opinion', reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
}

/** Every rule that applies to the user in the namespace, as SelfSubjectRulesReview reports them. */
export function rulesFor(user: UserInfo, namespace: string, policy: RbacPolicy): SubjectRules {
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  const errors: string[] = [];
  visitRulesFor(
    compiledPolicy(policy),
    user,
    namespace,
    (rule) => {
      if (rule.resources && rule.resources.length > 0) {
        const resourceRule: ResourceRule = { verbs: [...rule.verbs] };
        if (rule.apiGroups?.length) resourceRule.apiGroups = [...rule.apiGroups];
        resourceRule.resources = [...rule.resources];
        if (rule.resourceNames?.length) resourceRule.resourceNames = [...rule.resourceNames];
        resourceRules.push(resourceRule);
      }
      if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0) {
        nonResourceRules.push({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] });
      }
      return true;
    },
    errors,
  );
  const result: SubjectRules = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length > 0) result.evaluationError = aggregate(errors);
  return result;
}
