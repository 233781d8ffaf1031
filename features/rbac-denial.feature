@headline
Feature: RBAC denial
  A user may do only what a Role bound to them allows. Anything else is refused with 403 and a
  message that names the user, the verb, the resource and the namespace.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: pod-reader
      rules:
        - apiGroups: [""]
          resources: ["pods"]
          verbs: ["get", "list", "watch"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata:
        name: jane-reads-pods
      subjects:
        - kind: User
          name: jane
          apiGroup: rbac.authorization.k8s.io
      roleRef:
        kind: Role
        name: pod-reader
        apiGroup: rbac.authorization.k8s.io
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """

  Scenario: A pod reader cannot delete a pod
    When user "jane" tries to delete pod "web"
    Then the request is refused with 403 Forbidden and message:
      """
      pods "web" is forbidden: User "jane" cannot delete resource "pods" in API group "" in the namespace "${namespace}"
      """
    And pod "web" exists

  Scenario: A pod reader can list pods but not delete them
    Then user "jane" can list pods
    And user "jane" cannot delete pods
