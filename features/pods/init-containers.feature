Feature: Init containers
  Init containers run one after another, each to completion, before the app containers start;
  meanwhile `kubectl get pods` shows Init:N/M.

  Scenario: The app container starts after the init container completes
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: with-init
      spec:
        initContainers:
          - name: wait
            image: busybox:1.36
            command: ["sh", "-c", "sleep 10"]
        containers:
          - name: app
            image: nginx:1.27
      """
    Then within 30 seconds the STATUS of pod "with-init" is "Init:0/1"
    And within 1 minute the STATUS of pod "with-init" is "Running"
    And pod "with-init" has condition Initialized "True"
