-- 010: the area each record of an upload lay in once the upload had written it (hardening issue, item 2).
-- Which uploads a scoped account sees and may undo was decided by the records' areas as they are now:
-- when someone else's upload then moved Sơn La's hotspot SL-D01 to Lai Châu, Sơn La's own upload of it
-- left Sơn La's history. Kept at write time (and, with the *_before copies, the areas the upload
-- replaced), an upload's areas no longer change with later writes. 009 is the tasks' scope.
ALTER TABLE record_keys ADD COLUMN area_code VARCHAR;
UPDATE record_keys SET area_code = key1 WHERE table_name IN ('rounds', 'areas');
-- Uploads made before: the area the next upload of the same hotspot found it in (its before copy), or,
-- for the last one, the hotspot's area now.
UPDATE record_keys k SET area_code = coalesce(
    (SELECT b.area_code FROM hotspots_before b WHERE b.id = k.key1 AND b.before_upload_id > k.upload_id
     ORDER BY b.before_upload_id LIMIT 1),
    (SELECT h.area_code FROM hotspots h WHERE h.id = k.key1))
WHERE k.table_name = 'hotspots';
