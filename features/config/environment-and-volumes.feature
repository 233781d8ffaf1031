Feature: ConfigMaps and Secrets as variables and files
  A container takes a whole ConfigMap as environment variables (with a prefix), single keys from a
  Secret, chosen keys as files at paths of its own; kubectl creates ConfigMaps and Secrets from
  literals; a missing key stops the container unless the reference is optional.

  Scenario: envFrom turns every key of a ConfigMap into a variable, with a prefix
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: fortune-config
      data:
        INTERVAL: "30"
        MODE: fast
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: fortune
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            envFrom:
              - prefix: CONFIG_
                configMapRef:
                  name: fortune-config
            env:
              - name: FIRST_RUN
                value: "yes"
      """
    Then within 1 minute pod "fortune" is Running
    When I run "kubectl exec fortune -- printenv CONFIG_INTERVAL"
    Then kubectl prints:
      """
      30
      """
    When I run "kubectl exec fortune -- sh -c 'echo $CONFIG_MODE $FIRST_RUN'"
    Then kubectl prints:
      """
      fast yes
      """

  Scenario: A Secret's key becomes a variable, and chosen ConfigMap keys become files at their own paths
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: db-user
      stringData:
        username: admin
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: nginx-config
      data:
        my-nginx-config.conf: |
          server {
            listen 80;
          }
        sleep-interval: "25"
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
              - name: DB_USER
                valueFrom:
                  secretKeyRef:
                    name: db-user
                    key: username
            volumeMounts:
              - name: config
                mountPath: /etc/nginx/conf.d
                readOnly: true
        volumes:
          - name: config
            configMap:
              name: nginx-config
              items:
                - key: my-nginx-config.conf
                  path: gzip.conf
      """
    Then within 1 minute pod "web" is Running
    When I run "kubectl exec web -- printenv DB_USER"
    Then kubectl prints:
      """
      admin
      """
    When I run "kubectl exec web -- ls /etc/nginx/conf.d"
    Then kubectl prints:
      """
      gzip.conf
      """
    When I run "kubectl exec web -- cat /etc/nginx/conf.d/gzip.conf"
    Then kubectl prints:
      """
      server {
        listen 80;
      }
      """

  Scenario: kubectl creates a ConfigMap and a Secret from literals
    When I run "kubectl create configmap fortune-config --from-literal=sleep-interval=25 --from-literal=mode=slow"
    Then kubectl prints:
      """
      configmap/fortune-config created
      """
    And configmap "fortune-config" has "data.sleep-interval" equal to "25"
    When I run "kubectl create secret generic api-token --from-literal=user=robot"
    Then kubectl prints:
      """
      secret/api-token created
      """
    And secret "api-token" has "type" equal to "Opaque"
    And secret "api-token" has "data.user" equal to "cm9ib3Q="
    When I run "kubectl get configmap fortune-config"
    Then kubectl shows a row with NAME "fortune-config" and DATA "2"
    When I run "kubectl get secret api-token"
    Then kubectl shows a row with NAME "api-token" and TYPE "Opaque"

  Scenario: A missing key stops the container, unless the reference is optional
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        colour: blue
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: strict
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            env:
              - name: SIZE
                valueFrom:
                  configMapKeyRef:
                    name: settings
                    key: size
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: relaxed
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "echo size=${SIZE:-unset}; sleep 3600"]
            env:
              - name: SIZE
                valueFrom:
                  configMapKeyRef:
                    name: settings
                    key: size
                    optional: true
      """
    Then within 1 minute the STATUS of pod "strict" is "CreateContainerConfigError"
    And pod "strict" has a Warning event "Failed" with a message containing "couldn't find key size in ConfigMap ${namespace}/settings"
    And within 1 minute pod "relaxed" is Running
    When I run "kubectl logs relaxed"
    Then kubectl prints:
      """
      size=unset
      """
