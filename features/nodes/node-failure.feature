@bundled @cluster:three-nodes
Feature: Node failure
  When a node stops reporting, the node controller marks it NotReady and taints it unreachable;
  its pods are evicted once their tolerationSeconds (300 by default) run out, and their
  ReplicaSet recreates them on the nodes that are left.

  Scenario: Pods of a failed node are recreated on another node
    Given I apply the manifest:
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
    And within 1 minute 2 pods labelled "app=web" are Running
    When node "worker-1" fails
    Then within 2 minutes node "worker-1" has condition Ready "Unknown" with reason "NodeStatusUnknown"
    And node "worker-1" has "spec.taints[?(@.effect=='NoExecute')].key" equal to "node.kubernetes.io/unreachable"
    And within 7 minutes no pod labelled "app=web" runs on node "worker-1"
    And within 2 minutes 2 pods labelled "app=web" are Running
    When node "worker-1" recovers
    Then within 1 minute node "worker-1" has condition Ready "True" with reason "KubeletReady"
