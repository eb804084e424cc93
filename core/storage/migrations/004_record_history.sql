-- 004: what an upload of rounds, areas or hotspots replaced, so undo can restore it.
-- record_keys: every record an upload wrote (new or changed); *_before: the records as they were.
CREATE TABLE record_keys (
    upload_id  BIGINT NOT NULL,
    table_name VARCHAR NOT NULL,       -- rounds | areas | hotspots
    key1       VARCHAR NOT NULL,       -- rounds: area_code; areas: code; hotspots: id
    key2       DATE                    -- rounds: start_month
);
CREATE TABLE rounds_before AS SELECT CAST(NULL AS BIGINT) AS before_upload_id, * FROM rounds LIMIT 0;
CREATE TABLE areas_before AS SELECT CAST(NULL AS BIGINT) AS before_upload_id, * FROM areas LIMIT 0;
CREATE TABLE hotspots_before AS SELECT CAST(NULL AS BIGINT) AS before_upload_id, * FROM hotspots LIMIT 0;
