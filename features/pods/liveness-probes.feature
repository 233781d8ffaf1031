Feature: Liveness and readiness probes
  The kubelet probes containers on a schedule. After failureThreshold failed liveness probes in
  a row it kills the container and starts it again; a failing readiness probe only takes the pod
  out of service (not ready) without restarting it.

  Scenario: A container that stops answering its liveness probe is restarted
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia-liveness
      spec:
        containers:
          - name: kubia
            image: luksa/kubia-unhealthy
            livenessProbe:
              httpGet:
                path: /
                port: 8080
      """
    Then within 1 minute pod "kubia-liveness" is Running
    And within 3 minutes pod "kubia-liveness" has a Warning event "Unhealthy" with a message containing "Liveness probe failed: HTTP probe failed with statuscode: 500"
    And within 1 minute pod "kubia-liveness" has a Normal event "Killing" with a message containing "Container kubia failed liveness probe, will be restarted"
    And within 1 minute the restart count of container "kubia" in pod "kubia-liveness" is at least 1

  Scenario: A container that is not ready yet is Running but not ready
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: not-ready
        labels:
          app: probe-demo
      spec:
        containers:
          - name: web
            image: nginx:1.27
            readinessProbe:
              httpGet:
                path: /ready
                port: 80
      """
    Then within 1 minute the pods labelled "app=probe-demo" are:
      | name      | status  | ready | restarts |
      | not-ready | Running | 0/1   | 0        |
    And for 1 minute pod "not-ready" stays Running
    And pod "not-ready" has condition Ready "False" with reason "ContainersNotReady"
