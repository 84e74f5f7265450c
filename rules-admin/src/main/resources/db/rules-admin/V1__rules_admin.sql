-- rules-admin: users, rules and their immutable versions, ruleset releases, the audit log.

CREATE TABLE admin_user (
    username      varchar(100) PRIMARY KEY,
    password_hash varchar(200) NOT NULL,
    display_name  varchar(200) NOT NULL,
    -- comma-separated: VIEWER, EDITOR, APPROVER, ADMIN
    roles         varchar(200) NOT NULL,
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE rule (
    id             varchar(100) PRIMARY KEY,
    -- also the optimistic lock: a save names the version it started from
    latest_version integer      NOT NULL,
    archived       boolean      NOT NULL DEFAULT false,
    created_at     timestamptz  NOT NULL,
    created_by     varchar(100) NOT NULL
);

CREATE TABLE rule_version (
    rule_id        varchar(100) NOT NULL REFERENCES rule (id),
    version        integer      NOT NULL,
    name           varchar(200) NOT NULL,
    -- the rule as core/rules' RulesetJson writes it
    definition     jsonb        NOT NULL,
    tags           text[]       NOT NULL DEFAULT '{}',
    features       text[]       NOT NULL DEFAULT '{}',
    -- DRAFT -> IN_REVIEW -> APPROVED -> PUBLISHED, or IN_REVIEW -> REJECTED
    status         varchar(20)  NOT NULL,
    change_note    text         NOT NULL DEFAULT '',
    author         varchar(100) NOT NULL,
    created_at     timestamptz  NOT NULL,
    reviewed_by    varchar(100),
    reviewed_at    timestamptz,
    review_comment text,
    PRIMARY KEY (rule_id, version)
);

CREATE INDEX rule_version_status ON rule_version (status);

-- A saved version's content never changes; only its review status moves on.
CREATE FUNCTION rule_version_immutable() RETURNS trigger AS $$
BEGIN
    IF NEW.definition IS DISTINCT FROM OLD.definition OR NEW.name IS DISTINCT FROM OLD.name
            OR NEW.author IS DISTINCT FROM OLD.author OR NEW.created_at IS DISTINCT FROM OLD.created_at
            OR NEW.change_note IS DISTINCT FROM OLD.change_note THEN
        RAISE EXCEPTION 'rule version %/% is immutable', OLD.rule_id, OLD.version;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER rule_version_immutable BEFORE UPDATE ON rule_version
    FOR EACH ROW EXECUTE FUNCTION rule_version_immutable();

CREATE TABLE ruleset_release (
    -- the release number in Redis, where evaluators read releases
    number       bigint       PRIMARY KEY,
    ruleset      jsonb        NOT NULL,
    published_by varchar(100) NOT NULL,
    published_at timestamptz  NOT NULL,
    note         text         NOT NULL DEFAULT '',
    rollback_of  bigint REFERENCES ruleset_release (number)
);

CREATE TABLE release_rule (
    release_number bigint       NOT NULL REFERENCES ruleset_release (number),
    rule_id        varchar(100) NOT NULL,
    version        integer      NOT NULL,
    PRIMARY KEY (release_number, rule_id),
    FOREIGN KEY (rule_id, version) REFERENCES rule_version (rule_id, version)
);

CREATE TABLE audit_event (
    id      bigserial    PRIMARY KEY,
    at      timestamptz  NOT NULL,
    actor   varchar(100) NOT NULL,
    action  varchar(50)  NOT NULL,
    target  varchar(200),
    details jsonb        NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_event_at ON audit_event (at DESC);
