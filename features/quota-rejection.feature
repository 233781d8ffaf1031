@headline
Feature: ResourceQuota rejection
  A ResourceQuota caps what a namespace may hold. Creating an object that would exceed it is
  refused with 403, naming the quota and what was requested, used and limited.

  Scenario: The third pod exceeds a quota of two pods
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: ResourceQuota
      metadata:
        name: pod-count
      spec:
        hard:
          pods: "2"
      """
    And resourcequota "pod-count" has "status.hard.pods" equal to "2"
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
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: second
      spec:
        containers:
          - name: app
            image: nginx:1.27
      """
    And I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: third
      spec:
        containers:
          - name: app
            image: nginx:1.27
      """
    Then the request is refused with 403 Forbidden and message:
      """
      pods "third" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=2, limited: pods=2
      """
    And resourcequota "pod-count" has "status.used.pods" equal to "2"
