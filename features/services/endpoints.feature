Feature: Services and their endpoints
  A Service selects pods by label, and its ready pods become its endpoints.

  Scenario: A Service's endpoints are its ready pods
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
                ports:
                  - containerPort: 80
                readinessProbe:
                  httpGet:
                    path: /
                    port: 80
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
          - port: 80
            targetPort: 80
      """
    Then within 1 minute 3 pods labelled "app=web" are Running
    And within 1 minute endpoints "web" has "subsets[0].addresses.length" equal to "3"
    And endpoints "web" has "subsets[0].ports[0].port" equal to "80"
    And service "web" has "spec.type" equal to "ClusterIP"
    When I run "kubectl get endpointslices -l kubernetes.io/service-name=web -o jsonpath={.items[0].endpoints[*].conditions.ready}"
    Then kubectl prints:
      """
      true true true
      """
