@cluster:zones
Feature: Node affinity, pod anti-affinity and topology spread
  The scheduler places pods by node labels (zones, regions, hostnames) and by the pods already
  running: required rules filter nodes out, and FailedScheduling says which rule each node failed.

  Scenario: Required node affinity keeps pods in the chosen zone
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: zonal
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: zonal
        template:
          metadata:
            labels:
              app: zonal
          spec:
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions:
                        - key: topology.kubernetes.io/zone
                          operator: In
                          values: [europe-west1-b]
            containers:
              - name: nginx
                image: nginx:1.27
      """
    Then within 1 minute 3 pods labelled "app=zonal" are Running
    And no pod labelled "app=zonal" runs on node "worker-a-1"
    And no pod labelled "app=zonal" runs on node "worker-a-2"
    And no pod labelled "app=zonal" runs on node "worker-c-1"
    And no pod labelled "app=zonal" runs on node "worker-c-2"

  Scenario: Required pod anti-affinity on the hostname leaves the extra replica Pending
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: cache
      spec:
        replicas: 7
        selector:
          matchLabels:
            app: cache
        template:
          metadata:
            labels:
              app: cache
          spec:
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector:
                      matchLabels:
                        app: cache
                    topologyKey: kubernetes.io/hostname
            containers:
              - name: redis
                image: redis:7
      """
    And 1 minute passes
    When I run "kubectl get pods -l app=cache --field-selector=status.phase=Pending"
    Then kubectl shows a row with READY "0/1" and STATUS "Pending"
    When I run "kubectl get events --field-selector reason=FailedScheduling -o custom-columns=MESSAGE:.message --no-headers"
    Then kubectl prints:
      """
      0/7 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 6 node(s) didn't match pod anti-affinity rules. preemption: 0/7 nodes are available: 1 Preemption is not helpful for scheduling, 6 No preemption victims found for incoming pod.
      """
