-- 005: accounts (local, argon2 hashes), roles and scopes; the audit log of every write.

CREATE TABLE users (
    username       VARCHAR PRIMARY KEY,
    full_name      VARCHAR,
    role           VARCHAR NOT NULL CHECK (role IN ('viewer', 'staff', 'admin')),
    province_code  VARCHAR,            -- NULL: every province
    commune_code   VARCHAR,            -- NULL: every commune of the province
    email          VARCHAR,            -- matched with the identity of single sign-on, when configured
    password_hash  VARCHAR,            -- argon2id; NULL: single sign-on only
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TIMESTAMP,
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    password_changed_at TIMESTAMP,
    last_login_at  TIMESTAMP
);

CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id      BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor   VARCHAR NOT NULL,          -- username, or 'cli' / 'system'
    action  VARCHAR NOT NULL,          -- upload, undo, correction, exit, relapse, scenario_save, ...
    target  VARCHAR,                   -- what it acted on: an upload id, a round, an area, a user, ...
    summary VARCHAR,                   -- one line a person reads
    before  VARCHAR,                   -- JSON of what was there before (NULL: nothing)
    after   VARCHAR                    -- JSON of what is there after (NULL: nothing)
);
