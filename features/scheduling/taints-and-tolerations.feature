@cluster:three-nodes
Feature: Taints and tolerations
  A taint keeps pods off a node unless they tolerate it: the control-plane node of a kubeadm or
  kind cluster is tainted NoSchedule, and a NoExecute taint also evicts the pods already there.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 4
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
    And within 1 minute 4 pods labelled "app=web" are Running

  Scenario: Pods stay off the tainted control-plane node
    Then no pod labelled "app=web" runs on node "control-plane"

  Scenario: A pod that selects the control-plane node without tolerating its taint stays Pending
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: on-control-plane
      spec:
        nodeSelector:
          node-role.kubernetes.io/control-plane: ""
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then for 1 minute pod "on-control-plane" stays Pending
    And pod "on-control-plane" has condition PodScheduled "False" with reason "Unschedulable"
    And pod "on-control-plane" has a Warning event "FailedScheduling" from "default-scheduler" with message:
      """
      0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.
      """

  Scenario: A pod that tolerates the taint runs on the control-plane node
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: on-control-plane
      spec:
        nodeSelector:
          node-role.kubernetes.io/control-plane: ""
        tolerations:
          - key: node-role.kubernetes.io/control-plane
            operator: Exists
            effect: NoSchedule
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then within 1 minute pod "on-control-plane" is Running
    And pod "on-control-plane" has "spec.nodeName" equal to "control-plane"

  Scenario: A NoExecute taint evicts the pods on a node and they are recreated elsewhere
    When I run "kubectl taint nodes worker-1 maintenance=true:NoExecute"
    Then kubectl exits with code 0
    And within 1 minute no pod labelled "app=web" runs on node "worker-1"
    And within 1 minute 4 pods labelled "app=web" are Running
    And no pod labelled "app=web" runs on node "control-plane"
