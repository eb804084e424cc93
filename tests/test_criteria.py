"""The criteria engine against the definitions of shared/domain.md and the seeds' figures."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from core.domain.criteria import (
    MET,
    NO_DATA,
    NO_OVERRIDES,
    NOT_ARISEN,
    NOT_MET,
    Overrides,
    criterion_results,
    latest_month,
    round_status,
)
from core.storage.db import Database
from tests.helpers import GOOD_ROUND, load_round, load_values

MARCH = date(2024, 3, 1)


def results_by_code(db: Database, month: date = MARCH, overrides: Overrides = NO_OVERRIDES) -> dict[str, dict]:
    frame = criterion_results(db, month, overrides)
    return {row["code"]: row for row in frame.to_dict("records")}


@pytest.fixture
def good(db: Database) -> Database:
    load_round(db, "03478", "2024-01", 3)
    load_values(db, "03478", GOOD_ROUND)
    return db


def test_tan_an_reduction_13_of_37_meets_c04(good: Database) -> None:
    c04 = results_by_code(good)["C04"]
    # 1 - (13/3) / (37/3) = 64.86%
    assert c04["value"] == pytest.approx(64.8649, abs=1e-3)
    assert c04["numerator_value"] == 13 and c04["denominator_value"] == 37
    assert c04["state"] == MET


def test_every_criterion_met_and_ready_after_duration(good: Database) -> None:
    results = results_by_code(good)
    assert {code: r["state"] for code, r in results.items()} == {
        "C01": MET, "C02": MET, "C03": NOT_ARISEN, "C04": MET, "C05": MET, "C06": MET, "C07": MET,
        "C08": MET, "C09": MET, "C10": MET, "C11": MET, "C12": MET, "C13": MET,
    }  # fmt: skip
    assert results["C02"]["value"] == pytest.approx(100 * 12 / 13)
    assert results["C05"]["value"] == pytest.approx(100 * 1 / 8)  # 12.5% < 15%
    assert results["C10"]["value"] == pytest.approx(100.0)  # latest month only: 1600/1600
    status = round_status(good, MARCH).iloc[0]
    assert status["ready"] and status["status"] == "ready" and status["failed"] == ""


def test_not_ready_before_planned_duration_elapses(db: Database) -> None:
    load_round(db, "03478", "2024-01", 6)
    load_values(db, "03478", GOOD_ROUND)
    status = round_status(db, MARCH).iloc[0]
    assert status["all_met"]
    assert not status["duration_elapsed"] and not status["ready"]
    assert status["status"] == "in_progress"


def test_five_of_ten_solved_fails_c02(db: Database) -> None:
    load_round(db, "03508", "2024-01", 2)
    load_values(db, "03508", "month crimes crimes_solved\n2024-01 6 3\n2024-02 4 2")
    c02 = results_by_code(db, date(2024, 2, 1))["C02"]
    assert c02["value"] == pytest.approx(50.0)
    assert c02["state"] == NOT_MET
    status = round_status(db, date(2024, 2, 1)).iloc[0]
    assert "C02" in status["failed"].split()


def test_a_gang_in_any_month_fails_c06(good: Database) -> None:
    load_values(good, "03478", "month gangs\n2024-02 1")
    c06 = results_by_code(good)["C06"]
    assert c06["value"] == 1 and c06["state"] == NOT_MET
    assert round_status(good, MARCH).iloc[0]["failed"] == "C06"


def test_zero_serious_crimes_is_khong_phat_sinh_not_a_percentage(good: Database) -> None:
    c03 = results_by_code(good)["C03"]
    assert c03["state"] == NOT_ARISEN
    assert c03["value"] != c03["value"]  # NaN: neither 0% nor 100%


def test_missing_figures_are_no_data_and_not_met(db: Database) -> None:
    load_round(db, "03529", "2024-01", 1)
    load_values(db, "03529", "month crimes crimes_solved\n2024-01 2 2")
    results = results_by_code(db, date(2024, 1, 1))
    assert results["C01"]["state"] == NO_DATA
    assert results["C04"]["state"] == NO_DATA  # no baseline months
    assert results["C02"]["state"] == MET
    status = round_status(db, date(2024, 1, 1)).iloc[0]
    assert not status["ready"]
    assert status["failed"].split()[:2] == ["C01", "C03"]


def test_baseline_is_same_number_of_months_before_start(db: Database) -> None:
    load_round(db, "03544", "2024-03", 2)
    # Baseline for Mar-Apr is Jan-Feb; December must not count.
    load_values(db, "03544", "month crimes\n2023-12 100\n2024-01 4\n2024-02 6\n2024-03 5\n2024-04 4")
    c04 = results_by_code(db, date(2024, 4, 1))["C04"]
    assert c04["denominator_value"] == 10
    assert c04["value"] == pytest.approx(100 * (1 - 4.5 / 5))  # 10% reduction
    assert c04["state"] == MET


def test_crimes_rising_from_zero_fails_c04(db: Database) -> None:
    load_round(db, "03544", "2024-02", 1)
    load_values(db, "03544", "month crimes\n2024-01 0\n2024-02 2")
    assert results_by_code(db, date(2024, 2, 1))["C04"]["state"] == NOT_MET


def test_zero_before_and_during_is_khong_phat_sinh_for_c04(db: Database) -> None:
    load_round(db, "03544", "2024-02", 1)
    load_values(db, "03544", "month crimes\n2024-01 0\n2024-02 0")
    assert results_by_code(db, date(2024, 2, 1))["C04"]["state"] == NOT_ARISEN


def test_hotspots_must_fall_from_round_start(db: Database) -> None:
    load_round(db, "03544", "2024-02", 2)
    load_values(db, "03544", "month active_hotspots\n2024-01 2\n2024-02 2\n2024-03 2")
    assert results_by_code(db, date(2024, 3, 1))["C09"]["state"] == NOT_MET
    load_values(db, "03544", "month active_hotspots\n2024-03 1")
    assert results_by_code(db, date(2024, 3, 1))["C09"]["state"] == MET


def test_target_override_changes_result_without_touching_database(good: Database) -> None:
    before = good.data_version()
    strict = Overrides(targets={"C04": 70.0})
    assert results_by_code(good, overrides=strict)["C04"]["state"] == NOT_MET
    assert round_status(good, MARCH, strict).iloc[0]["failed"] == "C04"
    assert good.query_value("SELECT target FROM criteria WHERE code = 'C04'") == 5.0
    assert good.data_version() == before


def test_waiving_a_criterion_makes_it_not_required(good: Database) -> None:
    load_values(good, "03478", "month gangs\n2024-02 1")
    waived = Overrides(required={"C06": False})
    status = round_status(good, MARCH, waived).iloc[0]
    assert status["ready"]


def test_comparison_override_is_validated() -> None:
    with pytest.raises(ValueError):
        Overrides(comparisons={"C02": "=>"}).params()


def test_round_not_started_is_planned(good: Database) -> None:
    load_round(good, "03508", "2024-06", 6)
    status = round_status(good, MARCH).set_index("area_code")
    assert status.loc["03508", "status"] == "planned"
    assert not status.loc["03508", "ready"]


def test_exited_round_is_never_ready(good: Database) -> None:
    good.query_rows("UPDATE rounds SET status = 'exited'")
    status = round_status(good, MARCH).iloc[0]
    assert status["status"] == "exited" and status["all_met"] and not status["ready"]


def test_province_changes_target_in_database(good: Database) -> None:
    with good.transaction() as cur:
        cur.execute("UPDATE criteria SET target = 99 WHERE code = 'C02'")
    assert results_by_code(good)["C02"]["state"] == NOT_MET  # 92.3% < 99%


def test_latest_month_with_data(good: Database) -> None:
    assert latest_month(good) == MARCH


def test_eligible_since_is_the_start_of_the_last_unbroken_ready_run(db: Database) -> None:
    load_round(db, "03478", "2024-01", 2)
    load_values(db, "03478", GOOD_ROUND)
    # The 2 months are over in February, but C10 is 1500/1600 then: ready from March.
    status = round_status(db, MARCH).iloc[0]
    assert status["ready"]
    assert status["eligible_since"] == pd.Timestamp("2024-03-01")


def _exit(db: Database, decision_date: str) -> None:
    with db.transaction() as cur:
        cur.execute(
            "UPDATE rounds SET status = 'exited', exit_decision_no = '15/QĐ-BCĐ', exit_decision_date = ?",
            [date.fromisoformat(decision_date)],
        )


def test_a_gang_after_exit_is_a_relapse_within_the_watch(good: Database) -> None:
    _exit(good, "2024-03-20")
    calm = "month crimes crimes_solved gangs new_hotspots active_hotspots\n2024-04 1 1 0 0 0\n2024-05 0 0 0 0 0"
    load_values(good, "03478", calm)
    status = round_status(good, date(2024, 5, 1)).iloc[0]
    assert status["status"] == "exited" and not status["relapse_detected"]
    assert status["watch_until"] == pd.Timestamp("2025-03-01")
    load_values(good, "03478", "month gangs\n2024-05 1")
    status = round_status(good, date(2024, 5, 1)).iloc[0]
    assert status["status"] == "relapsed"
    assert status["relapse_month"] == pd.Timestamp("2024-05-01")
    assert status["relapse_failed"] == "C06"


def test_breaks_after_the_watch_are_not_a_relapse(good: Database) -> None:
    _exit(good, "2024-03-20")
    with good.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('watch_months', '1')")
    load_values(good, "03478", "month gangs crimes crimes_solved\n2024-04 0 1 1\n2024-05 1 1 1")
    assert round_status(good, date(2024, 5, 1)).iloc[0]["status"] == "exited"


def test_status_at_a_month_before_the_exit_decision(good: Database) -> None:
    _exit(good, "2024-05-10")
    load_values(good, "03478", "month crimes crimes_solved\n2024-04 1 1\n2024-05 1 1")
    assert round_status(good, MARCH).iloc[0]["status"] == "ready"
    assert round_status(good, date(2024, 5, 1)).iloc[0]["status"] == "exited"
