-- 008: plausible bounds of each indicator's monthly value, as data (core/domain/catalog.py seeds them).
--
-- Why: a file with 1e20 crimes in a month, or 1e18 households, was imported. The importer now refuses
-- a value above its indicator's bound, with its row:
--   * max_value: the bound (NULL: none). Counts of cases, people, groups, points and cameras: 100,000
--     a month for one area; households: 1,000,000; 1/0 indicators: 1.
--   * max_per_person: when set and the area's population is known, the bound is population x this
--     instead (households: 1, a household has at least one person).
-- The values below are those of core/domain/catalog.py at this migration (tests/test_importer_bounds.py
-- checks that a migrated database and a new one agree); a province may change them afterwards.

ALTER TABLE indicators ADD COLUMN max_value DOUBLE;
ALTER TABLE indicators ADD COLUMN max_per_person DOUBLE;

UPDATE indicators SET max_value = CASE
    WHEN value_kind = 'flag' THEN 1
    WHEN code IN ('households', 'households_informed', 'report_form_households') THEN 1000000
    ELSE 100000
END;
UPDATE indicators SET max_per_person = 1
WHERE code IN ('households', 'households_informed', 'report_form_households');
