Feature: ConfigMaps and Secrets
  Configuration reaches a container as environment variables or as files in a volume; a pod that
  refers to a ConfigMap that does not exist cannot start.

  Scenario: A ConfigMap's keys become environment variables and files
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-config
      data:
        GREETING: Hello
        app.properties: |
          color=blue
          size=large
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: reader
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "echo $GREETING from the config; cat /etc/config/app.properties"]
            env:
              - name: GREETING
                valueFrom:
                  configMapKeyRef:
                    name: app-config
                    key: GREETING
            volumeMounts:
              - name: config
                mountPath: /etc/config
        volumes:
          - name: config
            configMap:
              name: app-config
      """
    Then within 1 minute pod "reader" is Succeeded
    When I run "kubectl logs reader"
    Then kubectl prints:
      """
      Hello from the config
      color=blue
      size=large
      """

  Scenario: A pod that refers to a missing ConfigMap cannot create its container
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: orphan
      spec:
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            envFrom:
              - configMapRef:
                  name: not-there
      """
    Then within 1 minute the STATUS of pod "orphan" is "CreateContainerConfigError"
    And pod "orphan" has a Warning event "Failed" with a message containing "configmap \"not-there\" not found"

  Scenario: A Secret's values reach the container, and kubectl shows them only base64-encoded
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: db-credentials
      stringData:
        username: admin
        password: s3cr3t-value
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: app
      spec:
        restartPolicy: Never
        containers:
          - name: main
            image: busybox:1.36
            command: ["sh", "-c", "cat /etc/secret/username"]
            volumeMounts:
              - name: secret
                mountPath: /etc/secret
                readOnly: true
        volumes:
          - name: secret
            secret:
              secretName: db-credentials
      """
    Then within 1 minute pod "app" is Succeeded
    And secret "db-credentials" has "data.username" equal to "YWRtaW4="
    And secret "db-credentials" has "type" equal to "Opaque"
    When I run "kubectl logs app"
    Then kubectl prints:
      """
      admin
      """
