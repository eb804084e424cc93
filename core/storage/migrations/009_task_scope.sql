-- 009: a task belongs to the scope it was made in (hardening issue, item 3). Without it, an item with no
-- area (committee-wide) was listed, closable and printed for every province. 008 is taken by another change.
-- scope_province / scope_commune: the creator's scope when the item was recorded; both NULL: made by a
-- national (unscoped) account, seen by national accounts only. An item with an area is also seen in
-- the area's scope, as before.
ALTER TABLE tasks ADD COLUMN scope_province VARCHAR;
ALTER TABLE tasks ADD COLUMN scope_commune VARCHAR;
-- Items recorded before this migration: the scope of the account that recorded them, as it is now (the
-- best record of where they were made). Items of an unknown or national account (the command line's
-- `cli`, a deleted account) stay NULL: national only, never shown to every province.
UPDATE tasks SET scope_province = u.province_code, scope_commune = u.commune_code
FROM users u WHERE u.username = tasks.created_by;
