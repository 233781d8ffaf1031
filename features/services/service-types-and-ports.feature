Feature: Service addresses, ports and manual endpoints
  A Service gets a cluster IP that no other Service has, a NodePort Service a port in the node port
  range; a target port may name a container port; a Service without a selector sends its traffic to
  the Endpoints written for it by hand; and a pod that fails its readiness probe leaves its
  Service's ready addresses.

  Scenario: A Service keeps the cluster IP it asks for, and a second Service cannot take it
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: first
      spec:
        clusterIP: 10.96.100.100
        selector:
          app: web
        ports:
          - port: 80
      """
    Then service "first" has "spec.clusterIP" equal to "10.96.100.100"
    And service "first" has "spec.ports[0].targetPort" equal to "80"
    And service "first" has "spec.ports[0].protocol" equal to "TCP"
    And service "first" has "spec.sessionAffinity" equal to "None"
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: second
      spec:
        clusterIP: 10.96.100.100
        selector:
          app: web
        ports:
          - port: 80
      """
    Then the request is refused with 422 Invalid and message:
      """
      Service "second" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated
      """
    When I run "kubectl get service first"
    Then kubectl shows a row with NAME "first" and CLUSTER-IP "10.96.100.100"
    And kubectl shows a row with NAME "first" and PORT(S) "80/TCP"

  Scenario: A NodePort Service shows its node port next to its port
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: web-nodeport
      spec:
        type: NodePort
        selector:
          app: web
        ports:
          - port: 80
            targetPort: 8080
            nodePort: 30123
      """
    Then service "web-nodeport" has "spec.ports[0].nodePort" equal to "30123"
    And service "web-nodeport" has "spec.externalTrafficPolicy" equal to "Cluster"
    When I run "kubectl get service web-nodeport"
    Then kubectl shows a row with NAME "web-nodeport" and TYPE "NodePort"
    And kubectl shows a row with NAME "web-nodeport" and PORT(S) "80:30123/TCP"
    When I try to create the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: too-high
      spec:
        type: NodePort
        selector:
          app: web
        ports:
          - port: 80
            nodePort: 40000
      """
    Then the request is refused with 422 Invalid and message:
      """
      Service "too-high" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767
      """

  Scenario: A headless Service has no cluster IP
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: db
      spec:
        clusterIP: None
        selector:
          app: db
        ports:
          - port: 6379
      """
    When I run "kubectl get service db"
    Then kubectl shows a row with NAME "db" and CLUSTER-IP "None"
    And kubectl shows a row with NAME "db" and EXTERNAL-IP "<none>"

  Scenario: A named target port resolves to each pod's container port
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: kubia
        labels:
          app: kubia
      spec:
        containers:
          - name: kubia
            image: luksa/kubia
            ports:
              - name: http
                containerPort: 8080
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: kubia
      spec:
        selector:
          app: kubia
        ports:
          - name: http
            port: 80
            targetPort: http
      """
    Then within 1 minute pod "kubia" is Running
    And within 1 minute endpoints "kubia" has "subsets[0].ports[0].port" equal to "8080"
    And endpoints "kubia" has "subsets[0].ports[0].name" equal to "http"
    And endpoints "kubia" has "subsets[0].addresses[0].targetRef.name" equal to "kubia"
    And service "kubia" has "spec.ports[0].targetPort" equal to "http"

  Scenario: A Service without a selector uses the Endpoints written for it
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: external-service
      spec:
        ports:
          - port: 80
      ---
      apiVersion: v1
      kind: Endpoints
      metadata:
        name: external-service
      subsets:
        - addresses:
            - ip: 11.11.11.11
            - ip: 22.22.22.22
          ports:
            - port: 80
      """
    And 10 seconds pass
    Then endpoints "external-service" has "subsets[0].addresses[1].ip" equal to "22.22.22.22"
    When I run "kubectl get endpoints external-service"
    Then kubectl shows a row with NAME "external-service" and ENDPOINTS "11.11.11.11:80,22.22.22.22:80"

  Scenario: A pod that stops passing its readiness probe leaves the ready addresses
    When I apply the manifest:
      """yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-steady
        labels:
          app: web
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "touch /tmp/ready; sleep 3600"]
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              periodSeconds: 5
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-fading
        labels:
          app: web
      spec:
        containers:
          - name: app
            image: busybox:1.36
            command: ["sh", "-c", "touch /tmp/ready; sleep 60; rm /tmp/ready; sleep 3600"]
            readinessProbe:
              exec:
                command: ["cat", "/tmp/ready"]
              periodSeconds: 5
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
      """
    Then within 1 minute endpoints "web" has "subsets[0].addresses.length" equal to "2"
    And within 2 minutes pod "web-fading" has condition Ready "False"
    And pod "web-fading" is Running
    And within 10 seconds endpoints "web" has "subsets[0].addresses.length" equal to "1"
    And endpoints "web" has "subsets[0].addresses[0].targetRef.name" equal to "web-steady"
    And endpoints "web" has "subsets[0].notReadyAddresses[0].targetRef.name" equal to "web-fading"
    And pod "web-fading" has a Warning event "Unhealthy" with a message containing "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory"
