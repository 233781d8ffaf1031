@bundled @cluster:minikube
Feature: Adding a node
  A pod that fits on no node stays Pending; when a node with enough room joins, the scheduler
  places it there without anyone touching the pod.

  Scenario: A pending pod is scheduled once a big enough node joins
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: big
      spec:
        containers:
          - name: db
            image: mongo:3.3
            resources:
              requests:
                memory: 4Gi
      """
    And pod "big" has condition PodScheduled "False" with reason "Unschedulable"
    When a node joins the cluster:
      """yaml
      name: big-worker
      capacity:
        cpu: "8"
        memory: 32Gi
      """
    Then within 1 minute node "big-worker" has condition Ready "True"
    And within 1 minute pod "big" is Running
    And pod "big" has "spec.nodeName" equal to "big-worker"
