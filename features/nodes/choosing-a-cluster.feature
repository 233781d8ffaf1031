Feature: Choosing the cluster a scenario runs on
  A scenario can ask for one of the bundled cluster fixtures (fixtures/clusters/) in its first
  step instead of a @cluster: tag; other targets skip it, saying why.

  Scenario: A cordoned worker of the three-node cluster gets no new pods
    Given a cluster like "three-nodes"
    And the cluster has 3 nodes with 2 CPUs and 4Gi of memory each
    When I cordon node "worker-1"
    Then node "worker-1" has "spec.unschedulable" equal to "true"
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
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
    Then eventually 2 pods labelled "app=web" are Running
    And no pod labelled "app=web" runs on node "worker-1"
    When I uncordon node "worker-1"
    Then node "worker-1" has no "spec.unschedulable"

  Scenario: A bare fixture name chooses the small node
    Given a cluster like small-node
    Then the cluster has 1 node with 2 CPUs and 1Gi of memory each
