Feature: PersistentVolumeClaims
  A claim on the default StorageClass is provisioned and bound; a pod mounts it, and a claim in
  use by a pod is protected from deletion until the pod is gone.

  Background:
    Given I apply the manifest:
      """yaml
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 1Gi
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
      spec:
        containers:
          - name: mongo
            image: mongo:7
            volumeMounts:
              - name: data
                mountPath: /data/db
        volumes:
          - name: data
            persistentVolumeClaim:
              claimName: data
      """

  Scenario: A claim is provisioned, bound and mounted
    Then within 1 minute persistentvolumeclaim "data" has "status.phase" equal to "Bound"
    And persistentvolumeclaim "data" has "spec.storageClassName" equal to "standard"
    And within 1 minute pod "db" is Running

  Scenario: A claim in use is protected until its pod is deleted
    Given within 1 minute pod "db" is Running
    When I delete persistentvolumeclaim "data"
    Then for 1 minute pod "db" stays Running
    And persistentvolumeclaim "data" has "metadata.finalizers[0]" equal to "kubernetes.io/pvc-protection"
    And persistentvolumeclaim "data" exists
    When I delete pod "db"
    Then within 2 minutes persistentvolumeclaim "data" does not exist
