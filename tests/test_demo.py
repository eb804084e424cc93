"""The demo database tells the story its docstring promises, the same way every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain.criteria import criterion_results, round_status
from core.seed.demo import LAST_MONTH, build_demo
from core.storage.db import Database


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, initialised_db_file: Path) -> Database:
    import shutil

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    shutil.copy(initialised_db_file, path)
    db = Database(path)
    build_demo(db)
    return db


def test_demo_statuses_at_latest_month(demo_db: Database) -> None:
    status = round_status(demo_db, LAST_MONTH).set_index("area_code")
    assert status["status"].to_dict() == {
        "03408": "in_progress",
        "03478": "ready",
        "03503": "relapsed",
        "03508": "in_progress",
        "03508-PH": "ready",
        "03529": "in_progress",
        "03538": "exited",
        "03544": "in_progress",
        "03549": "planned",
    }
    assert status.loc["03529", "failed"] == "C02 C10"
    assert status.loc["03544", "failed"] == "C04 C06"
    assert status.loc["03508", "all_met"] and not status.loc["03508", "duration_elapsed"]
    assert status.loc["03408", "programme"] == "ANTT"
    assert status.loc["03538", "exit_decision_no"] == "15/QĐ-BCĐ"


def test_demo_is_deterministic(demo_db: Database, initialised_db_file: Path, tmp_path: Path) -> None:
    import shutil

    other_path = tmp_path / "again.duckdb"
    shutil.copy(initialised_db_file, other_path)
    with Database(other_path) as other:
        build_demo(other)
        first = criterion_results(demo_db, LAST_MONTH)[["round_id", "code", "value", "state"]]
        second = criterion_results(other, LAST_MONTH)[["round_id", "code", "value", "state"]]
    assert first.equals(second)


def test_demo_is_marked_and_has_villages_and_hotspots(demo_db: Database) -> None:
    assert demo_db.is_demo()
    villages = demo_db.query_value("SELECT count(*) FROM areas WHERE level = 'village' AND parent_code = '03478'")
    assert villages == 3
    hotspots = demo_db.query_rows("SELECT count(*), count(lat), min(lat), max(lat) FROM hotspots")[0]
    assert hotspots[0] == hotspots[1] >= 30
    assert hotspots[2] > 21.9 and hotspots[3] < 22.6  # near the Lai Châu communes
    months = demo_db.query_value("SELECT count(DISTINCT month) FROM indicator_values")
    assert months == 24


def test_demo_refuses_a_database_with_data(demo_db: Database) -> None:
    with pytest.raises(ValueError, match="đã có số liệu"):
        build_demo(demo_db)
