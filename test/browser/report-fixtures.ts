/** Feature files the report and comparison tests run. */

/**
 * Three scenarios whose outcome depends on the cluster's shape: the first agrees on every
 * cluster; the second fails on three nodes (the scheduler's message names 3 nodes, not 1);
 * the third is skipped anywhere but on a single 2 CPU / 2Gi node.
 */
export const FIT_FEATURE = `@sizing
Feature: Fit depends on the nodes
  Scenario: A small pod runs on any cluster
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: small
      spec:
        containers:
          - name: web
            image: nginx:1.27
            resources:
              requests:
                memory: 100Mi
      """
    Then within 1 minute pod "small" is Running

  Scenario: A 5Gi pod fits no node
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: big
      spec:
        containers:
          - name: db
            image: mongo:3.3
            resources:
              requests:
                memory: 5Gi
      """
    Then for 30 seconds pod "big" stays Pending
    And pod "big" has a Warning event "FailedScheduling" from "default-scheduler" with message:
      """
      0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.
      """

  @single-node
  Scenario: Only on one 2 CPU / 2Gi node
    Given the cluster has 1 node with 2 CPUs and 2Gi of memory each
    Then user "jane" cannot delete pods
`;
