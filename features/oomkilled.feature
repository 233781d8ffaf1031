@headline
Feature: OOMKilled
  A container that uses more memory than its limit is killed by the kernel (exit code 137) and
  restarted; as it keeps failing, the kubelet backs off and the pod shows CrashLoopBackOff.

  Scenario: A stress container over its 100Mi limit is OOMKilled and crash-loops
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: memory-hog
      spec:
        containers:
          - name: stress
            image: polinux/stress
            resources:
              requests:
                memory: 50Mi
              limits:
                memory: 100Mi
            command: ["stress"]
            args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
      """
    Then within 1 minute the STATUS of pod "memory-hog" is "OOMKilled"
    And within 1 minute the STATUS of pod "memory-hog" is "CrashLoopBackOff"
    And container "stress" of pod "memory-hog" was last terminated with reason "OOMKilled" and exit code 137
    And within 5 minutes the restart count of container "stress" in pod "memory-hog" is at least 3
    And pod "memory-hog" has a Warning event "BackOff" with a message containing "Back-off restarting failed container stress in pod memory-hog"
