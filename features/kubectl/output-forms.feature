@cluster:minikube
Feature: kubectl output forms of the books
  The books read the cluster through `kubectl get` with its wide, name, custom-columns and
  jsonpath forms and through `kubectl describe`; each shows what the cluster holds.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
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
                ports:
                  - containerPort: 80
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
          - port: 80
      """
    And within 1 minute deployment "web" is rolled out

  Scenario: get -o wide adds the node and the images
    When I run "kubectl get pods -o wide"
    Then kubectl output contains "NOMINATED NODE"
    And 2 of the pods labelled "app=web" show STATUS "Running"
    When I run "kubectl get pods -l app=web -o custom-columns=NODE:.spec.nodeName --no-headers"
    Then kubectl prints:
      """
      minikube
      minikube
      """
    When I run "kubectl get deployment web -o wide"
    Then kubectl shows a row with NAME "web" and READY "2/2"
    And kubectl shows a row with NAME "web" and UP-TO-DATE "2"
    And kubectl shows a row with NAME "web" and IMAGES "nginx:1.27"
    And kubectl shows a row with NAME "web" and SELECTOR "app=web"
    When I run "kubectl get replicasets -l app=web"
    Then kubectl output contains "DESIRED   CURRENT   READY"
    When I run "kubectl get service web -o wide"
    Then kubectl shows a row with NAME "web" and SELECTOR "app=web"
    And kubectl shows a row with NAME "web" and TYPE "ClusterIP"

  Scenario: get -o name and custom columns list what the books pipe on
    When I run "kubectl get deployment,service web -o name"
    Then kubectl prints:
      """
      deployment.apps/web
      service/web
      """
    When I run "kubectl get deployment web -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[0].image"
    Then kubectl prints:
      """
      NAME   REPLICAS   IMAGE
      web    2          nginx:1.27
      """
    When I run "kubectl get pods -l app=web -o jsonpath={.items[*].status.phase}"
    Then kubectl prints:
      """
      Running Running
      """

  Scenario: describe shows a pod's node, conditions and events
    When I run "kubectl describe pods -l app=web"
    Then kubectl exits with code 0
    And kubectl output contains "Node:             minikube/"
    And kubectl output contains "Controlled By:  ReplicaSet/web-"
    And kubectl output contains "Image:          nginx:1.27"
    And kubectl output contains "QoS Class:                   BestEffort"
    And kubectl output contains "Successfully assigned ${namespace}/web-"
    When I run "kubectl describe deployment web"
    Then kubectl output contains "StrategyType:           RollingUpdate"
    And kubectl output contains "RollingUpdateStrategy:  25% max unavailable, 25% max surge"
    And kubectl output contains "Scaled up replica set web-"
    When I run "kubectl describe service web"
    Then kubectl output contains "TargetPort:               80/TCP"
    And kubectl output contains "Session Affinity:         None"
