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
