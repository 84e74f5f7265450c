-- One snapshot row per user and day instead of one per user, day and feature: the snapshot of day D is
-- built in set-based statements from D-1's snapshot and D's changes, and a million users are a million
-- rows, not twenty million.

-- Concatenates jsonb objects in the aggregate's order; for a key in several of them the last one wins.
CREATE AGGREGATE jsonb_merge_agg(jsonb) (SFUNC = jsonb_concat, STYPE = jsonb, INITCOND = '{}');

CREATE TABLE user_snapshot (
    logical_date date     NOT NULL,
    -- hashtext(user_id) & 1023: the snapshot is built a range of buckets at a time (each range one
    -- transaction, so a failed run restarts at the range that failed) and drift samples users by bucket.
    user_bucket  smallint NOT NULL,
    user_id      text     NOT NULL,
    -- the event time of the user's latest change: users inactive for long leave the snapshot
    last_change  timestamptz NOT NULL,
    -- every feature of the user as of the end of D, as the online store holds them (text)
    features     jsonb    NOT NULL,
    PRIMARY KEY (logical_date, user_bucket, user_id)
);

-- Each day's snapshot, once complete: when it was taken (an incremental snapshot of the next day takes
-- the changes recorded since) and how many users it holds (drift sizes its sample by it).
CREATE TABLE snapshot_run (
    logical_date date        PRIMARY KEY,
    taken_at     timestamptz NOT NULL,
    users        bigint      NOT NULL,
    incremental  boolean     NOT NULL
);

-- Earlier snapshots move over; their users' latest change is taken to be the end of their day.
INSERT INTO user_snapshot (logical_date, user_bucket, user_id, last_change, features)
SELECT logical_date, hashtext(user_id) & 1023, user_id, (logical_date + 1)::timestamp AT TIME ZONE 'UTC',
       jsonb_object_agg(feature, value)
FROM feature_snapshot
GROUP BY logical_date, user_id;

INSERT INTO snapshot_run (logical_date, taken_at, users, incremental)
SELECT logical_date, now(), count(*), false
FROM user_snapshot
GROUP BY logical_date;

DROP TABLE feature_snapshot;
