@cluster:three-nodes
Feature: DaemonSets on labelled nodes
  A DaemonSet with a node selector runs its pod only on the nodes that carry the label: labelling
  a node brings a pod there, removing the label takes it away.

  Scenario: Labelling a node starts the DaemonSet's pod there, unlabelling it removes the pod
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: ssd-monitor
      spec:
        selector:
          matchLabels:
            app: ssd-monitor
        template:
          metadata:
            labels:
              app: ssd-monitor
          spec:
            nodeSelector:
              disk: ssd
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      """
    And 20 seconds pass
    Then daemonset "ssd-monitor" has "status.desiredNumberScheduled" equal to "0"
    When I run "kubectl get daemonset ssd-monitor"
    Then kubectl shows a row with NAME "ssd-monitor" and DESIRED "0"
    And kubectl output contains "disk=ssd"
    When I run "kubectl label node worker-1 disk=ssd"
    Then kubectl prints:
      """
      node/worker-1 labeled
      """
    And within 1 minute 1 pod labelled "app=ssd-monitor" is Running
    And no pod labelled "app=ssd-monitor" runs on node "worker-2"
    And daemonset "ssd-monitor" has "status.numberReady" equal to "1"
    When I run "kubectl label node worker-1 disk=hdd --overwrite"
    Then within 1 minute 0 pods labelled "app=ssd-monitor" are Running
    And daemonset "ssd-monitor" has "status.desiredNumberScheduled" equal to "0"
    When I run "kubectl label node worker-1 disk-"
    Then kubectl exits with code 0
