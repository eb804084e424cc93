"""Upload history and undo.

Every upload is kept (the original bytes, compressed with zstd; sha256, who, when, counts). An
indicator upload recorded each cell it added or changed in `value_changes`, so undoing it restores
exactly the values before it. Undo refuses when a later upload that has not been undone touched the
same cells: the later one must be undone first, or the cell would jump back over it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from core.access import audit, write_scope
from core.access.accounts import SYSTEM, PermissionDenied, User, require, require_area
from core.access.scope import ALL, Scope
from core.access.write_scope import UPLOAD_AREAS
from core.storage.db import Database, DatabaseError, quote_identifier

UNDOABLE_KINDS = ("indicators", "correction", "rounds", "areas", "hotspots")
RECORD_KINDS = ("rounds", "areas", "hotspots")

# What undo puts back for each kind of record: the columns restored from the copy kept at upload time.
_RESTORE = {
    "rounds": (
        "programme = b.programme, planned_months = b.planned_months, decision_no = b.decision_no, "
        "decision_date = b.decision_date, upload_id = b.upload_id",
        "t.area_code = b.area_code AND t.start_month = b.start_month",
        "t.area_code = k.key1 AND t.start_month = k.key2",
    ),
    "areas": (
        "name = b.name, level = b.level, unit_type = b.unit_type, parent_code = b.parent_code, "
        "province_code = b.province_code, lat = b.lat, lon = b.lon, households = b.households, "
        "population = b.population, name_key = b.name_key",
        "t.code = b.code",
        "t.code = k.key1",
    ),
    "hotspots": (
        "area_code = b.area_code, type = b.type, name = b.name, lat = b.lat, lon = b.lon, found_on = b.found_on, "
        "eliminated_on = b.eliminated_on, upload_id = b.upload_id",
        "t.id = b.id",
        "t.id = k.key1",
    ),
}


CONTENT_CODEC = "zstd"


def pack_content(data: bytes) -> tuple[bytes, str | None, int]:
    """An uploaded file as `uploads` keeps it: (content, content_codec, content_size). Compressed with
    zstd (a national 32 MB CSV: 2.3 MB in 0.035 s), or the bytes as they are (codec None) when
    compressing would not make them smaller."""
    packed = pa.compress(data, codec=CONTENT_CODEC, asbytes=True)
    if len(packed) >= len(data):
        return bytes(data), None, len(data)
    return packed, CONTENT_CODEC, len(data)


def unpack_content(blob: bytes, codec: str | None, size: int | None) -> bytes:
    """The file's bytes from `uploads.content`, `content_codec` and `content_size` (codec NULL: as
    uploaded, which is how uploads before migration 007 were kept)."""
    if codec is None:
        return bytes(blob)
    if codec != CONTENT_CODEC or size is None:
        raise DatabaseError(f"Tệp đã tải lên được lưu theo cách nén không biết ({codec}).")
    data: bytes = pa.decompress(blob, decompressed_size=size, codec=codec, asbytes=True)
    return data


class UndoRefused(ValueError):
    """The upload cannot be undone; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class UndoResult:
    upload_id: int
    restored: int  # cells set back to their earlier value
    removed: int  # cells the upload had added, now removed


_SCOPE = Scope().condition("a")


def history(db: Database, limit: int | None = None, scope: Scope = ALL, me: str | None = None) -> pd.DataFrame:
    """Uploads, newest first: id, kind, file_name, sha256, uploaded_by, uploaded_at, rows (added +
    changed), rows_added, rows_changed, rows_unchanged, warnings, undone_at, size (bytes of the file as
    uploaded, not as stored).
    For a scoped user, only their own uploads and those that wrote in their scope or replaced a record
    of it, by the areas kept when the upload was written (`write_scope.UPLOAD_AREAS`): a later write
    elsewhere does not take an upload out of its scope's history."""
    return db.query_df(
        "SELECT id, kind, file_name, sha256, uploaded_by, uploaded_at, rows_added + rows_changed AS rows, "
        "rows_added, rows_changed, rows_unchanged, warnings, undone_at, "
        "coalesce(content_size, octet_length(content)) AS size "
        "FROM uploads u WHERE ($scope_province IS NULL AND $scope_commune IS NULL) OR u.uploaded_by = $me "
        f"OR u.id IN (SELECT x.upload_id FROM ({UPLOAD_AREAS}) x JOIN areas a ON a.code = x.code WHERE {_SCOPE}) "
        "ORDER BY id DESC LIMIT $limit",
        {"limit": limit if limit is not None else 1_000_000, "me": me, **scope.params()},
    )


def outside_scope(db: Database, upload_id: int, scope: Scope) -> int:
    """How many areas an undo of the upload would touch (those it wrote, those its records were in
    before it, and those they are in now) lie outside `scope`."""
    with db.cursor() as cur:
        return len(write_scope.undo_outside(cur, upload_id, scope))


def upload_content(db: Database, upload_id: int) -> tuple[str, bytes] | None:
    """The original file of an upload: (file name, bytes as uploaded)."""
    rows = db.query_rows(
        "SELECT file_name, content, content_codec, content_size FROM uploads WHERE id = ?", [upload_id]
    )
    if not rows or rows[0][1] is None:
        return None
    file_name, blob, codec, size = rows[0]
    return str(file_name), unpack_content(blob, codec, None if size is None else int(size))


_CONFLICTS = """
SELECT DISTINCT later.upload_id FROM value_changes mine
JOIN value_changes later USING (area_code, month, indicator)
JOIN uploads u ON u.id = later.upload_id
WHERE mine.upload_id = $id AND later.upload_id > $id AND u.undone_at IS NULL
UNION
SELECT DISTINCT later.upload_id FROM record_keys mine
JOIN record_keys later ON later.table_name = mine.table_name AND later.key1 = mine.key1
AND later.key2 IS NOT DISTINCT FROM mine.key2
JOIN uploads u ON u.id = later.upload_id
WHERE mine.upload_id = $id AND later.upload_id > $id AND u.undone_at IS NULL ORDER BY 1
"""


def conflicts(db: Database, upload_id: int) -> list[int]:
    """Later uploads, not undone, that changed a cell or a record this upload changed."""
    return [int(r[0]) for r in db.query_rows(_CONFLICTS, {"id": upload_id})]


def _check_undo(cur: duckdb.DuckDBPyConnection, upload_id: int, actor: User) -> tuple[str, str]:
    """The upload's kind and file name, when `actor` may undo it now; UndoRefused otherwise. Run in the
    undo's own transaction, so what it checks is what the undo changes."""
    rows = cur.execute("SELECT kind, undone_at, file_name FROM uploads WHERE id = ?", [upload_id]).fetchall()
    if not rows:
        raise UndoRefused(f"Không có lần tải lên số {upload_id}.")
    kind, undone_at, file_name = rows[0]
    if undone_at is not None:
        raise UndoRefused(f"Lần tải lên số {upload_id} ({file_name}) đã được hoàn tác trước đây.")
    if kind not in UNDOABLE_KINDS:
        raise UndoRefused(
            f"Lần tải lên số {upload_id} ({file_name}) là loại '{kind}': chỉ hoàn tác được tệp số liệu, đợt chuyển "
            "hóa, địa bàn, điểm tệ nạn và các lần sửa số liệu."
        )
    if write_scope.undo_outside(cur, upload_id, actor.scope):
        raise UndoRefused(f"Lần tải lên số {upload_id} có số liệu ngoài phạm vi được giao; chỉ quản trị hoàn tác được.")
    later = [int(r[0]) for r in cur.execute(_CONFLICTS, {"id": upload_id}).fetchall()]
    if later:
        listed = ", ".join(f"số {i}" for i in later)
        raise UndoRefused(
            f"Các lần tải lên sau ({listed}) đã sửa cùng số liệu; hãy hoàn tác các lần đó trước "
            f"rồi mới hoàn tác lần số {upload_id}."
        )
    return str(kind), str(file_name)


def undo(db: Database, upload_id: int, actor: User = SYSTEM) -> UndoResult:
    """Restore the values before upload `upload_id`, in one transaction. A scoped user may undo only an
    upload whose areas (written, replaced, and those its records are in now) all lie in their scope."""
    require(actor, "undo")
    with db.transaction() as cur:
        kind, file_name = _check_undo(cur, upload_id, actor)
        result = _undo_records(cur, upload_id, kind) if kind in RECORD_KINDS else _undo_values(cur, upload_id)
        cur.execute("UPDATE uploads SET undone_at = current_timestamp WHERE id = ?", [upload_id])
        _audit_undo(cur, actor, result, f"Hoàn tác lần tải lên số {upload_id} ({file_name})")
    return result


def _undo_values(cur: duckdb.DuckDBPyConnection, upload_id: int) -> UndoResult:
    removed = cur.execute(
        "DELETE FROM indicator_values v USING value_changes c "
        "WHERE c.upload_id = ? AND c.old_value IS NULL AND v.area_code = c.area_code "
        "AND v.month = c.month AND v.indicator = c.indicator",
        [upload_id],
    ).fetchone()
    restored = cur.execute(
        "UPDATE indicator_values v SET value = c.old_value, upload_id = NULL FROM value_changes c "
        "WHERE c.upload_id = ? AND c.old_value IS NOT NULL AND v.area_code = c.area_code "
        "AND v.month = c.month AND v.indicator = c.indicator",
        [upload_id],
    ).fetchone()
    return UndoResult(upload_id, int(restored[0]) if restored else 0, int(removed[0]) if removed else 0)


def _audit_undo(cur: duckdb.DuckDBPyConnection, actor: User, result: UndoResult, summary: str) -> None:
    audit.record(
        cur,
        actor.username,
        "undo",
        str(result.upload_id),
        f"{summary}: {result.restored} giá trị khôi phục, {result.removed} bị gỡ",
        {"undone": False},
        {"undone": True, "restored": result.restored, "removed": result.removed},
    )


def _undo_records(cur: duckdb.DuckDBPyConnection, upload_id: int, kind: str) -> UndoResult:
    """Put back the records an upload of rounds, areas or hotspots changed, and remove those it added."""
    assignments, same_record, is_key = _RESTORE[kind]
    table, before = quote_identifier(kind), quote_identifier(f"{kind}_before")
    restored = cur.execute(
        f"UPDATE {table} t SET {assignments} FROM {before} b WHERE b.before_upload_id = ? AND {same_record}",
        [upload_id],
    ).fetchone()
    removed = cur.execute(
        f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM record_keys k WHERE k.upload_id = ? "
        f"AND k.table_name = ? AND {is_key}) AND NOT EXISTS (SELECT 1 FROM {before} b "
        f"WHERE b.before_upload_id = ? AND {same_record})",
        [upload_id, kind, upload_id],
    ).fetchone()
    return UndoResult(upload_id, int(restored[0]) if restored else 0, int(removed[0]) if removed else 0)


def value_grid(db: Database, area_code: str, first: date, last: date) -> pd.DataFrame:
    """One area's figures as a grid for correction: one row per month from `first` to `last`
    (index: month), one column per indicator (display order); missing values are NaN."""
    indicators = [str(c) for (c,) in db.query_rows("SELECT code FROM indicators ORDER BY display_order")]
    values = db.query_df(
        "SELECT month, indicator, value FROM indicator_values WHERE area_code = ? AND month BETWEEN ? AND ?",
        [area_code, first, last],
    )
    months = pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")
    grid = values.pivot(index="month", columns="indicator", values="value") if not values.empty else pd.DataFrame()
    grid.index = pd.to_datetime(grid.index) if not grid.empty else grid.index
    return grid.reindex(index=months, columns=indicators).astype(float).rename_axis("month")


def _number(cell: Any) -> float | None:
    try:
        value = float(cell)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _bounds(db: Database, area_code: str) -> dict[str, float]:
    """Each indicator's plausible bound for the area, as the importer applies it (catalogue's
    max_value, or the area's population x max_per_person when both are known)."""
    people = db.query_value("SELECT population FROM areas WHERE code = ?", [area_code])
    out: dict[str, float] = {}
    for code, top, per_person in db.query_rows("SELECT code, max_value, max_per_person FROM indicators"):
        bound = float(people) * float(per_person) if people is not None and per_person is not None else top
        if bound is not None:
            out[str(code)] = float(bound)
    return out


@dataclass(frozen=True)
class CorrectionResult:
    upload_id: int | None  # None when nothing changed
    changed: int
    added: int


def correct_values(
    db: Database, area_code: str, before: pd.DataFrame, after: pd.DataFrame, actor: User = SYSTEM
) -> CorrectionResult:
    """Save the cells a person edited in `value_grid`'s grid, as a small upload of its own (kind
    'correction'), so it shows in the history and can be undone. Blank cells are not erased."""
    require(actor, "correct")
    require_area(db, actor, area_code)
    flags = {str(c) for (c,) in db.query_rows("SELECT code FROM indicators WHERE value_kind = 'flag'")}
    bounds = _bounds(db, area_code)
    edits = []
    for month in after.index:
        for indicator in after.columns:
            new, old = _number(after.at[month, indicator]), _number(before.at[month, indicator])
            if new is None or new == old:
                continue
            value = new
            if value < 0:
                raise ValueError(f"{indicator}, tháng {month:%m/%Y}: số liệu không được âm ({value:g}).")
            if indicator in flags and value not in (0.0, 1.0):
                raise ValueError(f"{indicator}, tháng {month:%m/%Y}: chỉ nhận 1 (đạt) hoặc 0 (không đạt).")
            bound = bounds.get(str(indicator))
            if not math.isfinite(value) or (bound is not None and value > bound):
                most = f"{bound:,.0f}".replace(",", ".") if bound is not None else "∞"
                raise ValueError(f"{indicator}, tháng {month:%m/%Y}: vượt mức hợp lý (tối đa {most}).")
            edits.append((area_code, pd.Timestamp(month).date(), str(indicator), old, value))
    if not edits:
        return CorrectionResult(None, 0, 0)
    with db.transaction() as cur:
        if write_scope.areas_outside(cur, [area_code], actor.scope):  # checked again as the write sees it
            raise PermissionDenied(f"Địa bàn {area_code} nằm ngoài phạm vi được giao cho tài khoản {actor.username}.")
        # The old values as stored now, not as the grid showed them: another upload may have written
        # since the grid was drawn, and undo restores what value_changes says was there.
        first, last = min(e[1] for e in edits), max(e[1] for e in edits)
        stored = {
            (m, str(i)): float(v)
            for m, i, v in cur.execute(
                "SELECT month, indicator, value FROM indicator_values WHERE area_code = ? AND month BETWEEN ? AND ?",
                [area_code, first, last],
            ).fetchall()
        }
        edits = [(a, m, i, stored.get((m, i)), n) for a, m, i, _, n in edits if stored.get((m, i)) != n]
        if not edits:
            return CorrectionResult(None, 0, 0)
        changed = sum(1 for e in edits if e[3] is not None)
        row = cur.execute(
            "INSERT INTO uploads (kind, file_name, uploaded_by, rows_total, rows_added, rows_changed) "
            "VALUES ('correction', ?, ?, ?, ?, ?) RETURNING id",
            [f"Sửa số liệu {area_code}", actor.username, len(edits), len(edits) - changed, changed],
        ).fetchone()
        upload_id = int(row[0]) if row else 0
        cur.executemany(
            "INSERT INTO value_changes VALUES (?, ?, ?, ?, ?, ?)",
            [[upload_id, area, month, indicator, old, new] for area, month, indicator, old, new in edits],
        )
        # indicator_values has no primary key (migration 007): the edited keys are deleted, whatever is
        # stored for them now, then inserted once each, in this transaction under the file's write lock.
        cur.execute(
            "DELETE FROM indicator_values v USING value_changes c WHERE c.upload_id = ? "
            "AND v.area_code = c.area_code AND v.month = c.month AND v.indicator = c.indicator",
            [upload_id],
        )
        cur.execute(
            "INSERT INTO indicator_values (area_code, month, indicator, value, upload_id) "
            "SELECT area_code, month, indicator, new_value, upload_id FROM value_changes WHERE upload_id = ?",
            [upload_id],
        )
        audit.record(
            cur,
            actor.username,
            "correction",
            area_code,
            f"Sửa {len(edits)} số liệu của {area_code} (lần tải lên số {upload_id})",
            {f"{m:%Y-%m} {i}": o for _, m, i, o, _ in edits},
            {f"{m:%Y-%m} {i}": n for _, m, i, _, n in edits},
        )
    return CorrectionResult(upload_id, changed, len(edits) - changed)
