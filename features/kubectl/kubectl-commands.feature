Feature: kubectl against the target
  The real kubectl runs against the scenario's cluster and namespace, so the commands of the
  books can be pasted into scenarios and their output checked.

  Scenario: kubectl shows a crash-looping pod and answers access questions
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: crasher
      spec:
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "echo starting; exit 1"]
      """
    And 10 minutes pass
    When I run "kubectl get pods"
    Then kubectl exits with code 0
    And kubectl shows a row with NAME "crasher" and STATUS "CrashLoopBackOff"
    When I run "kubectl logs crasher --previous"
    Then kubectl prints:
      """
      starting
      """
    When I run "kubectl auth can-i delete pods --as jane"
    Then kubectl exits with code 1
    And kubectl output contains "no"
