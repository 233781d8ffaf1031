Feature: Lifecycle hooks and readiness from a file in the container
  A postStart hook runs as soon as the container's process starts; the container shows as running only
  once the hook returns, and a failing hook gets the container killed and restarted. Files that
  commands write inside a container stay there for later commands, so readiness can be switched by
  hand with kubectl exec, as in Kubernetes in Action.

  Scenario: A pod becomes ready when a file appears, and leaves the endpoints when it goes
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
        labels:
          app: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
            ports:
              - containerPort: 8080
            readinessProbe:
              exec:
                command: ["ls", "/var/ready"]
              periodSeconds: 5
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: kubia
      spec:
        selector:
          app: kubia
        ports:
          - port: 80
            targetPort: 8080
      """
    And within 1 minute the STATUS of pod "kubia" is "Running"
    And endpoints "kubia" has "subsets[0].notReadyAddresses.length" equal to "1"
    And pod "kubia" has condition Ready "False"
    When I run "kubectl exec kubia -- touch /var/ready"
    Then within 30 seconds endpoints "kubia" has "subsets[0].addresses.length" equal to "1"
    And pod "kubia" has condition Ready "True"
    When I run "kubectl exec kubia -- rm /var/ready"
    Then within 30 seconds endpoints "kubia" has "subsets[0].notReadyAddresses.length" equal to "1"
    And pod "kubia" has condition Ready "False"

  Scenario: A postStart hook prepares what the readiness probe looks for
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: prepared
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sleep", "3600"]
            lifecycle:
              postStart:
                exec:
                  command: ["sh", "-c", "sleep 5; echo ok > /tmp/ready"]
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              periodSeconds: 5
      """
    Then within 1 minute pod "prepared" has condition Ready "True"
    And I run "kubectl exec prepared -- cat /tmp/ready"
    And kubectl output contains "ok"

  Scenario: A failing postStart hook kills the container and it is restarted
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: broken-hook
      spec:
        terminationGracePeriodSeconds: 5
        containers:
          - name: app
            image: busybox:1.36
            command: ["sleep", "3600"]
            lifecycle:
              postStart:
                exec:
                  command: ["sh", "-c", "exit 1"]
      """
    Then within 1 minute pod "broken-hook" has a Warning event "FailedPostStartHook" from "kubelet" with message "PostStartHook failed"
    And within 2 minutes the restart count of container "app" in pod "broken-hook" is at least 2
    And within 2 minutes the STATUS of pod "broken-hook" is "CrashLoopBackOff"
