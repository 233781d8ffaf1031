Feature: Labels, selectors and annotations
  A ReplicaSet owns the pods its selector matches: it adopts a matching pod that has no owner, and
  when a pod's labels stop matching it lets the pod go and makes a new one. kubectl shows labels
  as columns, filters by them, and changes labels and annotations in place.

  Scenario: A ReplicaSet adopts a matching pod, and a relabelled pod leaves it for a new one
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia-manual
        labels:
          app: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
      """
    And within 1 minute pod "kubia-manual" is Running
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: kubia
      spec:
        replicas: 3
        selector:
          matchLabels:
            app: kubia
        template:
          metadata:
            labels:
              app: kubia
          spec:
            containers:
              - name: kubia
                image: luksa/kubia
      """
    Then within 1 minute 3 pods labelled "app=kubia" are Running
    And pod "kubia-manual" has "metadata.ownerReferences[0].name" equal to "kubia"
    And pod "kubia-manual" has "metadata.ownerReferences[0].kind" equal to "ReplicaSet"
    When I run "kubectl label pod kubia-manual app=debug --overwrite"
    Then kubectl exits with code 0
    And within 1 minute 3 pods labelled "app=kubia" are Running
    And 1 pod labelled "app=debug" is Running
    And pod "kubia-manual" has no "metadata.ownerReferences"
    When I delete replicaset "kubia"
    Then within 1 minute 0 pods labelled "app=kubia" are Running
    And pod "kubia-manual" is Running

  Scenario: kubectl shows labels as columns and removes a label
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          app: web
          env: prod
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then within 1 minute pod "web" is Running
    When I run "kubectl get pods -L app,env"
    Then kubectl shows a row with NAME "web" and ENV "prod"
    And kubectl shows a row with NAME "web" and APP "web"
    When I run "kubectl get pod web --show-labels"
    Then kubectl shows a row with NAME "web" and LABELS "app=web,env=prod"
    When I run "kubectl label pod web env-"
    Then kubectl prints:
      """
      pod/web unlabeled
      """
    When I run "kubectl get pod web --show-labels"
    Then kubectl shows a row with NAME "web" and LABELS "app=web"

  Scenario: Changing a label that is already set needs --overwrite
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        labels:
          env: dev
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    When I run "kubectl label pod web env=prod"
    Then kubectl exits with code 1
    And kubectl output contains "error: 'env' already has a value (dev), and --overwrite is false"
    And pod "web" has "metadata.labels.env" equal to "dev"
    When I run "kubectl label pod web env=prod --overwrite"
    Then kubectl prints:
      """
      pod/web labeled
      """
    And pod "web" has "metadata.labels.env" equal to "prod"

  Scenario: Annotations carry notes that selectors do not use
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          example.com/owner: team-a
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    When I run "kubectl annotate pod web mycompany.com/someannotation='foo bar'"
    Then kubectl prints:
      """
      pod/web annotated
      """
    And pod "web" has "metadata.annotations['mycompany.com/someannotation']" equal to "foo bar"
    And pod "web" has "metadata.annotations['example.com/owner']" equal to "team-a"
    When I run "kubectl annotate pod web example.com/owner-"
    Then kubectl exits with code 0
    When I run "kubectl get pod web -o jsonpath={.metadata.annotations}"
    Then kubectl prints:
      """
      {"mycompany.com/someannotation":"foo bar"}
      """

  Scenario: A set-based selector in a ReplicaSet, and deleting pods by label
    When I apply the manifest:
      """yaml
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchExpressions:
            - key: app
              operator: In
              values: [web, website]
            - key: canary
              operator: DoesNotExist
        template:
          metadata:
            labels:
              app: web
              tier: frontend
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: canary
        labels:
          app: web
          canary: "true"
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
      """
    Then within 1 minute 3 pods labelled "app=web" are Running
    And 2 pods labelled "app in (web),!canary" are Running
    And pod "canary" has no "metadata.ownerReferences"
    When I run "kubectl delete pods -l canary=true --wait=false"
    Then kubectl prints:
      """
      pod "canary" deleted
      """
    And within 1 minute pod "canary" does not exist
    And 2 pods labelled "tier=frontend" are Running
