Feature: Job completions, deadlines, suspension and clean-up
  A Job runs one pod after the other unless told to run several at once; it fails when it runs
  longer than its active deadline, creates no pods while suspended, numbers its pods in Indexed
  mode, and is deleted with its pods some time after it finishes when it has a TTL.

  Scenario: Without parallelism a Job runs its completions one after the other
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: multi-completion
      spec:
        completions: 3
        template:
          spec:
            restartPolicy: OnFailure
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "sleep 20"]
      """
    Then within 15 seconds 1 pod labelled "batch.kubernetes.io/job-name=multi-completion" is Running
    And job "multi-completion" has "spec.parallelism" equal to "1"
    And job "multi-completion" has "status.active" equal to "1"
    And within 2 minutes job "multi-completion" has condition Complete "True"
    And 3 pods labelled "job-name=multi-completion" show STATUS "Completed"
    When I run "kubectl get job multi-completion"
    Then kubectl shows a row with NAME "multi-completion" and COMPLETIONS "3/3"
    And kubectl shows a row with NAME "multi-completion" and STATUS "Complete"

  Scenario: A Job that runs longer than its activeDeadlineSeconds fails and its pod is stopped
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: slow
      spec:
        activeDeadlineSeconds: 30
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "sleep 3600"]
      """
    Then within 2 minutes job "slow" has condition Failed "True" with reason "DeadlineExceeded"
    And job "slow" has a Warning event "DeadlineExceeded" from "job-controller" with message "Job was active longer than specified deadline"
    When I run "kubectl get job slow -o jsonpath='{.status.conditions[?(@.type==\"Failed\")].message}'"
    Then kubectl prints:
      """
      Job was active longer than specified deadline
      """
    And within 1 minute 0 pods labelled "job-name=slow" are Running

  Scenario: A suspended Job creates no pods until it is resumed
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: later
      spec:
        suspend: true
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "echo done"]
      """
    Then within 30 seconds job "later" has condition Suspended "True" with reason "JobSuspended"
    When 1 minute passes
    And I run "kubectl get pods -l job-name=later"
    Then kubectl output contains "No resources found in ${namespace} namespace."
    And job "later" has no "status.startTime"
    When I run "kubectl patch job later --type=merge -p '{\"spec\":{\"suspend\":false}}'"
    Then kubectl exits with code 0
    And within 1 minute job "later" has condition Complete "True"
    And job "later" has condition Suspended "False" with reason "JobResumed"

  Scenario: An Indexed Job gives each pod its completion index
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: indexed
      spec:
        completions: 3
        parallelism: 3
        completionMode: Indexed
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "echo working on item $JOB_COMPLETION_INDEX"]
      """
    Then within 1 minute job "indexed" has condition Complete "True"
    And job "indexed" has "status.completedIndexes" equal to "0-2"
    When I run "kubectl logs -l job-name=indexed"
    Then kubectl output contains "working on item 0"
    And kubectl output contains "working on item 1"
    And kubectl output contains "working on item 2"
    When I run "kubectl get pods -l batch.kubernetes.io/job-completion-index=1 -o jsonpath={.items[0].spec.hostname}"
    Then kubectl prints:
      """
      indexed-1
      """

  Scenario: A finished Job with a TTL is deleted together with its pods
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: short-lived
      spec:
        ttlSecondsAfterFinished: 30
        template:
          spec:
            restartPolicy: Never
            containers:
              - name: main
                image: busybox:1.36
                command: ["sh", "-c", "echo done"]
      """
    Then within 1 minute job "short-lived" has condition Complete "True"
    And within 1 minute job "short-lived" does not exist
    And within 1 minute 0 pods labelled "job-name=short-lived" show STATUS "Completed"
