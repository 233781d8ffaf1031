Feature: Custom resources
  A CustomResourceDefinition adds a resource to the API: once its names are accepted it is
  Established, and its objects are validated and defaulted by its schema. Deleting the definition
  deletes its objects.

  Scenario: A CronTab definition serves CronTabs until it is deleted
    When I apply the manifest:
      """yaml
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: crontabs.stable.example.com
      spec:
        group: stable.example.com
        scope: Namespaced
        names:
          plural: crontabs
          singular: crontab
          kind: CronTab
          shortNames: [ct]
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      cronSpec:
                        type: string
                      replicas:
                        type: integer
                        default: 1
      """
    Then within 10 seconds customresourcedefinition "crontabs.stable.example.com" has condition Established "True"
    When I apply the manifest:
      """yaml
      apiVersion: stable.example.com/v1
      kind: CronTab
      metadata:
        name: nightly
      spec:
        cronSpec: "0 0 * * *"
      """
    Then crontab "nightly" has "spec.replicas" equal to "1"
    When I try to create the manifest:
      """yaml
      apiVersion: stable.example.com/v1
      kind: CronTab
      metadata:
        name: broken
      spec:
        cronSpec: "0 0 * * *"
        replicas: many
      """
    Then the request is refused with 422 Invalid and message:
      """
      CronTab.stable.example.com "broken" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"
      """
    When I delete customresourcedefinition "crontabs.stable.example.com"
    Then within 1 minute customresourcedefinition "crontabs.stable.example.com" does not exist
