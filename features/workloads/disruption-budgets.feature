@cluster:three-nodes
Feature: PodDisruptionBudgets
  A PodDisruptionBudget says how many of an application's pods must stay healthy. The disruption
  controller counts the Ready pods it selects and how many disruptions that leaves; the eviction
  API, which kubectl drain uses, takes one of them for every pod it evicts and refuses with
  429 TooManyRequests when none is left. Deleting a pod directly ignores budgets.

  Scenario: A budget's status counts healthy pods
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
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        minAvailable: 2
        selector:
          matchLabels:
            app: web
      """
    Then within 1 minute 3 pods labelled "app=web" are Running
    And within 1 minute poddisruptionbudget "web" has "status.currentHealthy" equal to "3"
    And poddisruptionbudget "web" has "status.desiredHealthy" equal to "2"
    And poddisruptionbudget "web" has "status.expectedPods" equal to "3"
    And poddisruptionbudget "web" has "status.disruptionsAllowed" equal to "1"
    And poddisruptionbudget "web" has condition DisruptionAllowed "True" with reason "SufficientPods"
    When I run "kubectl get pdb web -o custom-columns=NAME:.metadata.name,ALLOWED:.status.disruptionsAllowed"
    Then kubectl shows a row with NAME "web" and ALLOWED "1"
    When I delete one of the pods labelled "app=web"
    Then within 1 minute poddisruptionbudget "web" has "status.disruptionsAllowed" equal to "0"
    And poddisruptionbudget "web" has condition DisruptionAllowed "False" with reason "InsufficientPods"
    And within 1 minute 3 pods labelled "app=web" are Running
    And within 1 minute poddisruptionbudget "web" has "status.disruptionsAllowed" equal to "1"

  Scenario: A drain stops while a budget allows no disruption
    When I apply the manifest:
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
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - labelSelector:
                      matchLabels:
                        app: web
                    topologyKey: kubernetes.io/hostname
            containers:
              - name: nginx
                image: nginx:1.27
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        minAvailable: 2
        selector:
          matchLabels:
            app: web
      """
    Then within 1 minute 2 pods labelled "app=web" are Running
    And within 1 minute poddisruptionbudget "web" has "status.currentHealthy" equal to "2"
    When I run "kubectl drain worker-1 --ignore-daemonsets --timeout=1s"
    Then kubectl exits with code 1
    And kubectl output contains "node/worker-1 cordoned"
    And kubectl output contains "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget."
    And kubectl output contains 'error: unable to drain node "worker-1" due to error:'
    And node "worker-1" has "spec.unschedulable" equal to "true"
    And 2 pods labelled "app=web" are Running
    When I run "kubectl uncordon worker-1"
    Then kubectl prints:
      """
      node/worker-1 uncordoned
      """

  Scenario: An eviction is refused with 429, then allowed once the StatefulSet is scaled up
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 2
        selector:
          matchLabels:
            app: db
        template:
          metadata:
            labels:
              app: db
          spec:
            containers:
              - name: redis
                image: redis:7
      ---
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: db
      spec:
        maxUnavailable: 0
        selector:
          matchLabels:
            app: db
      """
    Then within 1 minute 2 pods labelled "app=db" are Running
    And within 1 minute poddisruptionbudget "db" has "status.currentHealthy" equal to "2"
    And poddisruptionbudget "db" has "status.disruptionsAllowed" equal to "0"
    When I try to evict pod "db-0"
    Then the request is refused with 429 TooManyRequests and message:
      """
      Cannot evict pod as it would violate the pod's disruption budget.
      """
    And pod "db-0" has no "metadata.deletionTimestamp"
    When I patch poddisruptionbudget "db" with:
      """yaml
      spec:
        maxUnavailable: 1
      """
    And I patch statefulset "db" with:
      """yaml
      spec:
        replicas: 3
      """
    Then within 1 minute 3 pods labelled "app=db" are Running
    And within 1 minute poddisruptionbudget "db" has "status.disruptionsAllowed" equal to "1"
    When I evict pod "db-0"
    Then pod "db-0" has condition DisruptionTarget "True" with reason "EvictionByEvictionAPI"
    And poddisruptionbudget "db" has "status.disruptionsAllowed" equal to "0"
    And within 2 minutes 3 pods labelled "app=db" are Running
