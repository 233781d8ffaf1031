@bundled
Feature: Horizontal pod autoscaling
  A HorizontalPodAutoscaler looks at its target's pods every 15 seconds through the resource metrics API
  (what `kubectl top` shows) and sets the target's replicas so that their average CPU use, as a share of
  what they request, comes back to the target: ceil(replicas × current / target). It scales out at once
  (at most to max(2 × current, 4) at a time), and in only when no recommendation of the last five minutes
  asked for more.

  Background:
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: php-apache
      spec:
        replicas: 1
        selector:
          matchLabels: { app: php-apache }
        template:
          metadata:
            labels: { app: php-apache }
          spec:
            containers:
              - name: php-apache
                image: registry.k8s.io/hpa-example
                resources:
                  requests: { cpu: 200m }
                  limits: { cpu: 500m }
      """
    Then within 1 minute deployment "php-apache" is rolled out

  Scenario: kubectl top shows what the pods and nodes use
    When a CPU load of 300m is spread over the pods labelled "app=php-apache"
    And I run "kubectl top pods --containers"
    Then kubectl output contains "php-apache   300m         2Mi"
    When I run "kubectl top nodes"
    Then kubectl shows a row with NAME "minikube" and CPU(cores) "300m"

  Scenario: A CPU load scales the Deployment out to what it needs, and back in only after five quiet minutes
    When I apply the manifest:
      """yaml
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: php-apache
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: php-apache }
        minReplicas: 1
        maxReplicas: 10
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
      """
    And a CPU load of 900m is spread over the pods labelled "app=php-apache"
    Then within 20 seconds horizontalpodautoscaler "php-apache" has a Normal event "SuccessfulRescale" from "horizontal-pod-autoscaler" with message "New size: 4; reason: cpu resource utilization (percentage of request) above target"
    And horizontalpodautoscaler "php-apache" has condition ScalingLimited "True" with reason "ScaleUpLimit"
    When I run "kubectl get hpa php-apache"
    Then kubectl shows a row with NAME "php-apache" and TARGETS "cpu: 250%/50%"
    Then within 2 minutes deployment "php-apache" has "spec.replicas" equal to "9"
    And within 1 minute horizontalpodautoscaler "php-apache" has "status.currentMetrics[0].resource.current.averageUtilization" equal to "50"
    When I run "kubectl get hpa php-apache"
    Then kubectl shows a row with TARGETS "cpu: 50%/50%" and REPLICAS "9"
    When the load on the pods labelled "app=php-apache" stops
    And 4 minutes pass
    Then deployment "php-apache" has "spec.replicas" equal to "9"
    And horizontalpodautoscaler "php-apache" has condition AbleToScale "True" with reason "ScaleDownStabilized"
    And within 2 minutes horizontalpodautoscaler "php-apache" has a Normal event "SuccessfulRescale" from "horizontal-pod-autoscaler" with message "New size: 1; reason: All metrics below target"
    And within 1 minute 1 pod labelled "app=php-apache" is Running

  Scenario: maxReplicas caps the scale-out
    When I apply the manifest:
      """yaml
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: php-apache
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: php-apache }
        minReplicas: 2
        maxReplicas: 3
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
      """
    Then within 20 seconds horizontalpodautoscaler "php-apache" has a Normal event "SuccessfulRescale" from "horizontal-pod-autoscaler" with message "New size: 2; reason: Current number of replicas below Spec.MinReplicas"
    When a CPU load of 1500m is spread over the pods labelled "app=php-apache"
    Then within 1 minute deployment "php-apache" has "spec.replicas" equal to "3"
    And within 1 minute horizontalpodautoscaler "php-apache" has condition ScalingLimited "True" with reason "TooManyReplicas"
    When I run "kubectl get hpa php-apache"
    Then kubectl shows a row with MINPODS "2" and MAXPODS "3"

  Scenario: Without CPU requests there is no utilization to compute
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: no-requests
      spec:
        replicas: 1
        selector:
          matchLabels: { app: no-requests }
        template:
          metadata:
            labels: { app: no-requests }
          spec:
            containers:
              - name: web
                image: registry.k8s.io/hpa-example
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: no-requests
      spec:
        scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: no-requests }
        maxReplicas: 5
        metrics:
          - type: Resource
            resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
      """
    Then within 1 minute horizontalpodautoscaler "no-requests" has a Warning event "FailedGetResourceMetric" with a message containing "failed to get cpu utilization: missing request for cpu in container web of Pod no-requests-"
    And horizontalpodautoscaler "no-requests" has a Warning event "FailedComputeMetricsReplicas" with a message containing "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container web of Pod no-requests-"
    And horizontalpodautoscaler "no-requests" has condition ScalingActive "False" with reason "FailedGetResourceMetric"
    When I run "kubectl get hpa no-requests"
    Then kubectl shows a row with TARGETS "cpu: <unknown>/50%" and REPLICAS "1"
