Feature: Service accounts
  Every namespace has a default service account; a pod runs as it unless it names another, and
  its credentials are mounted where client libraries look for them.

  Scenario: A pod gets its namespace's default service account and its credentials
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: client
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace"]
      """
    Then within 1 minute pod "client" is Succeeded
    And pod "client" has "spec.serviceAccountName" equal to "default"
    And pod "client" has "spec.volumes[0].projected.sources[0].serviceAccountToken.path" equal to "token"
    When I run "kubectl logs client"
    Then kubectl prints:
      """
      ${namespace}
      """

  Scenario: A pod that names a missing service account is refused
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: lost
      spec:
        serviceAccountName: robot
        containers:
          - name: main
            image: nginx:1.27
      """
    Then the request is refused with 403 Forbidden and message:
      """
      pods "lost" is forbidden: error looking up service account ${namespace}/robot: serviceaccount "robot" not found
      """
