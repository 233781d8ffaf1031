Feature: Deployment rollouts
  A Deployment rolls a new pod template out by creating a new ReplicaSet and scaling it up while it
  scales the old one down, and keeps the old ReplicaSets so that a rollout can be undone.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels:
          app: web
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
                image: nginx:1.26
      """
    And within 2 minutes deployment "web" is rolled out

  Scenario: Changing the image rolls out a new ReplicaSet
    When I run "kubectl set image deployment/web nginx=nginx:1.27"
    Then kubectl exits with code 0
    And within 2 minutes deployment "web" is rolled out
    And deployment "web" has 2 ReplicaSets
    And deployment "web" has "metadata.annotations['deployment.kubernetes.io/revision']" equal to "2"
    And 3 pods labelled "app=web" are Running
    And deployment "web" has a Normal event "ScalingReplicaSet" with a message containing "Scaled down replica set web-"

  Scenario: Undoing a rollout brings the previous template back as a new revision
    When I run "kubectl set image deployment/web nginx=nginx:1.27"
    And within 2 minutes deployment "web" is rolled out
    And I run "kubectl rollout undo deployment/web"
    Then kubectl exits with code 0
    And within 2 minutes deployment "web" is rolled out
    And deployment "web" has "spec.template.spec.containers[0].image" equal to "nginx:1.26"
    And deployment "web" has "metadata.annotations['deployment.kubernetes.io/revision']" equal to "3"
    And deployment "web" has 2 ReplicaSets

  Scenario: Scaling changes the number of pods
    When I run "kubectl scale deployment web --replicas=5"
    Then within 1 minute 5 pods labelled "app=web" are Running
    When I run "kubectl scale deployment web --replicas=2"
    Then within 1 minute 2 pods labelled "app=web" are Running

  Scenario: A paused Deployment keeps its pods until it is resumed
    When I run "kubectl rollout pause deployment/web"
    And I run "kubectl set image deployment/web nginx=nginx:1.27"
    And 1 minute passes
    Then deployment "web" has 1 ReplicaSet
    And deployment "web" has condition Progressing "Unknown" with reason "DeploymentPaused"
    When I run "kubectl rollout resume deployment/web"
    Then within 2 minutes deployment "web" is rolled out
    And deployment "web" has 2 ReplicaSets

  Scenario: The rollout history lists each revision
    When I run "kubectl set image deployment/web nginx=nginx:1.27"
    And within 2 minutes deployment "web" is rolled out
    And I run "kubectl rollout history deployment/web"
    Then kubectl prints:
      """
      deployment.apps/web 
      REVISION  CHANGE-CAUSE
      1         <none>
      2         <none>

      """

  Scenario: A rollout to an image that does not exist stalls with the old pods still serving
    When I run "kubectl set image deployment/web nginx=nginx:no-such-tag"
    And 2 minutes pass
    Then deployment "web" has "status.availableReplicas" equal to "3"
    And deployment "web" has "status.updatedReplicas" equal to "1"
    And deployment "web" has "status.unavailableReplicas" equal to "1"
    And within 10 minutes deployment "web" has condition Progressing "False" with reason "ProgressDeadlineExceeded"
