"""Build test databases from small text tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from core.access.accounts import STAFF, User
from core.storage.db import Database


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def load_round(db: Database, area: str, start: str, months: int, status: str = "in_progress") -> int:
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO rounds (area_code, start_month, planned_months, status) VALUES (?, ?, ?, ?) RETURNING id",
            [area, _month(start), months, status],
        ).fetchone()
    assert row is not None
    return int(row[0])


def load_values(db: Database, area: str, table: str) -> None:
    """`table` is whitespace-separated text: a header `month ind1 ind2 ...`, then one line per month.
    A `.` leaves that cell out (not reported)."""
    lines = [line.split() for line in table.strip().splitlines() if line.strip() and not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    with db.transaction() as cur:
        for row in rows:
            month = _month(row[0])
            for indicator, cell in zip(header[1:], row[1:], strict=True):
                if cell != ".":
                    # No primary key on indicator_values (migration 007): replace as the writers in core do.
                    cur.execute(
                        "DELETE FROM indicator_values WHERE area_code = ? AND month = ? AND indicator = ?",
                        [area, month, indicator],
                    )
                    cur.execute(
                        "INSERT INTO indicator_values (area_code, month, indicator, value) VALUES (?, ?, ?, ?)",
                        [area, month, indicator, float(cell)],
                    )


# Every criterion met over Jan-Mar 2024 for a 3-month round starting 2024-01; the baseline
# (Oct-Dec 2023) has 37 crimes and the window 13: Tân An's 13/37 (seed 003).
GOOD_ROUND = """
month   crimes crimes_solved reports_received reports_resolved serious_crimes serious_crimes_solved released_persons released_reoffended gangs black_credit_cases new_hotspots active_hotspots households households_informed mass_models political_system_ok self_management_ok
2023-10 12     10            .                .                .              .                     .                .                   .     .                  .            3               .          .                   .           .                   .
2023-11 12     11            .                .                .              .                     .                .                   .     .                  .            3               .          .                   .           .                   .
2023-12 13     12            .                .                .              .                     .                .                   .     .                  .            3               .          .                   .           .                   .
2024-01 5      5             4                4                0              0                     3                0                   0     0                  0            2               1600       1200                1           1                   1
2024-02 4      4             3                3                0              0                     2                1                   0     0                  0            1               1600       1500                1           1                   1
2024-03 4      3             2                2                0              0                     3                0                   0     0                  0            0               1600       1600                2           1                   1
"""


def staff(username: str, province: str | None = None, commune: str | None = None) -> User:
    """A staff account as the core functions see it (not stored: for calls that take an actor)."""
    return User(username, username, STAFF, province, commune)


def app_test(user: str | None = "quantri") -> AppTest:
    """The app as AppTest runs it, logged in as `user` (the demo database's admin by default)."""
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    if user:
        at.session_state["_user"] = user
    return at


def spy_fast_path(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Watch the importer's fast path: the list gets, for each file planned, whether the fast path
    took it (False: the file went the ordinary way)."""
    from core import importer

    taken: list[bool] = []
    fast = importer._fast_long

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = fast(*args, **kwargs)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(importer, "_fast_long", spy)
    return taken


class DeferredFiles:
    """The files of the download buttons AppTest drew, fetched as Streamlit's server fetches one on a
    click: `MediaFileManager.execute_deferred` on a thread of its own, outside the page's script."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from streamlit.runtime.media_file_manager import MediaFileManager

        self.managers: dict[str, MediaFileManager] = {}
        original = MediaFileManager.add_deferred

        def spy(manager: MediaFileManager, *args: Any, **kwargs: Any) -> str:
            file_id = original(manager, *args, **kwargs)
            self.managers[file_id] = manager
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", spy)

    def fetch(self, at: AppTest, key: str) -> bytes:
        """The file of the button keyed `key` (MediaFileStorageError when its builder gives none)."""
        from concurrent.futures import ThreadPoolExecutor

        file_id = at.download_button(key=key).proto.deferred_file_id
        assert file_id, "not a deferred download"
        manager = self.managers[file_id]
        with ThreadPoolExecutor(1) as pool:
            url = pool.submit(manager.execute_deferred, file_id).result()
        return manager._storage.get_file(url.rsplit("/", 1)[1]).content  # type: ignore[attr-defined,no-any-return]
