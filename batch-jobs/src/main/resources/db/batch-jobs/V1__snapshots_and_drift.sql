-- batch-jobs: daily feature snapshots and drift results. The Spring Batch job repository tables are
-- created by Spring Batch's own schema script (spring.batch.jdbc.initialize-schema).

CREATE TABLE feature_snapshot (
    logical_date date NOT NULL,
    user_id      text NOT NULL,
    feature      text NOT NULL,
    -- as the online store holds it (text); the feature registry says how to read it
    value        text NOT NULL,
    PRIMARY KEY (logical_date, feature, user_id)
);

CREATE TABLE drift_result (
    logical_date   date             NOT NULL,
    feature        text             NOT NULL,
    method         text             NOT NULL,
    score          double precision NOT NULL,
    threshold      double precision NOT NULL,
    drifted        boolean          NOT NULL,
    psi            double precision NOT NULL,
    reference_size integer          NOT NULL,
    current_size   integer          NOT NULL,
    PRIMARY KEY (logical_date, feature)
);

CREATE TABLE drift_run (
    logical_date    date        PRIMARY KEY,
    reference_from  date        NOT NULL,
    reference_to    date        NOT NULL,
    features        integer     NOT NULL,
    drifted         integer     NOT NULL,
    dataset_drifted boolean     NOT NULL,
    finished_at     timestamptz NOT NULL
);
