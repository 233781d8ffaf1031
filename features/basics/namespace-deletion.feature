Feature: Deleting a namespace
  Deleting a namespace deletes every object in it; while its pods are still stopping the namespace
  is Terminating and refuses anything new.

  Scenario: A deleted namespace takes its Deployments, Services and ConfigMaps with it, and refuses new objects meanwhile
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Namespace
      metadata:
        name: ${namespace}-team
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: worker
        namespace: ${namespace}-team
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: worker
        template:
          metadata:
            labels:
              app: worker
          spec:
            terminationGracePeriodSeconds: 30
            containers:
              - name: shell
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: worker
        namespace: ${namespace}-team
      spec:
        selector:
          app: worker
        ports:
          - port: 80
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: ${namespace}-team
      data:
        colour: blue
      """
    And 1 minute passes
    When I run "kubectl get deployment worker -n ${namespace}-team"
    Then kubectl shows a row with NAME "worker" and READY "2/2"
    When I run "kubectl get all -n ${namespace}-team -o name"
    Then kubectl output contains "service/worker"
    When I run "kubectl delete namespace ${namespace}-team --wait=false"
    Then kubectl prints:
      """
      namespace "${namespace}-team" deleted
      """
    And within 10 seconds namespace "${namespace}-team" has "status.phase" equal to "Terminating"
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: late
        namespace: ${namespace}-team
      data:
        colour: red
      """
    Then the request is refused with 403 Forbidden and message:
      """
      configmaps "late" is forbidden: unable to create new content in namespace ${namespace}-team because it is being terminated
      """
    And within 2 minutes namespace "${namespace}-team" does not exist
    When I run "kubectl get configmaps,services,deployments -n ${namespace}-team"
    Then kubectl output contains "No resources found in ${namespace}-team namespace."
