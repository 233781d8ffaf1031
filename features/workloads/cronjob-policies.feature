Feature: CronJob suspension, concurrency and history
  A suspended CronJob starts no Jobs; concurrencyPolicy decides what happens when the previous Job
  is still running at the next schedule (Forbid skips it, Replace stops the old Job); the history
  limits decide how many finished Jobs are kept.

  Scenario: A suspended CronJob creates no Jobs
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: paused
      spec:
        schedule: "* * * * *"
        suspend: true
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: hello
                    image: busybox:1.36
                    command: ["sh", "-c", "echo hello"]
      """
    And 150 seconds pass
    When I run "kubectl get jobs"
    Then kubectl output contains "No resources found in ${namespace} namespace."
    And cronjob "paused" has no "status.lastScheduleTime"
    When I run "kubectl get cronjob paused"
    Then kubectl shows a row with NAME "paused" and SUSPEND "True"

  Scenario: With concurrencyPolicy Forbid a run is skipped while the previous Job is still running
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: exclusive
      spec:
        schedule: "* * * * *"
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: long
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 3600"]
      """
    And 200 seconds pass
    Then cronjob "exclusive" has "status.active.length" equal to "1"
    And 1 pod labelled "batch.kubernetes.io/job-name" is Running

  @bundled
  Scenario: With concurrencyPolicy Replace the running Job is replaced by the next one
    # Job names end in the scheduled time in minutes since the epoch: 29453761 is 00:01 on the
    # first of January 2026 and 29453763 is 00:03.
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: latest
      spec:
        schedule: "* * * * *"
        concurrencyPolicy: Replace
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: OnFailure
                containers:
                  - name: long
                    image: busybox:1.36
                    command: ["sh", "-c", "sleep 3600"]
      """
    And 70 seconds pass
    Then cronjob "latest" has "status.active[0].name" equal to "latest-29453761"
    When 120 seconds pass
    Then cronjob "latest" has "status.active[0].name" equal to "latest-29453763"
    And cronjob "latest" has "status.active.length" equal to "1"
    And within 1 minute job "latest-29453761" does not exist
    And cronjob "latest" has a Normal event "SuccessfulDelete" with a message containing "Deleted job latest-29453762"

  @bundled
  Scenario: Only the newest failed Job is kept by default
    When I apply the manifest:
      """yaml
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: flaky
      spec:
        schedule: "* * * * *"
        jobTemplate:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers:
                  - name: fail
                    image: busybox:1.36
                    command: ["sh", "-c", "exit 1"]
      """
    And 250 seconds pass
    Then cronjob "flaky" has "spec.failedJobsHistoryLimit" equal to "1"
    And cronjob "flaky" has "spec.successfulJobsHistoryLimit" equal to "3"
    When I run "kubectl get jobs -o custom-columns=NAME:.metadata.name,FAILED:.status.failed"
    Then kubectl prints:
      """
      NAME             FAILED
      flaky-29453764   1
      """
