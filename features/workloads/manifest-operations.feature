Feature: Working with manifests
  Objects are created from manifests in doc strings or files, changed by patches and
  replacements, and deleted; a request the API refuses reports its Status.

  Scenario: A Deployment applied from a file is patched, then deleted
    When I apply the manifest "fixtures/manifests/web-deployment.yaml"
    Then within 1 minute 2 pods labelled "app=web" show STATUS "Running"
    When I patch deployment "web" with:
      """yaml
      spec:
        replicas: 4
      """
    Then within 1 minute 4 pods labelled "app=web" are Running
    When I delete deployment "web"
    Then deployment "web" does not exist
    And within 1 minute 0 pods labelled "app=web" are Running

  Scenario: A ConfigMap is replaced as a whole
    Given I create the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        colour: blue
        size: large
      """
    When I replace the manifest:
      """yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        colour: green
      """
    Then configmap "settings" has "data.colour" equal to "green"
    And configmap "settings" has "data" equal to "{\"colour\":\"green\"}"

  Scenario: Deleting what does not exist is refused with 404
    When I try to delete pod "nothing-here"
    Then the request is refused with 404 NotFound and message:
      """
      pods "nothing-here" not found
      """

  Scenario: A ConfigMap is created, replaced and deleted from files
    When I create the manifest "fixtures/manifests/settings-configmap.yaml"
    Then configmap "settings" has "data.size" equal to "large"
    When I replace the manifest "fixtures/manifests/settings-configmap-green.yaml"
    Then configmap "settings" has "data" equal to "{\"colour\":\"green\"}"
    When I delete the manifest "fixtures/manifests/settings-configmap-green.yaml"
    Then configmap "settings" does not exist

  Scenario: A Deployment is scaled, labelled, annotated and patched from a file
    When I apply the manifest "fixtures/manifests/web-deployment.yaml"
    And I scale deployment "web" to 3 replicas
    Then eventually 3 pods labelled "app=web" are Running
    And deployment "web" has "spec.template.spec.containers[0].image" that contains "nginx:"
    And deployment "web" has "metadata.uid" that matches "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-"
    When I label deployment "web" with "tier=frontend team=shop"
    Then deployment "web" has "metadata.labels.tier" equal to "frontend"
    And deployment "web" has "metadata.labels.team" equal to "shop"
    When I label deployment "web" with "team-"
    Then deployment "web" has no "metadata.labels.team"
    When I annotate deployment "web" with "owner=team-a"
    Then deployment "web" has "metadata.annotations.owner" equal to "team-a"
    When I patch deployment "web" with the file "fixtures/manifests/web-replicas-patch.yaml"
    Then within 1 minute deployment "web" has "status.replicas" equal to "1"
