@headline
Feature: Self-healing
  A ReplicaSet keeps the number of pods its Deployment asks for. When a pod is deleted, the
  ReplicaSet notices that one is missing and creates a replacement with a new name.

  Scenario: A Deployment replaces a deleted pod
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
      """
    Then within 2 minutes 3 pods labelled "app=web" are Running
    When I delete one of the pods labelled "app=web"
    Then within 30 seconds 3 pods labelled "app=web" are Running
    And the deleted pod was replaced by a new pod with another name, controlled by the same ReplicaSet
