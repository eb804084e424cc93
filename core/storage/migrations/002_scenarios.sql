-- 002: what-if scenarios (Giả định chỉ tiêu) and the history of the official targets.
-- A scenario is a named set of targets, comparisons and required flags, kept as JSON text:
-- {"targets": {"C02": 75.0, ...}, "comparisons": {...}, "required": {...}, "require_duration": true}.
-- Saving or loading a scenario never changes the criteria; only adopting one does, and every
-- adoption writes one history row per criterion with the old and the new values.

CREATE SEQUENCE scenario_id_seq START 1;
CREATE TABLE scenarios (
    id         BIGINT PRIMARY KEY DEFAULT nextval('scenario_id_seq'),
    name       VARCHAR NOT NULL UNIQUE,
    author     VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    note       VARCHAR,
    targets    VARCHAR NOT NULL
);

CREATE TABLE criteria_history (
    adopted_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    decision_no    VARCHAR NOT NULL,
    decision_date  DATE NOT NULL,
    scenario_id    BIGINT,
    code           VARCHAR NOT NULL,
    old_target     DOUBLE,
    new_target     DOUBLE,
    old_comparison VARCHAR,
    new_comparison VARCHAR,
    old_required   BOOLEAN,
    new_required   BOOLEAN
);
