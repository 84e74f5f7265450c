-- Restarts of failed runs asked for in rules-admin's Jobs page; batch-jobs carries them out on its next
-- start, or within a minute when it runs on its schedule.
CREATE TABLE job_restart_request (
    execution_id bigint      PRIMARY KEY,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    handled_at   timestamptz,
    outcome      text
);
