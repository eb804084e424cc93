"""The audit log: every write says who did it, when, what, and what was there before and after.

`record` is called with the cursor of the write's own transaction, so the log entry and the change
commit together or not at all. Login events are logged too (without bumping the data version).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import duckdb
import pandas as pd

from core.storage.db import Database

ACTIONS = (
    "upload",
    "undo",
    "correction",
    "boundaries",
    "exit",
    "relapse",
    "scenario_save",
    "scenario_adopt",
    "criteria_change",
    "settings_change",
    "user_create",
    "user_update",
    "password_change",
    "password_reset",
    "login",
    "login_failed",
    "locked",
    "logout",
    "task",
)


def _json(value: Any) -> str | None:
    if value is None:
        return None

    def default(obj: Any) -> Any:
        if isinstance(obj, (date, datetime, pd.Timestamp)):
            return obj.isoformat()
        if hasattr(obj, "item"):
            return obj.item()
        return str(obj)

    return json.dumps(value, ensure_ascii=False, default=default, sort_keys=True)


def record(
    cur: duckdb.DuckDBPyConnection,
    actor: str,
    action: str,
    target: str | None = None,
    summary: str | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    """Log one write, inside the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action!r}")
    cur.execute(
        "INSERT INTO audit_log (actor, action, target, summary, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        [actor or "system", action, target, summary, _json(before), _json(after)],
    )


def entries(
    db: Database,
    actor: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = 1000,
) -> pd.DataFrame:
    """The log, newest first, filtered by who, what and when (each optional)."""
    sql = (
        "SELECT id, logged_at, actor, action, target, summary, before, after FROM audit_log "
        "WHERE ($actor IS NULL OR actor = $actor) AND ($action IS NULL OR action = $action) "
        "AND ($since IS NULL OR logged_at >= CAST($since AS DATE)) "
        "AND ($until IS NULL OR logged_at < CAST($until AS DATE) + INTERVAL 1 DAY) "
        "ORDER BY id DESC"
    )
    params: dict[str, Any] = {"actor": actor or None, "action": action or None, "since": since, "until": until}
    if limit is not None:
        sql += " LIMIT $limit"
        params["limit"] = int(limit)
    return db.query_df(sql, params)


def actors(db: Database) -> list[str]:
    return [str(r[0]) for r in db.query_rows("SELECT DISTINCT actor FROM audit_log ORDER BY actor")]
