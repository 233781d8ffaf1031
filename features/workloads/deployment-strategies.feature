Feature: Deployment strategies and rollout limits
  A Deployment with the Recreate strategy stops every old pod before it starts new ones; a rolling
  update is bounded by maxSurge and maxUnavailable; minReadySeconds delays when a ready pod counts
  as available; a rollout can be undone to a chosen revision; revisionHistoryLimit bounds the old
  ReplicaSets kept.

  Scenario: The Recreate strategy scales the old ReplicaSet to zero before the new one starts
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 3
        strategy:
          type: Recreate
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
                image: nginx:1.26
      """
    And within 2 minutes deployment "web" is rolled out
    When I run "kubectl set image deployment/web nginx=nginx:no-such-tag"
    And 1 minute passes
    Then deployment "web" has "status.updatedReplicas" equal to "3"
    And deployment "web" has "status.unavailableReplicas" equal to "3"
    And deployment "web" has condition Available "False" with reason "MinimumReplicasUnavailable"
    And 3 pods labelled "app=web" show STATUS "ImagePullBackOff"

  Scenario Outline: maxSurge and maxUnavailable bound a rollout that cannot finish
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 4
        strategy:
          type: RollingUpdate
          rollingUpdate:
            maxSurge: <surge>
            maxUnavailable: <unavailable>
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
                image: nginx:1.26
      """
    And within 2 minutes deployment "web" is rolled out
    When I run "kubectl set image deployment/web nginx=nginx:no-such-tag"
    And 2 minutes pass
    Then deployment "web" has "status.updatedReplicas" equal to "<updated>"
    And deployment "web" has "status.availableReplicas" equal to "<available>"
    And deployment "web" has "status.replicas" equal to "<total>"
    And <available> of the pods labelled "app=web" show STATUS "Running"
    And <updated> of the pods labelled "app=web" show STATUS "ImagePullBackOff"

    Examples:
      | surge | unavailable | updated | available | total |
      | 1     | 0           | 1       | 4         | 5     |
      | 0     | 1           | 1       | 3         | 4     |
      | 2     | 1           | 3       | 3         | 6     |
      | 50%   | 50%         | 4       | 2         | 6     |

  Scenario: With minReadySeconds a ready pod counts as available only after that long
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        minReadySeconds: 60
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
    Then within 30 seconds 2 pods labelled "app=web" are Running
    And deployment "web" has "status.readyReplicas" equal to "2"
    And deployment "web" has "status.unavailableReplicas" equal to "2"
    And deployment "web" has condition Available "False" with reason "MinimumReplicasUnavailable"
    And within 2 minutes deployment "web" has "status.availableReplicas" equal to "2"
    And deployment "web" has condition Available "True" with reason "MinimumReplicasAvailable"

  Scenario: A rollout is undone to a chosen revision
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
                image: nginx:1.25
      """
    And within 2 minutes deployment "web" is rolled out
    When I run "kubectl set image deployment/web nginx=nginx:1.26"
    And within 2 minutes deployment "web" is rolled out
    And I run "kubectl set image deployment/web nginx=nginx:1.27"
    And within 2 minutes deployment "web" is rolled out
    And I run "kubectl rollout undo deployment/web --to-revision=1"
    Then kubectl prints:
      """
      deployment.apps/web rolled back
      """
    And within 2 minutes deployment "web" is rolled out
    And deployment "web" has "spec.template.spec.containers[0].image" equal to "nginx:1.25"
    And deployment "web" has "metadata.annotations['deployment.kubernetes.io/revision']" equal to "4"
    When I run "kubectl rollout undo deployment/web --to-revision=9"
    Then kubectl exits with code 1
    And kubectl output contains "unable to find specified revision 9 in history"

  Scenario: revisionHistoryLimit keeps only that many old ReplicaSets
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        revisionHistoryLimit: 1
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
                image: nginx:1.25
      """
    And within 2 minutes deployment "web" is rolled out
    When I run "kubectl set image deployment/web nginx=nginx:1.26"
    And within 2 minutes deployment "web" is rolled out
    And I run "kubectl set image deployment/web nginx=nginx:1.27"
    And within 2 minutes deployment "web" is rolled out
    Then deployment "web" has 2 ReplicaSets
    When I run "kubectl rollout status deployment/web"
    Then kubectl prints:
      """
      deployment "web" successfully rolled out
      """
