Feature: Restart policies
  A pod's restartPolicy decides what the kubelet does when a container exits: Always restarts it,
  OnFailure restarts it only after a failure, Never leaves the pod Succeeded or Failed.

  Scenario: A command that succeeds under restartPolicy Never completes
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: hello
      spec:
        restartPolicy: Never
        containers:
          - name: hello
            image: busybox:1.36
            command: ["sh", "-c", "echo hello from kuke; sleep 2"]
      """
    Then within 1 minute pod "hello" is Succeeded
    And within 10 seconds the STATUS of pod "hello" is "Completed"
    When I run "kubectl logs hello"
    Then kubectl prints:
      """
      hello from kuke
      """

  Scenario: A command that fails under restartPolicy Never leaves the pod Failed
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: failing
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3; exit 3"]
      """
    Then within 1 minute pod "failing" is Failed
    And within 10 seconds the STATUS of pod "failing" is "Error"

  Scenario: A failing command under restartPolicy OnFailure is restarted with back-off
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: retrying
      spec:
        restartPolicy: OnFailure
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "exit 1"]
      """
    Then within 2 minutes the restart count of container "main" in pod "retrying" is at least 2
    And within 1 minute the STATUS of pod "retrying" is "CrashLoopBackOff"
