@cluster:unhealthy-nodes
Feature: Node conditions keep pods off unhealthy nodes
  A node whose kubelet reports disk pressure, or that is not ready because its network plugin never
  came up, is tainted by the node lifecycle controller after its conditions, and the scheduler
  leaves it out.

  Scenario: Pods go only to the healthy node
    Then within 30 seconds node "full-disk" has "spec.taints[0].key" equal to "node.kubernetes.io/disk-pressure"
    And within 30 seconds node "no-network" has "spec.taints[0].key" equal to "node.kubernetes.io/not-ready"
    When I run "kubectl get nodes"
    Then kubectl shows a row with NAME "no-network" and STATUS "NotReady"
    And kubectl shows a row with NAME "full-disk" and STATUS "Ready"
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 3
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
    Then within 1 minute 3 pods labelled "app=web" are Running
    And no pod labelled "app=web" runs on node "full-disk"
    And no pod labelled "app=web" runs on node "no-network"

  Scenario: The node's conditions say why
    When I run "kubectl describe node full-disk"
    Then kubectl output contains "DiskPressure     True    "
    And kubectl output contains "KubeletHasDiskPressure"
    When I run "kubectl get node no-network -o 'jsonpath={.status.conditions[?(@.type==\"Ready\")].message}'"
    Then kubectl output contains "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"
