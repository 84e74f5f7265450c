# The nightly drift DAG as a Data Flow composed task: snapshot, then drift, each a run of batch-jobs
# (a Spring Cloud Task). The logical date is yesterday unless the launch sets
# app.onramp-nightly.*.onramp.batch.logical-date; a failed step stops the DAG.
feature-snapshot: batch-jobs --onramp.batch.job=featureSnapshot && drift-monitor: batch-jobs --onramp.batch.job=driftMonitor
