-- 001: the data model of Chuyển hóa địa bàn.
-- Months are stored as the DATE of their first day (2024-03-01 means "Tháng 3/2024").

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Administrative units and villages: province -> commune -> village.
-- Provinces (2 digits) and communes (5 digits) carry the official codes of QĐ 19/2025/QĐ-TTg;
-- villages carry the deployment's own codes.
CREATE TABLE areas (
    code        VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    level       VARCHAR NOT NULL CHECK (level IN ('province', 'commune', 'village')),
    unit_type   VARCHAR,               -- Tỉnh, Thành phố, Xã, Phường, Đặc khu, Thôn, Bản, ...
    parent_code VARCHAR,
    province_code VARCHAR,             -- denormalised for scope filters
    lat         DOUBLE,
    lon         DOUBLE,
    households  BIGINT,
    population  BIGINT,
    area_km2    DOUBLE,
    official    BOOLEAN NOT NULL DEFAULT FALSE,
    name_key    VARCHAR                -- name without diacritics, lower case, no spaces: for matching
);

-- Pre-2025 communes (with their districts) and the commune each became on 1 July 2025.
CREATE TABLE legacy_units (
    old_code      VARCHAR PRIMARY KEY,
    old_name      VARCHAR NOT NULL,
    district_name VARCHAR,
    province_name VARCHAR,
    province_code VARCHAR,
    new_code      VARCHAR,
    name_key      VARCHAR
);

CREATE SEQUENCE upload_id_seq START 1;
CREATE TABLE uploads (
    id            BIGINT PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    kind          VARCHAR NOT NULL,    -- indicators, rounds, areas, hotspots, correction, demo
    file_name     VARCHAR,
    sha256        VARCHAR,
    content       BLOB,
    uploaded_by   VARCHAR,
    uploaded_at   TIMESTAMP NOT NULL DEFAULT current_timestamp,
    rows_total    BIGINT NOT NULL DEFAULT 0,
    rows_added    BIGINT NOT NULL DEFAULT 0,
    rows_changed  BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    warnings      BIGINT NOT NULL DEFAULT 0,
    undone_at     TIMESTAMP
);

CREATE TABLE indicators (
    code          VARCHAR PRIMARY KEY,
    name_vi       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    unit_vi       VARCHAR NOT NULL,
    unit_en       VARCHAR NOT NULL,
    value_kind    VARCHAR NOT NULL CHECK (value_kind IN ('count', 'flag')),
    display_order INTEGER NOT NULL
);

-- One value per area, month and indicator.
CREATE TABLE indicator_values (
    area_code VARCHAR NOT NULL,
    month     DATE NOT NULL,
    indicator VARCHAR NOT NULL,
    value     DOUBLE NOT NULL,
    upload_id BIGINT,
    PRIMARY KEY (area_code, month, indicator)
);

-- Every change an upload made to indicator_values, so history can show it and undo restore it.
CREATE TABLE value_changes (
    upload_id BIGINT NOT NULL,
    area_code VARCHAR NOT NULL,
    month     DATE NOT NULL,
    indicator VARCHAR NOT NULL,
    old_value DOUBLE,                  -- NULL: the upload added the value
    new_value DOUBLE
);

CREATE SEQUENCE round_id_seq START 1;
CREATE TABLE rounds (
    id                 BIGINT PRIMARY KEY DEFAULT nextval('round_id_seq'),
    area_code          VARCHAR NOT NULL,
    programme          VARCHAR NOT NULL DEFAULT 'TTATXH' CHECK (programme IN ('TTATXH', 'ANTT')),
    start_month        DATE NOT NULL,
    planned_months     INTEGER NOT NULL CHECK (planned_months BETWEEN 1 AND 120),
    decision_no        VARCHAR,
    decision_date      DATE,
    exit_decision_no   VARCHAR,
    exit_decision_date DATE,
    status             VARCHAR NOT NULL DEFAULT 'in_progress'
                       CHECK (status IN ('in_progress', 'exited', 'relapsed')),
    relapsed_month     DATE,
    upload_id          BIGINT,
    UNIQUE (area_code, start_month)
);

-- The criteria are data: a province changes targets, comparisons and which are required.
-- aggregate says how the indicators are combined over the evaluation window:
--   ratio         sum(numerator) / sum(denominator) over the window, in percent
--   sum           sum(numerator) over the window
--   reduction     1 - (numerator per month in the window) / (per month in the baseline), in percent
--   reduced       numerator at the window's end is below its value at the round's start, or is 0 (1/0)
--   latest        numerator in the latest month with data
--   latest_ratio  numerator / denominator in the latest month with data, in percent
CREATE TABLE criteria (
    code          VARCHAR PRIMARY KEY,
    name_vi       VARCHAR NOT NULL,
    name_en       VARCHAR NOT NULL,
    aggregate     VARCHAR NOT NULL
                  CHECK (aggregate IN ('ratio', 'sum', 'reduction', 'reduced', 'latest', 'latest_ratio')),
    numerator     VARCHAR NOT NULL,
    denominator   VARCHAR,
    comparison    VARCHAR NOT NULL CHECK (comparison IN ('>=', '>', '<=', '<', '=')),
    target        DOUBLE NOT NULL,
    unit          VARCHAR NOT NULL CHECK (unit IN ('percent', 'count', 'flag')),
    required      BOOLEAN NOT NULL DEFAULT TRUE,
    display_order INTEGER NOT NULL
);

CREATE TABLE hotspots (
    id            VARCHAR PRIMARY KEY,
    area_code     VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    name          VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    found_on      DATE,
    eliminated_on DATE,
    upload_id     BIGINT
);
