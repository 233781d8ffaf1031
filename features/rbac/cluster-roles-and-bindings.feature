Feature: ClusterRoles bound in one namespace, and asking what an identity may do
  A RoleBinding can grant a ClusterRole's rules, but only in the binding's namespace; a service
  account has no rights until something is bound to it; `kubectl auth can-i` answers for any
  identity the caller may impersonate.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: deployer
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: ${namespace}-deployment-manager
      rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "list"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: deployer-manages-deployments
      subjects:
        - kind: ServiceAccount
          name: deployer
          namespace: ${namespace}
      roleRef:
        kind: ClusterRole
        name: ${namespace}-deployment-manager
        apiGroup: rbac.authorization.k8s.io
      """

  Scenario: A ClusterRole bound by a RoleBinding grants its rules in that namespace only
    When I run "kubectl auth can-i create deployments.apps --as system:serviceaccount:${namespace}:deployer"
    Then kubectl exits with code 0
    And kubectl prints:
      """
      yes
      """
    When I run "kubectl auth can-i create deployments.apps --as system:serviceaccount:${namespace}:deployer -n kube-system"
    Then kubectl exits with code 1
    And kubectl prints:
      """
      no
      """
    When I run "kubectl auth can-i delete pods --as system:serviceaccount:${namespace}:deployer"
    Then kubectl prints:
      """
      no
      """
    And service account "${namespace}/deployer" can list pods
    And service account "${namespace}/deployer" cannot delete pods

  Scenario: A service account with nothing bound to it may not list pods
    When I run "kubectl auth can-i list pods --as system:serviceaccount:${namespace}:default"
    Then kubectl exits with code 1
    And kubectl prints:
      """
      no
      """
    Given I act as service account "${namespace}/default"
    When I run "kubectl get pods"
    Then kubectl exits with code 1
    And kubectl output contains "Error from server (Forbidden): pods is forbidden: User \"system:serviceaccount:${namespace}:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"${namespace}\""

  Scenario: The bound service account creates a Deployment, but cannot create a Role
    Given I act as service account "${namespace}/deployer"
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
      """
    Then within 1 minute 1 pod labelled "app=web" is Running
    When I try to create the manifest:
      """yaml
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: sneaky
      rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get"]
      """
    Then the request is refused with 403 Forbidden and message:
      """
      roles.rbac.authorization.k8s.io is forbidden: User "system:serviceaccount:${namespace}:deployer" cannot create resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "${namespace}"
      """
