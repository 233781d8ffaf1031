Feature: Requests, limits, LimitRanges and QoS classes
  A namespace's LimitRange fills in the requests and limits a container leaves out and refuses
  containers outside its bounds; what a pod asks for decides its QoS class.

  Scenario: A LimitRange fills in what the container leaves out
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: container-limits
      spec:
        limits:
          - type: Container
            default:
              cpu: 500m
              memory: 256Mi
            defaultRequest:
              cpu: 100m
              memory: 128Mi
            max:
              memory: 1Gi
      """
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: plain
      spec:
        containers:
          - name: app
            image: nginx:1.27
      """
    Then pod "plain" has "spec.containers[0].resources.limits.memory" equal to "256Mi"
    And pod "plain" has "spec.containers[0].resources.requests.cpu" equal to "100m"
    And pod "plain" has "metadata.annotations['kubernetes.io/limit-ranger']" equal to "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app"
    And pod "plain" has "status.qosClass" equal to "Burstable"

  Scenario: A container over the LimitRange's maximum is refused
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: LimitRange
      metadata:
        name: container-limits
      spec:
        limits:
          - type: Container
            max:
              memory: 1Gi
      """
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: greedy
      spec:
        containers:
          - name: app
            image: nginx:1.27
            resources:
              limits:
                memory: 2Gi
      """
    Then the request is refused with 403 Forbidden and message:
      """
      pods "greedy" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi
      """

  Scenario Outline: What a pod asks for decides its QoS class
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: sized
      spec:
        containers:
          - name: app
            image: nginx:1.27
            resources: <resources>
      """
    Then pod "sized" has "status.qosClass" equal to "<class>"

    Examples:
      | resources                                                                             | class      |
      | {}                                                                                    | BestEffort |
      | {requests: {memory: 64Mi}}                                                            | Burstable  |
      | {limits: {cpu: 250m, memory: 64Mi}}                                                   | Guaranteed |
      | {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 500m, memory: 64Mi}}              | Burstable  |
