@cluster:small-node
Feature: Node memory pressure
  When the containers on a node leave less than 100Mi of its memory available, the kubelet reports
  MemoryPressure, the node is tainted so that nothing new lands there, and the kubelet evicts pods,
  one each time it looks (every 10 seconds, and again as soon as an evicted pod is gone). It picks
  pods using more memory than they requested first, then lower priorities, then the largest use
  above the request: a BestEffort pod goes before a Burstable pod within its request, and a
  Guaranteed pod last. An evicted pod is Failed with reason Evicted and stays to be looked at; its
  containers show how they ended, so `kubectl get pods` shows Error for a process killed at the end
  of its grace period. MemoryPressure stays for 5 minutes after the kubelet last saw the threshold
  met.

  Background:
    Given the cluster has 1 node with 2 CPUs and 1Gi of memory each

  Scenario: The BestEffort pod is evicted first and the Guaranteed pod keeps running
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: idle
      spec:
        containers:
          - name: sleep
            image: busybox:1.36
            command: ["sleep", "3600"]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
            resources:
              requests:
                cpu: 100m
                memory: 64Mi
              limits:
                cpu: 100m
                memory: 64Mi
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: cache
      spec:
        containers:
          - name: stress
            image: polinux/stress
            resources:
              requests:
                memory: 960Mi
            command: ["stress"]
            args: ["--vm", "1", "--vm-bytes", "950M", "--vm-hang", "1"]
      """
    Then within 1 minute node "small-node" has condition MemoryPressure "True" with reason "KubeletHasInsufficientMemory"
    And node "small-node" has "spec.taints[?(@.key=='node.kubernetes.io/memory-pressure')].effect" equal to "NoSchedule"
    And node "small-node" has a Warning event "EvictionThresholdMet" from "kubelet" with message:
      """
      Attempting to reclaim memory
      """
    And within 30 seconds pod "idle" has "status.reason" equal to "Evicted"
    And pod "idle" is Failed
    And the STATUS of pod "idle" is "Error"
    And pod "idle" has "status.message" equal to "The node was low on resource: memory. Threshold quantity: 100Mi, available: 66Mi. Container sleep was using 1Mi, request is 0, has larger consumption of memory. "
    And pod "idle" has a Warning event "Evicted" from "kubelet" with message "The node was low on resource: memory. Threshold quantity: 100Mi, available: 66Mi. Container sleep was using 1Mi, request is 0, has larger consumption of memory. "
    And pod "idle" has condition DisruptionTarget "True" with reason "TerminationByKubelet"
    And within 30 seconds pod "cache" has "status.reason" equal to "Evicted"
    And pod "cache" has "status.message" equal to "The node was low on resource: memory. Threshold quantity: 100Mi, available: 67Mi. "
    And for 2 minutes pod "web" stays Running
    And pod "web" has "status.containerStatuses[0].restartCount" equal to "0"
    And node "small-node" has condition MemoryPressure "True" with reason "KubeletHasInsufficientMemory"
    And within 5 minutes node "small-node" has condition MemoryPressure "False" with reason "KubeletHasSufficientMemory"

  Scenario: The replacement of an evicted pod waits until the memory pressure is over
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: idle
      spec:
        replicas: 1
        selector:
          matchLabels:
            app: idle
        template:
          metadata:
            labels:
              app: idle
          spec:
            containers:
              - name: sleep
                image: busybox:1.36
                command: ["sleep", "3600"]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: cache
      spec:
        containers:
          - name: stress
            image: polinux/stress
            resources:
              requests:
                memory: 960Mi
            command: ["stress"]
            args: ["--vm", "1", "--vm-bytes", "950M", "--vm-hang", "1"]
      """
    Then within 1 minute 1 of the pods labelled "app=idle" shows STATUS "Error"
    And 1 of the pods labelled "app=idle" shows STATUS "Pending"
    When 4 minutes pass
    Then node "small-node" has condition MemoryPressure "True" with reason "KubeletHasInsufficientMemory"
    And 1 of the pods labelled "app=idle" shows STATUS "Pending"
    And within 2 minutes node "small-node" has condition MemoryPressure "False" with reason "KubeletHasSufficientMemory"
    And within 1 minute 1 of the pods labelled "app=idle" shows STATUS "Running"
    And 1 of the pods labelled "app=idle" shows STATUS "Error"
