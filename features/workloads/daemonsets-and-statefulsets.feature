@cluster:three-nodes
Feature: DaemonSets and StatefulSets
  A DaemonSet runs one pod on every node it may schedule to; a StatefulSet gives its pods stable,
  ordered names and starts them one after the other.

  Scenario: A DaemonSet runs a pod on each worker, not on the tainted control plane
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: log-agent
      spec:
        selector:
          matchLabels:
            app: log-agent
        template:
          metadata:
            labels:
              app: log-agent
          spec:
            containers:
              - name: agent
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      """
    Then within 1 minute 2 pods labelled "app=log-agent" are Running
    And daemonset "log-agent" has "status.desiredNumberScheduled" equal to "2"
    And no pod labelled "app=log-agent" runs on node "control-plane"

  @bundled
  Scenario: A DaemonSet follows the cluster when a node joins
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: log-agent
      spec:
        selector:
          matchLabels:
            app: log-agent
        template:
          metadata:
            labels:
              app: log-agent
          spec:
            tolerations:
              - key: node-role.kubernetes.io/control-plane
                operator: Exists
                effect: NoSchedule
            containers:
              - name: agent
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      """
    And within 1 minute 3 pods labelled "app=log-agent" are Running
    When a node joins the cluster:
      """yaml
      name: worker-3
      capacity: { cpu: "2", memory: 4Gi, pods: "110" }
      """
    Then within 1 minute 4 pods labelled "app=log-agent" are Running
    And daemonset "log-agent" has "status.numberReady" equal to "4"

  Scenario: A StatefulSet gives its pods stable names, and a deleted pod comes back with its name
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: db
      spec:
        clusterIP: None
        selector:
          app: db
        ports:
          - port: 6379
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 3
        selector:
          matchLabels:
            app: db
        template:
          metadata:
            labels:
              app: db
          spec:
            containers:
              - name: redis
                image: redis:7
                ports:
                  - containerPort: 6379
      """
    Then within 2 minutes the pods labelled "app=db" are:
      | name | status  | ready |
      | db-0 | Running | 1/1   |
      | db-1 | Running | 1/1   |
      | db-2 | Running | 1/1   |
    When I delete pod "db-1"
    Then within 1 minute pod "db-1" is Running
    And statefulset "db" has "status.readyReplicas" equal to "3"
