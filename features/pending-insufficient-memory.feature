@headline @cluster:minikube
Feature: Pending on insufficient memory
  The scheduler places a pod only on a node with enough unrequested memory. A pod that asks for
  more than any node has stays Pending, and the scheduler says why.

  Scenario: A pod requesting 4Gi on a 2Gi node stays Pending
    Given the cluster has 1 node with 2 CPUs and 2Gi of memory each
    When I apply the manifest:
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
    Then pod "big" has condition PodScheduled "False" with reason "Unschedulable"
    And for 2 minutes pod "big" stays Pending
    And pod "big" has a Warning event "FailedScheduling" from "default-scheduler" with message:
      """
      0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.
      """
