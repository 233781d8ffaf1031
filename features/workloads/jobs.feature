Feature: Jobs and CronJobs
  A Job runs pods to completion; a CronJob creates Jobs on a schedule and keeps a bounded history.

  Scenario: The pi Job runs to completion
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
      spec:
        template:
          spec:
            containers:
              - name: pi
                image: perl:5.34.0
                command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
            restartPolicy: Never
        backoffLimit: 4
      """
    Then within 2 minutes job "pi" has condition Complete "True"
    And job "pi" has "status.succeeded" equal to "1"
    And 1 pod labelled "job-name=pi" shows STATUS "Completed"

  Scenario: A Job with parallelism runs its completions, several at a time
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: batch
      spec:
        completions: 4
        parallelism: 2
        template:
          spec:
            containers:
              - name: work
                image: busybox:1.36
                command: ["sh", "-c", "sleep 10"]
            restartPolicy: OnFailure
      """
    Then within 15 seconds 2 pods labelled "job-name=batch" are Running
    And within 1 minute job "batch" has condition Complete "True"
    And 4 pods labelled "job-name=batch" show STATUS "Completed"

  Scenario: A failing Job gives up after its backoffLimit
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: doomed
      spec:
        backoffLimit: 2
        template:
          spec:
            containers:
              - name: fail
                image: busybox:1.36
                command: ["sh", "-c", "exit 1"]
            restartPolicy: Never
      """
    Then within 5 minutes job "doomed" has condition Failed "True" with reason "BackoffLimitExceeded"
    And 3 pods labelled "job-name=doomed" show STATUS "Error"

  @bundled
  Scenario: A CronJob creates a Job every minute and keeps the last three successful ones
    # Job names end in the scheduled time, in minutes since the epoch: 29453765 is 00:05 on the
    # first of January 2026, where the bundled engine's clock starts.
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: hello
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            template:
              spec:
                containers:
                  - name: hello
                    image: busybox:1.36
                    command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"]
                restartPolicy: OnFailure
      """
    And 330 seconds pass
    Then cronjob "hello" has "status.lastScheduleTime" equal to "2026-01-01T00:05:00Z"
    When I run "kubectl get jobs -o custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].name,SUCCEEDED:.status.succeeded"
    Then kubectl prints:
      """
      NAME             OWNER   SUCCEEDED
      hello-29453763   hello   1
      hello-29453764   hello   1
      hello-29453765   hello   1
      """
