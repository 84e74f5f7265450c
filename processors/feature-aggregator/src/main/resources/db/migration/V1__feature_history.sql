-- The offline feature history: every change of every feature, with the event time that caused it,
-- so "user U's features as of time T" is one query. Written by the feature aggregator, read by
-- rule backtests and the drift jobs. Values are stored as the online store holds them (text).
CREATE TABLE feature_history (
    user_id     text        NOT NULL,
    feature     text        NOT NULL,
    version     bigint      NOT NULL,
    value       text        NOT NULL,
    event_time  timestamptz NOT NULL,
    event_id    text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    -- One row per feature and version: a redelivered event writes the same rows, which are ignored.
    PRIMARY KEY (user_id, feature, version)
);

-- As-of lookups for one user, and scans by time for retention, backtests and drift.
CREATE INDEX feature_history_user_time ON feature_history (user_id, event_time);
CREATE INDEX feature_history_time ON feature_history (event_time);
