Feature: ResourceQuotas on compute resources and object counts
  A quota on requests and limits makes every container say what it needs and refuses pods that
  would take the namespace over its total; a quota on object counts caps how many NodePort
  Services or ConfigMaps the namespace holds; a Deployment whose pods the quota refuses reports why.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: compute
      spec:
        hard:
          requests.cpu: "1"
          requests.memory: 1Gi
          limits.cpu: "2"
          limits.memory: 2Gi
      """
    And resourcequota "compute" has "status.hard['requests.cpu']" equal to "1"

  Scenario: A pod that does not say what it needs is refused
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: vague
      spec:
        containers:
          - name: app
            image: nginx:1.27
          - name: sidecar
            image: busybox:1.36
            command: ["sh", "-c", "sleep 3600"]
            resources:
              requests:
                cpu: 100m
                memory: 64Mi
      """
    Then the request is refused with 403 Forbidden and message:
      """
      pods "vague" is forbidden: failed quota: compute: must specify limits.cpu for: app,sidecar; limits.memory for: app,sidecar; requests.cpu for: app; requests.memory for: app
      """

  Scenario: Pods are admitted until their requests would pass the quota
    When I create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: first
      spec:
        containers:
          - name: app
            image: nginx:1.27
            resources:
              requests:
                cpu: 600m
                memory: 256Mi
              limits:
                cpu: 600m
                memory: 256Mi
      """
    Then within 10 seconds resourcequota "compute" has "status.used['requests.cpu']" equal to "600m"
    And resourcequota "compute" has "status.used['limits.memory']" equal to "256Mi"
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: second
      spec:
        containers:
          - name: app
            image: nginx:1.27
            resources:
              requests:
                cpu: 500m
                memory: 256Mi
              limits:
                cpu: 500m
                memory: 256Mi
      """
    Then the request is refused with 403 Forbidden and message:
      """
      pods "second" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1
      """
    When I run "kubectl describe resourcequota compute"
    Then kubectl output contains "requests.cpu     600m   1"
    When I delete pod "first"
    Then within 1 minute resourcequota "compute" has "status.used['requests.cpu']" equal to "0"

  Scenario: A Deployment whose pods exceed the quota reports the refusal on its ReplicaSet
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
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
                resources:
                  requests:
                    cpu: 400m
                    memory: 128Mi
                  limits:
                    cpu: 400m
                    memory: 128Mi
      """
    Then within 1 minute 2 pods labelled "app=web" are Running
    And deployment "web" has "status.availableReplicas" equal to "2"
    And within 1 minute deployment "web" has condition ReplicaFailure "True" with reason "FailedCreate"
    When I run "kubectl get events --field-selector reason=FailedCreate -o jsonpath={.items[0].message}"
    Then kubectl output contains "is forbidden: exceeded quota: compute, requested: requests.cpu=400m, used: requests.cpu=800m, limited: requests.cpu=1"

  Scenario: A quota on object counts caps the number of NodePort Services
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: objects
      spec:
        hard:
          services.nodeports: "1"
          count/configmaps: "5"
      """
    And resourcequota "objects" has "status.hard['services.nodeports']" equal to "1"
    When I create the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: one
      spec:
        type: NodePort
        selector:
          app: one
        ports:
          - port: 80
      """
    And I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: two
      spec:
        type: NodePort
        selector:
          app: two
        ports:
          - port: 80
      """
    Then the request is refused with 403 Forbidden and message:
      """
      services "two" is forbidden: exceeded quota: objects, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1
      """
    And within 10 seconds resourcequota "objects" has "status.used['count/configmaps']" equal to "1"
