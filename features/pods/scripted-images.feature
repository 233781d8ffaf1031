@bundled
Feature: Scripting what an image does
  On the bundled engine a scenario can say what a made-up image does, without a real image: here
  a process that leaks memory until its limit kills it.

  Scenario: A leaking process is OOMKilled once it passes its limit
    Given the image "acme/leaky:1.0" behaves like:
      """yaml
      memory:
        growth: { from: 10Mi, perSecond: 5Mi, max: 1Gi }
      """
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: leaky
      spec:
        containers:
          - name: app
            image: acme/leaky:1.0
            resources:
              limits:
                memory: 100Mi
      """
    Then within 1 minute the STATUS of pod "leaky" is "Running"
    And within 1 minute container "app" of pod "leaky" was last terminated with reason "OOMKilled" and exit code 137
