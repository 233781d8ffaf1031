Feature: Graceful termination, hooks and sidecars
  Deleting a pod gives its containers terminationGracePeriodSeconds to stop: a server stops at
  once on SIGTERM, a shell that ignores it is killed when the grace period runs out. A sidecar
  (an init container that always restarts) runs beside the app containers.

  Scenario: A server stops at once when its pod is deleted
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    And within 1 minute pod "web" is Running
    When I delete pod "web"
    Then within 5 seconds pod "web" does not exist

  Scenario: A shell that ignores SIGTERM is killed when the grace period runs out
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: stubborn
      spec:
        terminationGracePeriodSeconds: 20
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
      """
    And within 1 minute pod "stubborn" is Running
    When I delete pod "stubborn"
    Then the STATUS of pod "stubborn" is "Terminating"
    And for 15 seconds pod "stubborn" stays Running
    And within 10 seconds pod "stubborn" does not exist

  Scenario: A sidecar starts before the app and runs beside it
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: with-sidecar
        labels:
          app: shop
      spec:
        initContainers:
          - name: log-shipper
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            restartPolicy: Always
        containers:
          - name: app
            image: nginx:1.27
      """
    Then within 1 minute the pods labelled "app=shop" are:
      | name         | status  | ready | restarts |
      | with-sidecar | Running | 2/2   | 0        |
    And pod "with-sidecar" has "status.initContainerStatuses[0].started" equal to "true"
