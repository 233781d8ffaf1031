Feature: Priority and preemption
  When a pod of a higher PriorityClass does not fit, the scheduler evicts lower-priority pods
  from a node to make room, and nominates that node for the waiting pod.

  Scenario: A high-priority pod preempts a low-priority one on a full node
    Given the cluster has 1 node with 2 CPUs and 2Gi of memory each
    And I apply the manifest:
      """yaml
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata:
        name: high
      value: 1000000
      description: Pods that must run.
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: batch
      spec:
        containers:
          - name: worker
            image: nginx:1.27
            resources:
              requests:
                memory: 1500Mi
      """
    And within 1 minute pod "batch" is Running
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: critical
      spec:
        priorityClassName: high
        containers:
          - name: app
            image: nginx:1.27
            resources:
              requests:
                memory: 1Gi
      """
    Then within 2 minutes pod "critical" is Running
    And pod "batch" has a Normal event "Preempted" with a message containing "on node minikube"
    And pod "batch" does not exist
    And pod "critical" has "spec.priority" equal to "1000000"
