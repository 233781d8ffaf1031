Feature: Running commands in a container with kubectl exec
  kubectl exec runs a command in a running container, in the container's environment and over the
  files mounted into it, and exits with the command's exit code: the way the books look inside a
  pod at what a ConfigMap gave it.

  Scenario: A mounted ConfigMap and ConfigMap variables, read from inside the container
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-config
      data:
        COLOR: blue
        app.properties: |
          greeting=hello
          size=large
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            env:
              - name: COLOR
                valueFrom:
                  configMapKeyRef:
                    name: app-config
                    key: COLOR
            volumeMounts:
              - name: config
                mountPath: /etc/config
        volumes:
          - name: config
            configMap:
              name: app-config
      """
    Then within 1 minute pod "web" is Running
    When I run "kubectl exec web -- ls /etc/config"
    Then kubectl prints:
      """
      COLOR
      app.properties
      """
    When I run "kubectl exec web -- cat /etc/config/app.properties"
    Then kubectl prints:
      """
      greeting=hello
      size=large
      """
    When I run "kubectl exec web -c app -- printenv COLOR"
    Then kubectl prints:
      """
      blue
      """

  Scenario: kubectl exec exits with the command's exit code
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: shell
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
      """
    Then within 1 minute pod "shell" is Running
    When I run "kubectl exec shell -- sh -c 'test -f /etc/config/app.properties'"
    Then kubectl exits with code 1
    And kubectl output contains "command terminated with exit code 1"
    When I run "kubectl exec shell -- sh -c 'echo done; exit 3'"
    Then kubectl exits with code 3
    And kubectl prints:
      """
      done
      """

  Scenario: A program the image does not have cannot be run
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: proxy
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then within 1 minute pod "proxy" is Running
    When I run "kubectl exec proxy -- ps aux"
    Then kubectl exits with code 1
    And kubectl output contains "exec: \"ps\": executable file not found in $PATH"
