Feature: Acting as other identities
  Requests can act as a user, a group or a service account (impersonation, as `kubectl --as`);
  what each may do comes from the roles bound to it.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: reader
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: reader-views
      subjects:
        - kind: ServiceAccount
          name: reader
          namespace: ${namespace}
        - kind: Group
          name: auditors
          apiGroup: rbac.authorization.k8s.io
      roleRef:
        kind: ClusterRole
        name: view
        apiGroup: rbac.authorization.k8s.io
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        colour: blue
      """

  Scenario: A service account bound to the view role can read but not change
    Given I act as service account "${namespace}/reader"
    When I try to delete configmap "settings"
    Then the request is refused with 403 Forbidden and message:
      """
      configmaps "settings" is forbidden: User "system:serviceaccount:${namespace}:reader" cannot delete resource "configmaps" in API group "" in the namespace "${namespace}"
      """
    Given I act as the cluster admin
    When I try to delete configmap "settings"
    Then the request succeeded
    And configmap "settings" does not exist

  Scenario: Members of a group share the group's permissions
    Then group "auditors" can list configmaps
    And group "auditors" cannot delete configmaps
    And service account "${namespace}/reader" can get pods
