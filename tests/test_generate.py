"""The synthetic generator: sizes, determinism, a spread of round states, realistic figures, and the
criteria engine running on what it makes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.domain.criteria import EXITED, IN_PROGRESS, PLANNED, READY, RELAPSED, latest_month, round_status
from core.seed.demo import LAST_MONTH
from core.seed.generate import GenerateRefused, generate
from core.storage.db import Database
from tests.test_cli import run_cli

SMALL = {"communes": 30, "months": 12, "villages_per_commune": 3, "hotspots": 200}

CHECKSUMS = {
    "areas": "SELECT sum(hash(code, name, parent_code, lat, lon, households, population)) FROM areas",
    "rounds": "SELECT sum(hash(area_code, programme, start_month, planned_months, decision_no, decision_date, "
    "exit_decision_no, exit_decision_date, status, relapsed_month)) FROM rounds",
    "values": "SELECT sum(hash(area_code, month, indicator, value)) FROM indicator_values",
    "hotspots": "SELECT sum(hash(id, area_code, type, name, lat, lon, found_on, eliminated_on)) FROM hotspots",
}


def build(template: Path, path: Path, seed: int = 138, **sizes: int) -> Database:
    shutil.copy(template, path)
    db = Database(path)
    generate(db, seed=seed, **{**SMALL, **sizes})
    return db


@pytest.fixture(scope="module")
def small(initialised_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = build(initialised_db_file, tmp_path_factory.mktemp("gen") / "small.duckdb")
    yield db
    db.close()


def checksums(db: Database) -> dict[str, int]:
    return {name: int(db.query_value(sql)) for name, sql in CHECKSUMS.items()}


def test_counts(small: Database) -> None:
    counts = small.table_counts()
    assert small.query_value("SELECT count(*) FROM areas WHERE level = 'village'") == 30 * 3
    assert counts["hotspots"] == 200
    communes_with_round = small.query_value(
        "SELECT count(DISTINCT area_code) FROM rounds r JOIN areas a ON a.code = r.area_code WHERE a.level = 'commune'"
    )
    assert communes_with_round == 30
    assert counts["rounds"] >= 30
    # Every round's area has every indicator for every month.
    assert counts["indicator_values"] == counts["rounds"] * 12 * counts["indicators"]
    first, last = small.query_rows("SELECT min(month), max(month) FROM indicator_values")[0]
    assert last == LAST_MONTH and (last.year - first.year) * 12 + last.month - first.month == 11
    # Villages hang under the picked communes and add up to their households.
    orphans = small.query_value(
        "SELECT count(*) FROM areas v LEFT JOIN areas c ON c.code = v.parent_code "
        "WHERE v.level = 'village' AND (c.level IS DISTINCT FROM 'commune' OR c.code NOT IN (SELECT area_code FROM rounds))"
    )
    assert orphans == 0
    mismatched = small.query_value(
        "SELECT count(*) FROM areas c WHERE c.level = 'commune' AND c.code IN (SELECT area_code FROM rounds) "
        "AND c.households <> (SELECT sum(households) FROM areas v WHERE v.parent_code = c.code)"
    )
    assert mismatched == 0
    assert small.get_meta("synthetic") == "138" and not small.is_demo()


def test_same_seed_same_data_and_another_seed_differs(
    small: Database, initialised_db_file: Path, tmp_path: Path
) -> None:
    again = build(initialised_db_file, tmp_path / "again.duckdb")
    other = build(initialised_db_file, tmp_path / "other.duckdb", seed=7)
    try:
        assert checksums(again) == checksums(small)
        differs = checksums(other)
        assert all(differs[name] != value for name, value in checksums(small).items())
    finally:
        again.close()
        other.close()


def test_round_states_spread(initialised_db_file: Path, tmp_path: Path) -> None:
    db = build(initialised_db_file, tmp_path / "spread.duckdb", communes=300, villages_per_commune=1, hotspots=0)
    try:
        status = round_status(db, latest_month(db))
        counts = status["status"].value_counts()
        assert set(counts.index) == {PLANNED, IN_PROGRESS, READY, EXITED, RELAPSED}
        # Most rounds under way, some ready, some exited, a few relapsed.
        assert counts[IN_PROGRESS] > len(status) / 3
        assert counts[READY] >= 10 and counts[EXITED] >= 10 and 3 <= counts[RELAPSED] < counts[EXITED]
        # Lagging rounds fail on different criteria.
        failed = set(" ".join(status.loc[status["status"] == IN_PROGRESS, "failed"]).split())
        assert {"C02", "C04", "C06", "C10"} <= failed
        assert db.query_value("SELECT count(DISTINCT programme) FROM rounds") == 2
    finally:
        db.close()


def test_figures_in_realistic_ranges(small: Database) -> None:
    rows = small.query_rows(
        "SELECT a.level, sum(v.value) FILTER (WHERE indicator = 'crimes_solved') "
        "/ sum(v.value) FILTER (WHERE indicator = 'crimes'), "
        "max(v.value) FILTER (WHERE indicator = 'crimes'), "
        "bool_and(v.value >= 0), "
        "bool_and(v.value IN (0, 1)) FILTER (WHERE indicator IN ('political_system_ok', 'self_management_ok')) "
        "FROM indicator_values v JOIN areas a ON a.code = v.area_code GROUP BY a.level"
    )
    for level, detection, most_crimes, non_negative, flags in rows:
        assert 0.65 <= detection <= 0.97, level
        assert most_crimes <= 25
        assert non_negative and flags
    # Parts never exceed their wholes.
    over = small.query_value(
        "SELECT count(*) FROM (PIVOT (SELECT area_code, month, indicator, value FROM indicator_values) "
        "ON indicator USING first(value) GROUP BY area_code, month) "
        "WHERE crimes_solved > crimes OR reports_resolved > reports_received OR serious_crimes > crimes "
        "OR released_reoffended > released_persons OR households_informed > households "
        "OR serious_crimes_solved > serious_crimes"
    )
    assert over == 0
    lat = small.query_rows("SELECT min(lat), max(lat), min(lon), max(lon) FROM hotspots")[0]
    assert lat[0] >= 8 and lat[1] <= 24 and lat[2] >= 102 and lat[3] <= 118
    assert small.query_value("SELECT count(*) FROM hotspots WHERE eliminated_on <= found_on") == 0
    assert 0 < small.query_value("SELECT count(*) FROM hotspots WHERE eliminated_on IS NULL") < 200


def test_criteria_engine_finds_ready_communes(small: Database) -> None:
    status = round_status(small, latest_month(small))
    assert len(status) == small.query_value("SELECT count(*) FROM rounds")
    assert status["ready"].sum() >= 1
    assert (status["status"] == IN_PROGRESS).sum() >= 5


def test_refuses_bad_sizes_and_a_database_with_data(small: Database, db: Database) -> None:
    with pytest.raises(GenerateRefused, match="số xã"):
        generate(db, communes=4000)
    with pytest.raises(GenerateRefused, match="số tháng"):
        generate(db, months=6)
    with pytest.raises(GenerateRefused, match="đã có số liệu"):
        generate(small, **SMALL)


def test_cli_generate(tmp_path: Path) -> None:
    path = tmp_path / "g.duckdb"
    args = ["generate", "--db", str(path), "--communes", "12", "--months", "12", "--villages-per-commune", "2"]
    result = run_cli(*args, "--hotspots", "50", "--seed", "5")
    assert result.returncode == 0, result.stderr
    assert "12 xã, 24 thôn" in result.stdout and "50 điểm, tụ điểm" in result.stdout
    again = run_cli(*args)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr
    assert run_cli(*args, "--force").returncode == 0
    refused = run_cli("generate", "--db", str(tmp_path / "x.duckdb"), "--communes", "99999")
    assert refused.returncode == 1 and "3321" in refused.stderr and not (tmp_path / "x.duckdb").exists()
    assert run_cli("generate", "--db", str(path), "--months", "abc").returncode == 2
    status = run_cli("status", "--db", str(path), "--format", "csv")
    assert status.returncode == 0 and len(status.stdout.splitlines()) >= 13


def test_every_page_runs_on_generated_data_and_says_it_is_synthetic(
    initialised_db_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.helpers import app_test

    path = tmp_path / "pages.duckdb"
    build(initialised_db_file, path).close()
    monkeypatch.setenv("CHUYENHOA_DB", str(path))
    at = app_test("admin").run()  # the admin `init` created
    assert not at.exception
    assert any("DỮ LIỆU TỔNG HỢP" in w.value for w in at.warning)
    assert not any("DỮ LIỆU MẪU" in w.value for w in at.warning)
    for page in ("area", "exit_review", "map", "whatif", "report", "upload", "admin"):
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, page
