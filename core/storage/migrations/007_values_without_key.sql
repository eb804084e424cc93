-- 007: indicator_values without its primary key; uploaded files kept compressed.
--
-- Why (issue 9, importing a 1M-row long CSV into the national database, 4M values stored): inserting
-- 125k new rows into indicator_values cost 0.31 s because of the PRIMARY KEY (area_code, month,
-- indicator) and its ART index, the COMMIT 0.09 s and the next CHECKPOINT 1.36 s; without the key:
-- insert 0.024 s, commit 0.013 s, checkpoint 0.06 s. The uploaded file (32 MB) kept raw in
-- uploads.content cost about 0.1 s more; compressed with zstd (0.035 s) it is 2.3 MB.
--
-- One value per (area_code, month, indicator) still holds, now kept by the writers instead of an index:
--   * the importer compares the file with what is stored inside its own transaction (value_changes)
--     and inserts only the keys not stored yet, updating the others in place (core.importer);
--   * a correction deletes the edited keys, then inserts them (core.uploads.correct_values); undo
--     deletes what an upload added and updates what it changed (core.uploads.undo);
--   * writes are serialized: every write takes the file's lock in core.db (one per file in the process,
--     shared by every Database object on it), and DuckDB lets no other process open a file that is open
--     for writing. The demo and the generator fill an empty table with distinct keys.
-- Rows are copied in key order, as the generator writes them: reads by area stay on few row groups.

CREATE TABLE indicator_values_007 (
    area_code VARCHAR NOT NULL,
    month     DATE NOT NULL,
    indicator VARCHAR NOT NULL,
    value     DOUBLE NOT NULL,
    upload_id BIGINT
);
INSERT INTO indicator_values_007 (area_code, month, indicator, value, upload_id)
SELECT area_code, month, indicator, value, upload_id FROM indicator_values
ORDER BY area_code, month, indicator;
DROP TABLE indicator_values;
ALTER TABLE indicator_values_007 RENAME TO indicator_values;

-- The file as stored in content: NULL = the bytes as uploaded, 'zstd' = compressed (core.uploads.pack_content);
-- content_size is the size of the file as uploaded, in bytes.
ALTER TABLE uploads ADD COLUMN content_codec VARCHAR;
ALTER TABLE uploads ADD COLUMN content_size BIGINT;
UPDATE uploads SET content_size = octet_length(content) WHERE content IS NOT NULL;
