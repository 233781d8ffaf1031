@bundled
Feature: API faults
  On the bundled engine a scenario can make the API server fail or answer slowly, to see how
  clients behave; the control plane itself keeps working.

  Scenario: kubectl reports a server error, then works again
    Given the API fails the next 1 list requests for pods with 500 "etcdserver: request timed out"
    When I run "kubectl get pods"
    Then kubectl exits with code 1
    And kubectl output contains "Error from server (InternalError): Internal error occurred: etcdserver: request timed out"
    When I run "kubectl get pods"
    Then kubectl exits with code 0

  Scenario: A slow API server makes kubectl give up after its request timeout
    Given the API answers list requests for pods after 3 seconds
    When I run "kubectl get pods --request-timeout=1s"
    Then kubectl exits with code 1
    And kubectl output contains "Unable to connect to the server"
    Given the API behaves normally again
    When I run "kubectl get pods --request-timeout=1s"
    Then kubectl exits with code 0
