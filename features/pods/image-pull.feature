Feature: Image pulls
  The kubelet pulls a container's image before it starts it. An image that does not exist fails
  to pull (ErrImagePull), and the kubelet backs off before trying again (ImagePullBackOff).

  Scenario: An image that does not exist ends in ImagePullBackOff
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: typo
      spec:
        containers:
          - name: app
            image: nginx:does-not-exist
      """
    Then pod "typo" has a Warning event "Failed" with a message containing "Error: ErrImagePull"
    And within 1 minute the STATUS of pod "typo" is "ImagePullBackOff"
    And pod "typo" has a Warning event "Failed" with a message containing "Failed to pull image \"nginx:does-not-exist\""
    And for 1 minute pod "typo" stays Pending
