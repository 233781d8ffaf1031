Feature: CPU limits
  A container that wants more CPU than its limit is throttled by the kernel (its CFS quota), never
  killed: it keeps running, slower, with no restarts. Memory is different: a container over its
  memory limit is OOMKilled (see oomkilled.feature).

  Scenario: A container asking for 2 CPUs under a limit of 1 keeps running
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: cpu-demo
      spec:
        containers:
          - name: cpu-demo-ctr
            image: vish/stress
            resources:
              limits:
                cpu: "1"
              requests:
                cpu: "0.5"
            args: ["-cpus", "2"]
      """
    Then within 1 minute pod "cpu-demo" is Running
    And for 10 minutes pod "cpu-demo" stays Running
    And the STATUS of pod "cpu-demo" is "Running"
    And pod "cpu-demo" has "status.containerStatuses[0].restartCount" equal to "0"
    And pod "cpu-demo" has condition Ready "True"
