Feature: StatefulSet ordering and storage
  A StatefulSet creates its pods in order of their ordinal, each once the one before is ready, and
  removes them in reverse order when scaled down; with podManagementPolicy Parallel it starts them
  all at once. Each pod gets its own claim from the volume claim templates, and the claims stay
  when the StatefulSet scales down.

  Scenario: Pods start one after the other, each once the previous one is ready
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        clusterIP: None
        selector:
          app: web
        ports:
          - port: 80
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: web
        replicas: 3
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
                readinessProbe:
                  httpGet:
                    path: /
                    port: 80
                  initialDelaySeconds: 20
      """
    And 15 seconds pass
    Then the pods labelled "app=web" are:
      | name  | status  | ready |
      | web-0 | Running | 0/1   |
    And within 2 minutes the pods labelled "app=web" are:
      | name  | status  | ready |
      | web-0 | Running | 1/1   |
      | web-1 | Running | 1/1   |
      | web-2 | Running | 1/1   |
    And pod "web-2" has "metadata.labels['statefulset.kubernetes.io/pod-name']" equal to "web-2"
    And pod "web-2" has "metadata.labels['apps.kubernetes.io/pod-index']" equal to "2"
    And pod "web-1" has "spec.hostname" equal to "web-1"
    And pod "web-1" has "spec.subdomain" equal to "web"

  Scenario: Scaling down removes the highest ordinal first
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 3
        selector:
          matchLabels:
            app: db
        template:
          metadata:
            labels:
              app: db
          spec:
            terminationGracePeriodSeconds: 30
            containers:
              - name: shell
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      """
    And within 2 minutes statefulset "db" has "status.readyReplicas" equal to "3"
    When I run "kubectl scale statefulset db --replicas=1"
    And 10 seconds pass
    Then the pods labelled "app=db" are:
      | name | status      | ready |
      | db-0 | Running     | 1/1   |
      | db-1 | Running     | 1/1   |
      | db-2 | Terminating | 1/1   |
    And within 2 minutes the pods labelled "app=db" are:
      | name | status  | ready |
      | db-0 | Running | 1/1   |
    And statefulset "db" has a Normal event "SuccessfulDelete" with a message containing "delete Pod db-2 in StatefulSet db successful"

  Scenario: With podManagementPolicy Parallel all pods start at once
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: web
        replicas: 3
        podManagementPolicy: Parallel
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
                readinessProbe:
                  httpGet:
                    path: /
                    port: 80
                  initialDelaySeconds: 20
      """
    And 15 seconds pass
    Then the pods labelled "app=web" are:
      | name  | status  | ready |
      | web-0 | Running | 0/1   |
      | web-1 | Running | 0/1   |
      | web-2 | Running | 0/1   |

  Scenario: Each pod gets its own claim, and the claims stay after scaling down
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 2
        selector:
          matchLabels:
            app: db
        template:
          metadata:
            labels:
              app: db
          spec:
            containers:
              - name: redis
                image: redis:7
                volumeMounts:
                  - name: data
                    mountPath: /data
        volumeClaimTemplates:
          - metadata:
              name: data
            spec:
              accessModes: ["ReadWriteOnce"]
              resources:
                requests:
                  storage: 1Gi
      """
    Then within 2 minutes statefulset "db" has "status.readyReplicas" equal to "2"
    And persistentvolumeclaim "data-db-0" has "status.phase" equal to "Bound"
    And persistentvolumeclaim "data-db-1" has "status.phase" equal to "Bound"
    And pod "db-1" has "spec.volumes[0].persistentVolumeClaim.claimName" equal to "data-db-1"
    When I run "kubectl scale statefulset db --replicas=1"
    Then within 1 minute pod "db-1" does not exist
    And persistentvolumeclaim "data-db-1" has "status.phase" equal to "Bound"
