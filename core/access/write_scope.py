"""Whether a write stays inside its author's scope, before and after: checked inside the write's own
transaction, on the database as it is at that moment (a plan or a page drawn earlier may be stale).

A record (a hotspot, a village, a round, a figure) may be changed by a scoped account only when the
area it lies in now and the area it will lie in are both in the account's scope: checking the new area
alone let Lai Châu's staff take Sơn La's hotspot SL-D01 by naming one of their own communes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.access.scope import Scope

# An upload's areas: those its figures and records were written in, and those its records were in
# before it (the *_before copies). Kept when written (record_keys.area_code, migration 010), they do
# not change with later writes, so nobody else's upload can take an upload out of a scope's history.
UPLOAD_AREAS = """
    SELECT vc.upload_id, vc.area_code AS code FROM value_changes vc
    UNION SELECT k.upload_id, k.area_code FROM record_keys k WHERE k.area_code IS NOT NULL
    UNION SELECT b.before_upload_id, b.area_code FROM rounds_before b
    UNION SELECT b.before_upload_id, b.area_code FROM hotspots_before b
    UNION SELECT b.before_upload_id, b.code FROM areas_before b
    UNION SELECT b.before_upload_id, b.parent_code FROM areas_before b WHERE b.level = 'village'
"""

# The areas an undo of upload $id would touch now: the records' current areas (a hotspot may have been
# moved since) with the areas written and replaced by the upload.
_UNDO_AREAS = f"""
    SELECT x.code FROM ({UPLOAD_AREAS}) x WHERE x.upload_id = $id
    UNION SELECT h.area_code FROM record_keys k JOIN hotspots h ON h.id = k.key1
          WHERE k.upload_id = $id AND k.table_name = 'hotspots'
    UNION SELECT a.parent_code FROM record_keys k JOIN areas a ON a.code = k.key1
          WHERE k.upload_id = $id AND k.table_name = 'areas' AND a.level = 'village'
"""

_CHECK = "SELECT w.code FROM (SELECT unnest($codes) AS code) w LEFT JOIN areas a ON a.code = w.code WHERE NOT coalesce("
_ORDER = ", FALSE) ORDER BY w.code"


def areas_outside(cur: duckdb.DuckDBPyConnection, codes: Iterable[Any], scope: Scope) -> list[str]:
    """The codes among `codes` that are not areas in `scope` now (unknown codes included)."""
    if scope.is_all:
        return []
    wanted = sorted({str(c) for c in codes if isinstance(c, str) and c})
    if not wanted:
        return []
    sql = _CHECK + scope.condition("a") + _ORDER
    return [str(r[0]) for r in cur.execute(sql, {"codes": wanted, **scope.params()}).fetchall()]


def undo_outside(cur: duckdb.DuckDBPyConnection, upload_id: int, scope: Scope) -> list[str]:
    """The areas an undo of `upload_id` would touch that lie outside `scope` now."""
    if scope.is_all:
        return []
    codes = [r[0] for r in cur.execute(_UNDO_AREAS, {"id": int(upload_id)}).fetchall()]
    return areas_outside(cur, codes, scope)


def _column(payload: pd.DataFrame | pa.Table, name: str) -> list[Any]:
    if isinstance(payload, pa.Table):
        values: list[Any] = pc.unique(payload.column(name)).to_pylist()
        return values
    return list(pd.unique(payload[name].astype(object)))


def import_outside(
    cur: duckdb.DuckDBPyConnection, kind: str, payload: pd.DataFrame | pa.Table, scope: Scope
) -> list[str]:
    """The areas outside `scope` that committing an import's `payload` would touch: the areas its
    records lie in now and those they will lie in."""
    if scope.is_all or len(payload) == 0:
        return []
    if kind == "areas":
        codes = _column(payload, "code")
        rows = cur.execute(
            "SELECT code, parent_code, level FROM areas WHERE code IN (SELECT unnest($codes))", {"codes": codes}
        ).fetchall()
        now = [r[0] for r in rows] + [r[1] for r in rows if r[2] == "village"]
        return areas_outside(cur, now + _column(payload, "parent_code"), scope)
    codes = _column(payload, "area_code")
    if kind == "hotspots":
        ids = _column(payload, "id")
        rows = cur.execute("SELECT area_code FROM hotspots WHERE id IN (SELECT unnest($ids))", {"ids": ids}).fetchall()
        codes += [r[0] for r in rows]
    return areas_outside(cur, codes, scope)


# The area a record lies in, kept as its commune when it is a village: the same scopes cover both,
# and a commune's scope does not move when a village is given another parent later.
_COMMUNE_OF = "CASE WHEN a.level = 'village' THEN a.parent_code ELSE a.code END"


def record_written_areas(cur: duckdb.DuckDBPyConnection, kind: str, upload_id: int) -> None:
    """Keep, with the keys of the records an upload wrote, the area each lies in now it is written."""
    if kind == "hotspots":
        cur.execute(
            f"UPDATE record_keys k SET area_code = {_COMMUNE_OF} FROM hotspots h JOIN areas a ON a.code = h.area_code "
            "WHERE k.upload_id = ? AND k.table_name = 'hotspots' AND h.id = k.key1",
            [upload_id],
        )
    else:
        cur.execute(
            f"UPDATE record_keys k SET area_code = {_COMMUNE_OF} FROM areas a "
            "WHERE k.upload_id = ? AND k.table_name = ? AND a.code = k.key1",
            [upload_id, kind],
        )
