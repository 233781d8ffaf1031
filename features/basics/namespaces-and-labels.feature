Feature: Namespaces and labels
  Labels organise objects and selectors pick them out; namespaces keep names apart, and deleting a
  namespace deletes everything in it.

  Scenario: Label selectors choose pods by equality, set and existence
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-prod
        labels: {app: web, env: prod}
      spec:
        containers: [{name: nginx, image: "nginx:1.27"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-dev
        labels: {app: web, env: dev}
      spec:
        containers: [{name: nginx, image: "nginx:1.27"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
        labels: {app: db}
      spec:
        containers: [{name: redis, image: "redis:7"}]
      """
    Then within 1 minute 2 pods labelled "app=web" are Running
    And 1 pod labelled "app=web,env!=prod" is Running
    And 2 pods labelled "env in (prod,dev)" are Running
    And 1 pod labelled "!env" is Running
    When I run "kubectl label pod db env=prod"
    Then kubectl exits with code 0
    And 2 pods labelled "env=prod" are Running
    When I run "kubectl get pods -l env=prod -o name"
    Then kubectl prints:
      """
      pod/db
      pod/web-prod
      """

  Scenario: The same name lives in two namespaces, and deleting a namespace deletes its pods
    When I run "kubectl create namespace staging"
    Then kubectl exits with code 0
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        namespace: staging
      spec:
        containers: [{name: nginx, image: "nginx:1.27"}]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers: [{name: nginx, image: "nginx:1.27"}]
      """
    Then within 1 minute pod "web" is Running
    When I run "kubectl get pod web -n staging -o jsonpath={.metadata.namespace}"
    Then kubectl prints:
      """
      staging
      """
    When I run "kubectl delete namespace staging --wait=false"
    Then kubectl exits with code 0
    And within 2 minutes namespace "staging" does not exist
    And pod "web" is Running
